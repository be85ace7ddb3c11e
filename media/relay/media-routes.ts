/**
 * Media over HTTP for viewers: HLS and HTTP-FLV. (The packager's upload route is not here: it has
 * its own loopback-only listener, ingest-server.ts.)
 */
import type { HlsSegmentStore } from '../hls/segment-store';
import { CORS_HEADERS, sendError } from './http-util';
import type { HttpRoute } from './types';

const ROOM = '([a-zA-Z0-9_-]{1,64})';
const HLS_PATH = new RegExp(`^/live/${ROOM}/(index\\.m3u8|seg-\\d{1,9}\\.ts)$`);
const FLV_PATH = new RegExp(`^/live/${ROOM}\\.flv$`);

export interface MediaRoutesDeps {
  store: HlsSegmentStore;
  isKnownRoom: (room: string) => boolean;
  isLive: (room: string) => boolean;
  playFlv: (room: string, req: Parameters<HttpRoute>[0], res: Parameters<HttpRoute>[1]) => void;
}

export function mediaRoutes(deps: MediaRoutesDeps): HttpRoute {
  return (req, res, url) => {
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
    if (hls) {
      const room = hls[1]!;
      const file = hls[2]!;
      if (!deps.isKnownRoom(room)) return sendError(res, 404, 'unknown_room', `There is no room "${room}" on this relay.`), true;
      if (file === 'index.m3u8') {
        const text = deps.store.playlist(room);
        if (!text) return sendError(res, 404, 'offline', `Room "${room}" has no HLS stream right now.`), true;
        // Playlists change every segment: never cached. Segments below never change: cacheable.
        res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-cache, no-store', 'Content-Length': Buffer.byteLength(text), ...CORS_HEADERS });
        res.end(req.method === 'HEAD' ? undefined : text);
        return true;
      }
      const seg = deps.store.segment(room, file);
      if (!seg) return sendError(res, 404, 'not_found', `Segment ${file} is not available (expired or not yet written).`), true;
      res.writeHead(200, { 'Content-Type': 'video/mp2t', 'Cache-Control': 'public, max-age=120, immutable', 'Content-Length': seg.length, ...CORS_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : seg);
      return true;
    }
    return false;
  };
}
