/**
 * The moderator console inside the studio: its requests go through the studio API as the owner
 * (`room.moderate`), its staff packets come back as `room.staff` events. Only system events are
 * forwarded from the room's stream: the studio's own feed shows the rest, and re-rendering the
 * console for every danmaku at 100/s would be waste.
 */
import type { Ack, AckErrorCode, RoomEvent, Welcome } from '../../../common/room-protocol';
import { ROOM_MODERATION_REQUESTS, toStudioError, type RoomInfo, type RoomModerationRequestName, type RoomStaffMessage, type StudioApi } from '../../../common/studio-api';
import { errorText, getLang } from '../../shared/i18n';
import type { ConsoleMessage, ConsoleTransport } from '../../shared/mod-console/transport';

const CODE: Record<string, AckErrorCode> = { invalid: 'invalid', forbidden: 'forbidden', not_found: 'not_found', conflict: 'rate_limited' };

const fromStaff = (m: RoomStaffMessage): ConsoleMessage => {
  switch (m.kind) {
    case 'held': return { type: 'held', held: m.held };
    case 'reviewed': return { type: 'reviewed', reviewed: m.reviewed };
    case 'alert': return { type: 'alert', alert: m.alert };
    case 'audit': return { type: 'audit', entry: m.entry };
    case 'settings': return { type: 'settings', settings: m.settings };
  }
};

/** What the console needs of a welcome, from the studio's room state. */
function welcomeOf(room: RoomInfo): Welcome | null {
  if (!room.connected || !room.you || !room.settings) return null;
  const last: RoomEvent | undefined = room.recentEvents.at(-1);
  return {
    room: room.room, you: room.you, seq: last?.seq ?? 0, epoch: '', title: '', settings: room.settings,
    live: room.live, viewers: room.viewers, gifts: room.gifts,
  };
}

export function studioConsoleTransport(api: StudioApi): ConsoleTransport {
  return {
    isOwner: true,
    async request<T extends object>(name: string, payload: unknown): Promise<Ack<T>> {
      if (!(ROOM_MODERATION_REQUESTS as readonly string[]).includes(name)) return { ok: false, code: 'invalid', message: `Unknown request ${name}.` };
      try {
        const answer = await api.room.moderate({ name: name as RoomModerationRequestName, payload });
        return { ok: true, ...(answer as T) };
      } catch (err) {
        const e = toStudioError(err);
        return { ok: false, code: CODE[e.code] ?? 'internal', message: errorText(getLang(), e) };
      }
    },
    subscribe(listener) {
      let connected = false;
      const onRoom = (room: RoomInfo) => {
        if (room.connected === connected) return;
        connected = room.connected;
        const w = welcomeOf(room);
        listener(w ? { type: 'welcome', welcome: w } : { type: 'connection', connected: room.connected });
      };
      void api.getSnapshot().then((s) => onRoom(s.room), () => undefined);
      return api.onEvent((e) => {
        if (e.type === 'room.staff') listener(fromStaff(e.message));
        else if (e.type === 'room.state') onRoom(e.room);
        else if (e.type === 'room.event' && e.event.type === 'system') listener({ type: 'event', event: e.event });
      });
    },
  };
}
