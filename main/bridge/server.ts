/**
 * Browser mode: the same studio core served to a browser over an authenticated loopback bridge.
 *   GET  /?token=…            sets the token cookie and redirects to /studio/ (the token leaves the URL)
 *   GET  /studio/…, /assets/… the built UI (dist/web), with the studio CSP
 *   POST /api/call/<method>   JSON {"arg": …} → StudioCallResult (validated with the contract's schemas)
 *   GET  /media/recordings/<room>/<seq>  a session's recording for the replay player (Range, MP4)
 *   socket.io namespace /studio: every StudioEvent as an "event" message
 * Everything needs the token (cookie or x-studio-token header) and a loopback Host header.
 * With a link store the token and port survive restarts (./link-store.ts) until the link is reset.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as IoServer } from 'socket.io';
import { BRIDGE_CALL_PATH, BRIDGE_EVENTS_NAMESPACE, sessionIdOfMediaPath, type StudioCallResult } from '../../common/studio-api';
import type { Logger } from '../../media/log';
import { BodyTooLargeError, readBody } from '../../media/relay/http-util';
import { serveRecording } from '../replay/http';
import type { RecordingMedia } from '../replay/recording-media';
import { buildCsp } from '../studio/csp';
import { dispatchStudioCall, errorResult, httpStatusFor, type StudioService } from '../studio/dispatch';
import { generateBridgeToken, hostAllowed, originAllowed, requestToken, tokenCookie, tokenMatches } from './auth';
import type { LinkStore } from './link-store';
import { resolveStatic, sendFile } from './static';

export interface BridgeOptions {
  api: StudioService;
  /** The built web pages folder (dist/web). */
  webRoot: string;
  log: Logger;
  /** Forced port (`--bridge-port`); absent = the link store's last port, else a free one. */
  port?: number | undefined;
  token?: string;
  /** Keeps token and port across restarts (browser mode); absent = a new random link each start. */
  link?: LinkStore | undefined;
  /** Relay origins for the page's CSP (media, XHR); read per request because the relay may move. */
  relayOrigins: () => string[];
  /** Sessions' recordings for the replay player (GET /media/recordings/<room>/<seq>, with Range). */
  recordings?: RecordingMedia | undefined;
}

export interface Bridge {
  readonly port: number;
  readonly token: string;
  /** What the person opens: http://127.0.0.1:PORT/?token=… */
  readonly url: string;
  readonly httpServer: Server;
  /** Why the link changed at this start (its saved port was taken), or null. */
  readonly note: string | null;
  /** A new token: every page, socket and link using the old one is refused from now on. Returns the new URL. */
  resetLink(): string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
  res.end(JSON.stringify(body));
}

