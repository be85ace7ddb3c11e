/**
 * A minimal static server for dist/web, so the overlay benchmark needs neither the relay nor the
 * room hub: it measures only the page's drawing. Serves /overlay/<room> like the relay does.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };

export async function serveWeb(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    void (async () => {
      try {
        const page = /^\/(room|overlay)\/[^/]+$/.exec(url.pathname);
        if (page) {
          const dir = page[1] === 'room' ? 'viewer' : 'overlay';
          const html = await readFile(path.join(root, dir, 'index.html'), 'utf8');
          res.writeHead(200, { 'content-type': TYPES['.html']! });
          res.end(html.replace('<head>', `<head><base href="/web/${dir}/">`));
          return;
        }
        if (!url.pathname.startsWith('/web/')) throw new Error('not found');
        const file = path.join(root, path.normalize(url.pathname.slice(5)).replace(/^(\.\.[/\\])+/, ''));
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { server, origin: `http://127.0.0.1:${port}` };
}
