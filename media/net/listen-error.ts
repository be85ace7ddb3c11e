/**
 * A server that could not listen, said in words a person can act on, with the facts kept apart
 * (which server, which address, why) so the studio can say it again in the user's language.
 */
export type ListenFailure = 'in-use' | 'address-unavailable' | 'other';

export class ListenError extends Error {
  constructor(
    message: string,
    readonly server: 'RTMP' | 'HTTP',
    readonly host: string,
    readonly port: number,
    readonly failure: ListenFailure,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

/** The relay's RTMP or HTTP listener failed with `err` on host:port. */
export function listenError(server: 'RTMP' | 'HTTP', host: string, port: number, err: NodeJS.ErrnoException): ListenError {
  const flag = server === 'RTMP' ? '--rtmp-port' : '--http-port';
  if (err.code === 'EADDRINUSE') {
    const who = server === 'RTMP' ? 'another relay, nginx-rtmp or a previous Danmu Studio?' : 'another relay or web server?';
    return new ListenError(`${server} port ${host}:${port} is already in use (${who}). Stop that process or choose another port with ${flag}.`, server, host, port, 'in-use');
  }
  if (err.code === 'EADDRNOTAVAIL') {
    return new ListenError(`${server} server could not listen on ${host}:${port}: ${host} is not an address of this computer. Use 127.0.0.1, 0.0.0.0 or one of this computer's addresses with --host.`, server, host, port, 'address-unavailable');
  }
  return new ListenError(`${server} server could not listen on ${host}:${port}: ${err.message}`, server, host, port, 'other');
}
