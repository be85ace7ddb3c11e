/**
 * `GET /api/rooms/<room>/audit?since=<id>&limit=<n>` with `Authorization: Bearer <stream key>`: the
 * room's audit log for its owner (exports, scripts). Not readable cross-origin: it names viewers
 * and moderators' actions, and the key never belongs in a page of another site.
 */
import type { RoomAuditResponse } from '../../../common/room-protocol';
import type { RoomRegistry } from '../../relay/rooms';
import type { HttpRoute } from '../../relay/types';
import { sendJson } from '../http-api';
import { describeIssue } from '../schemas';
import { auditQuerySchema } from './schemas';
import type { ModerationStore } from './store';

const PATH = /^\/api\/rooms\/([^/]+)\/audit\/?$/;

export function createAuditRoute(store: ModerationStore, rooms: Pick<RoomRegistry, 'has' | 'verifyKey'>, maxLimit: number): HttpRoute {
  const query = auditQuerySchema(maxLimit);
  return (req, res, url) => {
    const m = PATH.exec(url.pathname);
    if (!m) return false;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      sendJson(res, status, body, false);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      json(405, { error: 'method_not_allowed', message: 'Use GET.' }, { Allow: 'GET, HEAD' });
      return true;
    }
    let room: string;
    try {
      room = decodeURIComponent(m[1] ?? '');
    } catch {
      json(400, { error: 'invalid', message: 'Room id is not valid URL encoding.' });
      return true;
    }
    const auth = /^Bearer\s+(\S{1,200})$/i.exec(req.headers.authorization ?? '');
    // Unknown room and wrong key answer alike, so the route does not tell which rooms exist.
    if (!auth || !rooms.has(room) || !rooms.verifyKey(room, auth[1] ?? '')) {
      json(401, { error: 'unauthorized', message: "Send the room's stream key as \"Authorization: Bearer <key>\"." }, { 'WWW-Authenticate': 'Bearer' });
      return true;
    }
    const q = query.safeParse(Object.fromEntries(url.searchParams));
    if (!q.success) {
      json(400, { error: 'invalid', message: describeIssue(q.error) });
      return true;
    }
    const body: RoomAuditResponse = { room, entries: store.audit(room, q.data.since, q.data.limit) };
    json(200, body);
    return true;
  };
}
