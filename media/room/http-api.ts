/** `GET /api/rooms/<room>/events?since=<seq>&limit=<n>`: room history for bots, as JSON. */
import type { ServerResponse } from 'node:http';
import type { RoomEventsResponse } from '../../common/room-protocol';
import type { RoomRegistry } from '../relay/rooms';
import type { HttpRoute } from '../relay/types';
import type { EventLog } from './event-log';
import { describeIssue, historyQuerySchema } from './schemas';

const PATH = /^\/api\/rooms\/([^/]+)\/events\/?$/;

export function createHistoryRoute(log: EventLog, rooms: Pick<RoomRegistry, 'has'>, maxLimit: number): HttpRoute {
  const query = historyQuerySchema(maxLimit);
  return (req, res, url) => {
    const m = PATH.exec(url.pathname);
    if (!m) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendJson(res, 405, { error: 'method_not_allowed', message: 'Use GET.' });
      return true;
    }
    let room: string;
    try {
      room = decodeURIComponent(m[1] ?? '');
    } catch {
      sendJson(res, 400, { error: 'invalid', message: 'Room id is not valid URL encoding.' });
      return true;
    }
    if (!rooms.has(room)) {
      sendJson(res, 404, { error: 'not_found', message: `There is no room "${room}".` });
      return true;
    }
    const q = query.safeParse(Object.fromEntries(url.searchParams));
    if (!q.success) {
      sendJson(res, 400, { error: 'invalid', message: describeIssue(q.error) });
      return true;
    }
    const body: RoomEventsResponse = { room, events: log.since(room, q.data.since, q.data.limit), seq: log.lastSeq(room) };
    sendJson(res, 200, body);
    return true;
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, crossOrigin = true): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    'Cache-Control': 'no-store',
    // Public, read-only data: overlays and bots on other origins may read it.
    ...(crossOrigin ? { 'Access-Control-Allow-Origin': '*' } : {}),
  });
  res.end(json);
}