async function handleCall(opts: BridgeOptions, req: IncomingMessage, res: ServerResponse, method: string, currentToken: () => string): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, errorResult('invalid', 'Use POST for studio calls.'));
  // A JSON content type cannot be sent by a plain HTML form: a second line of defence against CSRF.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return sendJson(res, 415, errorResult('invalid', 'Send the call as Content-Type: application/json.'));
  }
  let body: unknown;
  try {
    const text = (await readBody(req, MAX_BODY)).toString('utf8');
    body = text.trim() ? JSON.parse(text) : {};
  } catch (err) {
    // Connection: close lets Node drop the rest of an oversized upload after the sender has read why.
    if (err instanceof BodyTooLargeError) return sendJson(res, 413, errorResult('invalid', 'The request is larger than 1 MB.'), { connection: 'close' });
    return sendJson(res, 400, errorResult('invalid', 'The request body is not valid JSON.'));
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return sendJson(res, 400, errorResult('invalid', 'The request body must be a JSON object like {"arg": …}.'));
  }
  const result: StudioCallResult = await dispatchStudioCall(opts.api, method, (body as { arg?: unknown }).arg, opts.log);
  // The tab that reset the link keeps working: it gets the new token's cookie with the answer.
  if (method === 'resetStudioLink' && result.ok) res.setHeader('set-cookie', tokenCookie(currentToken()));
  sendJson(res, httpStatusFor(result), result);
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  let token = opts.link?.get().token ?? opts.token ?? generateBridgeToken();
  let port = 0;

  const httpServer = createServer((req, res) => {
    void route(req, res).catch((err: Error) => {
      opts.log.error(`bridge: ${req.method} ${req.url} failed: ${err.stack ?? err.message}`);
      if (!res.headersSent) sendJson(res, 500, errorResult('internal', 'The studio bridge failed to answer; see the studio log.'));
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) {
      return sendJson(res, 403, errorResult('forbidden', `Host "${req.headers.host ?? ''}" is not this studio. Open the studio at http://127.0.0.1:${port}/ .`));
    }
    if (!originAllowed(req.headers.origin, port)) {
      return sendJson(res, 403, errorResult('forbidden', 'Cross-origin requests are not allowed.'));
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null && req.method === 'GET' && tokenMatches(token, queryToken)) {
      // Trade the URL token for a cookie and drop it from the address bar and history.
      url.searchParams.delete('token');
      const target = url.pathname === '/' ? '/studio/' : url.pathname;
      res.writeHead(302, { location: target + (url.search || ''), 'set-cookie': tokenCookie(token), 'cache-control': 'no-store' });
      return void res.end();
    }
    if (!tokenMatches(token, requestToken(req.headers))) {
      return sendJson(res, 401, errorResult('forbidden', 'This studio needs its access token: open the full URL printed when the studio started (it ends with ?token=…).'));
    }
    if (url.pathname.startsWith(BRIDGE_CALL_PATH)) return handleCall(opts, req, res, url.pathname.slice(BRIDGE_CALL_PATH.length), () => token);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, errorResult('invalid', 'Method not allowed.'));
    const replayOf = sessionIdOfMediaPath(url.pathname);
    if (replayOf && opts.recordings) return serveRecording(opts.recordings, replayOf, req, res);
    if (url.pathname === '/') {
      res.writeHead(302, { location: '/studio/' });
      return void res.end();
    }
    const file = resolveStatic(opts.webRoot, url.pathname);
    if (!file) return sendJson(res, 404, errorResult('not_found', `No such page: ${url.pathname}`));
    const headers: Record<string, string> = { 'referrer-policy': 'no-referrer' };
    if (file.endsWith('.html')) {
      headers['content-security-policy'] = buildCsp({ relayOrigins: opts.relayOrigins(), connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
      headers['x-frame-options'] = 'DENY';
    }
    sendFile(res, file, headers);
  }

  const io = new IoServer(httpServer, {
    serveClient: false,
    // Same checks as HTTP: loopback Host, our Origin, the token cookie (or auth header) — before the upgrade.
    allowRequest: (req, cb) => {
      const ok = hostAllowed(req.headers.host, port) && originAllowed(req.headers.origin, port) && tokenMatches(token, requestToken(req.headers));
      cb(ok ? null : 'unauthorized', ok);
    },
  });
  const nsp = io.of(BRIDGE_EVENTS_NAMESPACE);
  const unsubscribe = opts.api.onEvent((event) => nsp.emit('event', event));

  const listen = (p: number) => new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(p, '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const saved = opts.port === undefined ? (opts.link?.get().port ?? null) : null;
  let note: string | null = null;
  try {
    await listen(opts.port ?? saved ?? 0);
  } catch (err) {
    if (saved === null || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    note = `Port ${saved} of the studio link is in use by another program, so the studio moved to a free port: open the new link printed below (bookmarks of the old one will not work).`;
    await listen(0);
  }
  port = (httpServer.address() as AddressInfo).port;
  opts.link?.setPort(port);
  const urlOf = () => `http://127.0.0.1:${port}/?token=${token}`;
  opts.log.info(`browser bridge listening on http://127.0.0.1:${port}/`);

  return {
    port,
    get token() { return token; },
    get url() { return urlOf(); },
    httpServer,
    note,
    resetLink: () => {
      token = opts.link ? opts.link.reset().token : generateBridgeToken();
      // Open pages re-authenticate on their next request; sockets holding the old token go now.
      nsp.disconnectSockets(true);
      opts.log.info('the studio link was reset: the old link no longer works');
      return urlOf();
    },
    close: async () => {
      unsubscribe();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
