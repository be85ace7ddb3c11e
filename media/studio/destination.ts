/**
 * Before a forwarder's ffmpeg starts: find the destination's server and see that it answers, in Node,
 * for every output kind (the kind says host, port and transport: common/outputs/). Two reasons. The
 * bundled static ffmpeg crashes (SIGSEGV) on any host name lookup on glibc systems, so ffmpeg is
 * given the address and the kind keeps the original name where the protocol carries it (RTMP's tcUrl).
 * And a person needs the cause in plain words: the name does not exist (DNS), the server refused,
 * it did not answer, no route; Node's error codes say exactly that, ffmpeg's log rarely does.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import type { OutputTarget } from '../../common/outputs/kind';
import type { OutputErrorCode } from '../../common/pipeline';

export class DestinationError extends Error {
  constructor(readonly code: OutputErrorCode, readonly host: string, readonly detail: string) {
    super(detail);
    this.name = 'DestinationError';
  }
}

const BY_ERRNO: Record<string, OutputErrorCode> = {
  ENOTFOUND: 'dns', EAI_AGAIN: 'dns', EAI_NONAME: 'dns', EAI_FAIL: 'dns', ENODATA: 'dns',
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  EHOSTUNREACH: 'unreachable', ENETUNREACH: 'unreachable', EHOSTDOWN: 'unreachable',
  ECONNRESET: 'closed',
};

/**
 * Resolves the host and, for a TCP kind, opens (then closes) a connection to it. Resolves with the
 * address to use; rejects with a DestinationError naming the cause.
 */
export async function reachDestination(t: OutputTarget, timeoutMs = 5000): Promise<string> {
  let address: string;
  try {
    address = net.isIP(t.host) ? t.host : (await dns.lookup(t.host)).address;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new DestinationError('dns', t.host, `The server name ${t.host} could not be found (${code || (err as Error).message}).`);
  }
  if (t.transport !== 'tcp') return address;
  await new Promise<void>((resolve, reject) => {
    const sock = net.connect({ host: address, port: t.port });
    const done = (err?: DestinationError) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => done(new DestinationError('timeout', t.host, `${t.host} (${address}:${t.port}) did not answer within ${timeoutMs / 1000} s.`)), timeoutMs);
    sock.once('connect', () => done());
    sock.once('error', (err: NodeJS.ErrnoException) => {
      const code = BY_ERRNO[err.code ?? ''] ?? 'other';
      done(new DestinationError(code, t.host, `${t.host} (${address}:${t.port}): ${err.code ?? err.message}.`));
    });
  });
  return address;
}
