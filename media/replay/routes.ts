/**
 * What viewers read of replays, on the relay's HTTP port. Only published sessions exist for them:
 * an unpublished, unknown or removed session is the same 404 as a bad path.
 *   /vod/<room>/<session>/index.m3u8, /vod/<room>/<session>/<n>.ts   HLS VOD (for hls.js, ffmpeg, a CDN)
 *   /api/replay/<room>                                                 published sessions, newest first
 *   /api/replay/<room>/<session>                                       the replay page's data (comments, density)
 *   /replay/<room>/<session>                                           the replay page
 * Paths are matched by strict patterns and files are named from parsed numbers, so nothing in a URL
 * reaches the file system as text. Caching as for a CDN: segments never change (immutable), a
 * finished playlist rarely (a minute, so taking a replay back takes effect soon), answers that depend
 * on the published flag or on new comments are not cached.
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { ReplayListResponse } from '../../common/replay';
import { CORS_HEADERS, sendError, sendJson } from '../relay/http-util';
import { servePage } from '../relay/page-routes';
import type { HttpRoute } from '../relay/types';
import type { VodCatalog } from './catalog';
import type { ReplayService } from './service';

const ROOM = '([a-zA-Z0-9_-]{1,64})';
const SESSION = '([1-9][0-9]{0,14})';
// One spelling per file (no leading zeros): a CDN would otherwise cache 1.ts, 01.ts, 001.ts… apart.
const VOD_PATH = new RegExp(`^/vod/${ROOM}/${SESSION}/(index\\.m3u8|(0|[1-9]\\d{0,6})\\.ts)$`);
const LIST_PATH = new RegExp(`^/api/replay/${ROOM}/?$`);
const INFO_PATH = new RegExp(`^/api/replay/${ROOM}/${SESSION}/?$`);
const PAGE_PATH = new RegExp(`^/replay/${ROOM}/${SESSION}/?$`);
const IMMUTABLE = 'public, max-age=31536000, immutable';
const PLAYLIST_CACHE = 'public, max-age=60';

export interface ReplayRoutesDeps {
  service: ReplayService;
  catalog: VodCatalog;
  isKnownRoom: (room: string) => boolean;
  webRoot: string;
}

/**
 * A relay without replays (no data folder, or replays turned off) still answers the room page's
 * list: no replays, rather than a 404 in every viewer's console.
 */
export function noReplaysRoute(isKnownRoom: (room: string) => boolean): HttpRoute {
  return async (req, res, url) => {
    const m = req.method === 'GET' || req.method === 'HEAD' ? LIST_PATH.exec(url.pathname) : null;
    if (!m || !isKnownRoom(m[1]!)) return false;
    const body: ReplayListResponse = { room: m[1]!, sessions: [] };
    sendJson(res, 200, body);
    return true;
  };
}

export function replayRoutes(d: ReplayRoutesDeps): HttpRoute {
  const notFound = (res: Parameters<HttpRoute>[1]) => sendError(res, 404, 'not_found', 'There is no published replay here. It may have been taken back by the streamer.');
  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const p = url.pathname;
    let m: RegExpExecArray | null;

    if ((m = VOD_PATH.exec(p))) {
      const room = m[1]!;
      const session = Number(m[2]);
      if (!d.isKnownRoom(room) || !d.service.visible(room, session)) return notFound(res), true;
      const meta = await d.catalog.get(room, session);
      if (!meta) return notFound(res), true;
      const index = m[4] === undefined ? null : Number(m[4]);
      if (index !== null && index >= meta.segments.length) return notFound(res), true;
      const file = index === null ? d.catalog.playlistFile(room, session) : d.catalog.segmentFile(room, session, index);
      const size = await fs.stat(file).then((s) => s.size, () => -1);
      if (size < 0) return notFound(res), true;
      res.writeHead(200, {
        'Content-Type': index === null ? 'application/vnd.apple.mpegurl' : 'video/mp2t',
        'Content-Length': size,
        'Cache-Control': index === null ? PLAYLIST_CACHE : IMMUTABLE,
        ...CORS_HEADERS,
      });
      if (req.method === 'HEAD') return res.end(), true;
      const stream = createReadStream(file);
      stream.on('error', () => res.destroy());
      res.on('close', () => stream.destroy());
      stream.pipe(res);
      return true;
    }

    if ((m = LIST_PATH.exec(p))) {
      const room = m[1]!;
      if (!d.isKnownRoom(room)) return sendError(res, 404, 'unknown_room', `There is no room "${room}" on this relay.`), true;
      const body: ReplayListResponse = { room, sessions: await d.service.publishedList(room) };
      sendJson(res, 200, body);
      return true;
    }

    if ((m = INFO_PATH.exec(p))) {
      const room = m[1]!;
      const info = d.isKnownRoom(room) ? await d.service.info(room, Number(m[2])) : null;
      if (!info) return notFound(res), true;
      sendJson(res, 200, info);
      return true;
    }

    if ((m = PAGE_PATH.exec(p))) {
      const room = m[1]!;
      if (!d.isKnownRoom(room) || !d.service.visible(room, Number(m[2])) || !(await d.catalog.get(room, Number(m[2])))) return notFound(res), true;
      servePage(req, res, d.webRoot, 'replay');
      return true;
    }
    return false;
  };
}
