/** Serves a session's recording over node:http with Range support (the browser bridge's route). */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StudioError } from '../../common/studio-api';
import { parseRange, rangeHeaders } from './range';
import type { RecordingMedia } from './recording-media';

export async function serveRecording(media: RecordingMedia, sessionId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let f;
  try {
    f = await media.open(sessionId);
  } catch (err) {
    const status = err instanceof StudioError && err.code === 'not_found' ? 404 : err instanceof StudioError && err.code === 'invalid' ? 415 : 500;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(JSON.stringify({ ok: false, error: { code: err instanceof StudioError ? err.code : 'internal', message: (err as Error).message } }));
    return;
  }
  const range = parseRange(req.headers.range, f.size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { 'content-range': `bytes */${f.size}`, 'cache-control': 'no-store' });
    res.end();
    return;
  }
  const { status, headers } = rangeHeaders(range, f.size, f.mime);
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(f.file, range ? { start: range.start, end: range.end } : {});
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
