/**
 * The web pages the relay serves: the viewer page at /room/<room>, the OBS overlay at
 * /overlay/<room>, the remote moderator console at /mod/<room> (its token in the URL fragment),
 * and their built assets under /web/ (Vite output in dist/web).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { MIME_TYPES, safeJoin, sendError } from './http-util';
import type { HttpRoute } from './types';

const PAGE_PATH = /^\/(room|overlay|mod)\/([a-zA-Z0-9_-]{1,64})\/?$/;
const PAGE_DIR = { room: 'viewer', overlay: 'overlay', mod: 'console' } as const;

export interface PageRoutesDeps {
  webRoot: string;
  isKnownRoom: (room: string) => boolean;
  defaultRoom: () => string | undefined;
}

export function pageRoutes(deps: PageRoutesDeps): HttpRoute {
  return (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname === '/') {
      const room = deps.defaultRoom();
      if (!room) return false;
      res.writeHead(302, { Location: `/room/${room}` }).end();
      return true;
    }
    const page = PAGE_PATH.exec(url.pathname);
    if (page) {
      const kind = page[1] as keyof typeof PAGE_DIR;
      const room = page[2]!;
      if (!deps.isKnownRoom(room)) return sendError(res, 404, 'unknown_room', `There is no room "${room}" on this relay.`), true;
      servePage(req, res, deps.webRoot, PAGE_DIR[kind]);
      return true;
    }
    if (url.pathname.startsWith('/web/')) {
      const file = safeJoin(deps.webRoot, url.pathname.slice('/web/'.length));
      if (!file) return sendError(res, 400, 'bad_path', 'That path is not allowed.'), true;
      let size: number;
      try {
        const st = statSync(file);
        if (!st.isFile()) throw new Error('not a file');
        size = st.size;
      } catch {
        return sendError(res, 404, 'not_found', `No such file: ${url.pathname}`), true;
      }
      const type = MIME_TYPES[path.extname(file)] ?? 'application/octet-stream';
      // Vite fingerprints assets, so they can be cached for long; HTML is not under /web/ directly.
      const cache = url.pathname.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Cache-Control': cache, 'X-Content-Type-Options': 'nosniff' });
      if (req.method === 'HEAD') return res.end(), true;
      createReadStream(file).pipe(res);
      return true;
    }
    return false;
  };
}

/** Where `npm run build` puts the pages. */
export const DEFAULT_WEB_ROOT = path.resolve(__dirname, '../../dist/web');

/** Answers with a built page (`<webRoot>/<dir>/index.html`), or a 503 saying how to build it. */
export function servePage(req: IncomingMessage, res: ServerResponse, webRoot: string, dir: string): void {
  const file = path.join(webRoot, dir, 'index.html');
  if (!existsSync(file)) return sendError(res, 503, 'not_built', `The ${dir} page has not been built. Run "npm run build" and reload.`);
  // Pages are built with relative asset paths; a <base> makes them resolve under /web/<page>/.
  const html = readFileSync(file, 'utf8').replace(/<head>/i, `<head><base href="/web/${dir}/">`);
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
  res.end(req.method === 'HEAD' ? undefined : html);
}
