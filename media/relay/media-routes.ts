/**
 * Media over HTTP: viewers' LL-HLS (playlist with blocking reloads, segments, parts) and HTTP-FLV.
 * Caching follows Apple's LL-HLS guidance so a CDN can sit in front: segments and parts have
 * per-publish unique names and never change (immutable); a blocking playlist request names the part
 * it waits for, so its answer may be cached briefly and shared; the plain playlist is never cached.
 */
import type { LiveOutput } from '../hls/live-output';
import { parsePlaylistQuery, PlaylistQueryError } from '../hls/ll-playlist';
import { CORS_HEADERS, sendError } from './http-util';
import type { HttpRoute } from './types';

const ROOM = '([a-zA-Z0-9_-]{1,64})';
const HLS_PATH = new RegExp(`^/live/${ROOM}/(index\\.m3u8|[a-z0-9]{1,24}-p?\\d{1,9}\\.ts)$`);
const FLV_PATH = new RegExp(`^/live/${ROOM}\\.flv$`);
const IMMUTABLE = 'public, max-age=86400, immutable';
/** A blocking reload's answer holds the part it asked for: shareable for a moment (CDN coalescing). */
const BLOCKING_PLAYLIST = 'public, max-age=2';

export interface MediaRoutesDeps {
  hls: (room: string) => LiveOutput | null;
  isKnownRoom: (room: string) => boolean;
  isLive: (room: string) => boolean;
  playFlv: (room: string, req: Parameters<HttpRoute>[0], res: Parameters<HttpRoute>[1]) => void;
}

export function mediaRoutes(deps: MediaRoutesDeps): HttpRoute {
  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;

    const flv = FLV_PATH.exec(url.pathname);
    if (flv) {
      const room = flv[1]!;
      if (!deps.isKnownRoom(room)) return sendError(res, 404, 'unknown_room', `There is no room "${room}" on this relay.`), true;
      if (!deps.isLive(room)) return sendError(res, 404, 'offline', `Room "${room}" is not live right now.`), true;
      res.writeHead(200, { 'Content-Type': 'video/x-flv', 'Cache-Control': 'no-cache, no-store', ...CORS_HEADERS });
      if (req.method === 'HEAD') return res.end(), true;
      res.flushHeaders();
      deps.playFlv(room, req, res);
      return true;
    }

    const hls = HLS_PATH.exec(url.pathname);
    if (!hls) return false;
    const room = hls[1]!;
    const file = hls[2]!;
    if (!deps.isKnownRoom(room)) return sendError(res, 404, 'unknown_room', `There is no room "${room}" on this relay.`), true;
    const out = deps.hls(room);
    // A blocked request whose viewer went away stops waiting.
    const abort = new AbortController();
    res.once('close', () => abort.abort());

    if (file === 'index.m3u8') {
      let query;
      try {
        query = parsePlaylistQuery(url.searchParams);
      } catch (err) {
        if (err instanceof PlaylistQueryError) return sendError(res, 400, 'bad_request', err.message), true;
        throw err;
      }
      if (!out || !out.hasPlaylist()) return sendError(res, 404, 'offline', `Room "${room}" has no HLS stream right now.`), true;
      const answer = await out.playlist(query, abort.signal);
      if (res.destroyed) return true;
      if (answer.status !== 200) return sendError(res, answer.status, answer.error, answer.message), true;
      res.writeHead(200, {
        'Content-Type': 'application/vnd.apple.mpegurl',
        'Cache-Control': query.msn !== undefined ? BLOCKING_PLAYLIST : 'no-cache',
        'Content-Length': Buffer.byteLength(answer.text),
        ...CORS_HEADERS,
      });
      res.end(req.method === 'HEAD' ? undefined : answer.text);
      return true;
    }

    const data = !out ? null : file.includes('-p') ? await out.partData(file, abort.signal) : out.segment(file);
    if (res.destroyed) return true;
    if (!data) return sendError(res, 404, 'not_found', `${file} is not available (expired, from an earlier publish, or not yet written).`), true;
    res.writeHead(200, { 'Content-Type': 'video/mp2t', 'Cache-Control': IMMUTABLE, 'Content-Length': data.length, ...CORS_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : data);
    return true;
  };
}
