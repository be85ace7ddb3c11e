/**
 * Media over HTTP: viewers' HLS and HTTP-FLV, and the loopback-only upload route that the HLS
 * packager's ffmpeg PUTs its segments and playlists to.
 */
import type { HlsSegmentStore } from '../hls/segment-store';
import { PlaylistParseError } from '../hls/playlist';
import type { Logger } from '../log';
import { CORS_HEADERS, BodyTooLargeError, isLoopback, readBody, sendError } from './http-util';
import type { HttpRoute } from './types';

const ROOM = '([a-zA-Z0-9_-]{1,64})';
const HLS_PATH = new RegExp(`^/live/${ROOM}/(index\\.m3u8|seg-\\d{1,9}\\.ts)$`);
const FLV_PATH = new RegExp(`^/live/${ROOM}\\.flv$`);
const INGEST_PATH = new RegExp(`^/_ingest/([A-Za-z0-9_-]+)/${ROOM}/([a-z0-9]+)/(index\\.m3u8|seg-\\d{1,9}\\.ts)$`);
const MAX_UPLOAD = 64 * 1024 * 1024;

export interface MediaRoutesDeps {
  store: HlsSegmentStore;
  ingestSecret: string;
  isKnownRoom: (room: string) => boolean;
  isLive: (room: string) => boolean;
  playFlv: (room: string, req: Parameters<HttpRoute>[0], res: Parameters<HttpRoute>[1]) => void;
  log: Logger;
}

export function mediaRoutes(deps: MediaRoutesDeps): HttpRoute {
  return async (req, res, url) => {
    const ingest = INGEST_PATH.exec(url.pathname);
    if (ingest) {
      await handleIngest(deps, req, res, ingest[1]!, ingest[2]!, ingest[3]!, ingest[4]!);
      return true;
    }
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

async function handleIngest(deps: MediaRoutesDeps, req: Parameters<HttpRoute>[0], res: Parameters<HttpRoute>[1], secret: string, room: string, epoch: string, file: string): Promise<void> {
  // Only our own ffmpeg, on this machine, knowing this process's secret, may write media.
  if (!isLoopback(req.socket.remoteAddress) || secret !== deps.ingestSecret) {
    deps.log.warn(`Refused media upload to ${room}/${file} from ${req.socket.remoteAddress}`);
    return sendError(res, 403, 'forbidden', 'Uploads are accepted only from the relay itself.');
  }
  if (req.method === 'DELETE') {
    deps.store.deleteSegment(room, epoch, file);
    res.writeHead(204).end();
    return;
  }
  if (req.method !== 'PUT' && req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'Use PUT.');
  try {
    const body = await readBody(req, MAX_UPLOAD);
    const accepted = file === 'index.m3u8'
      ? deps.store.putPlaylist(room, epoch, body.toString('utf8'))
      : deps.store.putSegment(room, epoch, file, body);
    res.writeHead(accepted ? 201 : 410).end();
  } catch (err) {
    if (err instanceof PlaylistParseError || err instanceof BodyTooLargeError) {
      deps.log.warn(`Bad HLS upload for ${room}/${file}: ${err.message}`);
      return sendError(res, 400, 'bad_upload', err.message);
    }
    if (!res.headersSent) sendError(res, 500, 'upload_failed', (err as Error).message);
  }
}
