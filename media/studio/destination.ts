/**
 * Before a forwarder's ffmpeg starts: find the destination's server and see that it answers, in Node.
 * Two reasons. The bundled static ffmpeg crashes (SIGSEGV) on any host name lookup on glibc systems,
 * so ffmpeg is given the address and the original URL only as the RTMP tcUrl (which CDNs route on).
 * And a person needs the cause in plain words: the name does not exist (DNS), the server refused,
 * it did not answer, no route; Node's error codes say exactly that, ffmpeg's log rarely does.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import type { OutputErrorCode } from '../../common/pipeline';

export interface RtmpTarget {
  proto: 'rtmp' | 'rtmps';
  host: string;
  port: number;
  /** What ffmpeg takes as the application: the first path element. */
  app: string;
  /** The rest (stream name, query): the playpath. */
  rest: string;
}

/** rtmp[s]://host[:port]/app[/rest] -> parts, or null when it is not such a URL. */
export function parseRtmpUrl(url: string): RtmpTarget | null {
  const m = /^(rtmps?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d{1,5}))?\/([^/?#]*)\/?(.*)$/i.exec(url);
  if (!m) return null;
  const proto = (m[1] as string).toLowerCase() as 'rtmp' | 'rtmps';
  return { proto, host: (m[2] as string).replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : proto === 'rtmps' ? 443 : 1935, app: m[4] ?? '', rest: m[5] ?? '' };
}

/** The URL ffmpeg publishes to (the address instead of the name) and the tcUrl it announces (the name). */
export function addressedUrl(t: RtmpTarget, address: string): { url: string; tcUrl: string } {
  const host = (h: string) => (h.includes(':') ? `[${h}]` : h);
  return {
    url: `${t.proto}://${host(address)}:${t.port}/${t.app}${t.rest ? `/${t.rest}` : ''}`,
    tcUrl: `${t.proto}://${host(t.host)}:${t.port}/${t.app}`,
  };
}

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
 * Resolves the host and opens (then closes) a TCP connection to it. Resolves with the address to use;
 * rejects with a DestinationError naming the cause.
 */
export async function reachDestination(t: RtmpTarget, timeoutMs = 5000): Promise<string> {
  let address: string;
  try {
    address = net.isIP(t.host) ? t.host : (await dns.lookup(t.host)).address;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new DestinationError('dns', t.host, `The server name ${t.host} could not be found (${code || (err as Error).message}).`);
  }
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
