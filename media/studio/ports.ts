import dgram from 'node:dgram';

/** A UDP port that was free a moment ago (the OS picks it); the encoder -> forwarder hop uses it. */
export async function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
