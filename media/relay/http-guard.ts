/**
 * Bounds for the relay's public HTTP server: per-address concurrent connections (trusted reverse
 * proxies exempt: they carry many clients), a deadline for the first byte (Node only times out
 * requests once their headers start), Node's header/request/keep-alive timeouts, and an answer for
 * every Upgrade request nobody claimed (socket.io attaches with `destroyUpgrade: false`, so without
 * this an upgrade to an unknown path would hold its socket forever).
 */
import type http from 'node:http';
import type net from 'node:net';
import { addressKey, isTrustedProxy, PerAddressLimiter } from '../net/client-address';
import type { RelayLimits } from './limits';
import type { LogThrottle } from './log-throttle';

export interface HttpGuard {
  /** Let Upgrade requests below this path prefix through (e.g. '/socket.io/'). */
  allowUpgradePath(prefix: string): void;
  /** Open connections now (for tests and status). */
  readonly connections: number;
}

export function guardHttpServer(server: http.Server, limits: RelayLimits, trustedProxies: readonly string[], warn: LogThrottle): HttpGuard {
  server.headersTimeout = limits.httpHeadersTimeoutMs;
  server.requestTimeout = Math.max(limits.httpRequestTimeoutMs, limits.httpHeadersTimeoutMs);
  server.keepAliveTimeout = limits.httpKeepAliveTimeoutMs;
  const perAddress = new PerAddressLimiter(limits.httpConnectionsPerAddress);
  const upgradePaths: string[] = [];
  let open = 0;

  server.on('connection', (socket: net.Socket) => {
    const ip = socket.remoteAddress ?? '';
    if (!isTrustedProxy(ip, trustedProxies)) {
      const release = perAddress.acquire(addressKey(ip));
      if (!release) {
        warn.warn(`HTTP connection from ${ip} refused: ${limits.httpConnectionsPerAddress} connections from this address already open`);
        socket.destroy();
        return;
      }
      socket.once('close', release);
    }
    open++;
    socket.once('close', () => open--);
    // A socket that never sends a byte is not seen by Node's request timeouts.
    const firstByte = setTimeout(() => {
      if (socket.bytesRead === 0 && !socket.destroyed) socket.destroy();
    }, limits.httpHeadersTimeoutMs);
    firstByte.unref();
    socket.once('close', () => clearTimeout(firstByte));
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (upgradePaths.some((p) => path.startsWith(p))) return; // its owner (socket.io) answers it
    const body = JSON.stringify({ error: 'not_found', message: `No WebSocket endpoint at ${path.slice(0, 200)}.` });
    socket.on('error', () => {});
    socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    // end() flushes the answer; the socket is destroyed even if the client never reads it.
    setTimeout(() => socket.destroy(), 1000).unref();
  });

  return {
    allowUpgradePath: (prefix) => { upgradePaths.push(prefix); },
    get connections() { return open; },
  };
}
