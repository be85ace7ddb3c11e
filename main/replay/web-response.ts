/**
 * A session's recording as a fetch `Response` with Range support, for Electron's app:// scheme
 * (protocol.handle answers with web Responses). Web-standard only, so it runs and is tested in Node.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { StudioError } from '../../common/studio-api';
import { parseRange, rangeHeaders } from './range';
import type { RecordingMedia } from './recording-media';

export async function recordingResponse(media: RecordingMedia, sessionId: string, req: { method: string; headers: Headers }): Promise<Response> {
  let f;
  try {
    f = await media.open(sessionId);
  } catch (err) {
    const code = err instanceof StudioError ? err.code : 'internal';
    const status = code === 'not_found' ? 404 : code === 'invalid' ? 415 : 500;
    return Response.json({ ok: false, error: { code, message: (err as Error).message } }, { status, headers: { 'cache-control': 'no-store' } });
  }
  const range = parseRange(req.headers.get('range'), f.size);
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { 'content-range': `bytes */${f.size}` } });
  const { status, headers } = rangeHeaders(range, f.size, f.mime);
  if (req.method === 'HEAD') return new Response(null, { status, headers });
  const stream = createReadStream(f.file, range ? { start: range.start, end: range.end } : {});
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, headers });
}
