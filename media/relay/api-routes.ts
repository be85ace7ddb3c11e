/**
 * The relay's small JSON API: health and per-room media status. Public: nothing here names a local
 * path, a binary or a key.
 */
import { sendError, sendJson } from './http-util';
import type { HttpRoute, RoomMediaInfo } from './types';

const ROOM_PATH = /^\/api\/rooms\/([a-zA-Z0-9_-]{1,64})\/?$/;

export interface ApiRoutesDeps {
  version: string;
  startedAt: number;
  rooms: () => string[];
  roomInfo: (room: string) => RoomMediaInfo | null;
}

export function apiRoutes(deps: ApiRoutesDeps): HttpRoute {
  return (req, res, url) => {
    if (!url.pathname.startsWith('/api/') || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    if (url.pathname === '/api/health') {
      const rooms = deps.rooms();
      sendJson(res, 200, {
        ok: true,
        version: deps.version,
        uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
        rooms: rooms.length,
        live: rooms.filter((r) => deps.roomInfo(r)?.live).length,
      });
      return true;
    }
    if (url.pathname === '/api/rooms') {
      sendJson(res, 200, { rooms: deps.rooms().map((r) => deps.roomInfo(r)) });
      return true;
    }
    const m = ROOM_PATH.exec(url.pathname);
    if (m) {
      const info = deps.roomInfo(m[1]!);
      if (!info) return sendError(res, 404, 'unknown_room', `There is no room "${m[1]}" on this relay.`), true;
      sendJson(res, 200, info);
      return true;
    }
    return false;
  };
}
