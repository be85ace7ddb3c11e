/** Serves the built web pages (dist/web) read-only, never outside that folder. */
import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { MIME_TYPES, safeJoin } from '../../media/relay/http-util';

/** Resolves a URL path inside root (a folder path gets its index.html); null when missing or outside. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let file = safeJoin(path.resolve(root), urlPath);
  if (!file) return null;
  try {
    if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

export function sendFile(res: ServerResponse, file: string, headers: Record<string, string> = {}): void {
  const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache', ...headers });
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}
