/**
 * How a room event maps onto a history row and back (pure). Columns hold what search, sessions and
 * analytics filter on; `extra` holds the rest as JSON, and is null for the common case (a white
 * scrolling danmaku, an enter, a like), which keeps a row around 100 bytes.
 */
import type { DanmakuMode, RoomEvent, Role, SystemEvent } from '../../common/room-protocol';

export interface EventRow {
  seq: number;
  ts: number;
  type: RoomEvent['type'];
  user_id: string;
  user_name: string;
  role: Role;
  text: string | null;
  code: string | null;
  count: number;
  value: number;
  deleted: number;
  extra: string | null;
}

export type RowParams = Omit<EventRow, 'deleted'> & { room: string };

const DEFAULT_COLOR = '#ffffff';

export function toRow(room: string, e: RoomEvent): RowParams {
  const base = { room, seq: e.seq, ts: e.ts, type: e.type, user_id: e.user.id, user_name: e.user.name, role: e.user.role, text: null, code: null, count: 0, value: 0, extra: null };
  switch (e.type) {
    case 'danmaku':
      return {
        ...base,
        text: e.deleted ? null : e.text,
        extra: e.color.toLowerCase() === DEFAULT_COLOR && e.mode === 'scroll' ? null : JSON.stringify({ color: e.color, mode: e.mode }),
      };
    case 'gift':
      return { ...base, code: e.giftId, count: e.count, value: e.value, extra: JSON.stringify({ name: e.name, combo: e.combo }) };
    case 'like':
      return { ...base, count: e.count };
    case 'enter':
      return base;
    case 'system':
      return { ...base, code: e.code, extra: JSON.stringify({ text: e.text, params: e.params, ...(e.target ? { target: e.target } : {}) }) };
  }
}

interface Extra {
  color?: string; mode?: DanmakuMode; name?: string; combo?: number;
  text?: string; params?: Record<string, unknown>; target?: { userId?: string; seq?: number } | null;
}

export function fromRow(r: EventRow): RoomEvent {
  const x = (r.extra ? JSON.parse(r.extra) : {}) as Extra;
  const base = { seq: r.seq, ts: r.ts, user: { id: r.user_id, name: r.user_name, role: r.role } };
  switch (r.type) {
    case 'danmaku':
      return {
        ...base, type: 'danmaku', text: r.deleted ? '' : (r.text ?? ''), color: x.color ?? DEFAULT_COLOR, mode: x.mode ?? 'scroll',
        ...(r.deleted ? { deleted: true } : {}),
      };
    case 'gift':
      return { ...base, type: 'gift', giftId: r.code ?? '', name: x.name ?? r.code ?? '', count: r.count, value: r.value, combo: x.combo ?? 1 };
    case 'like':
      return { ...base, type: 'like', count: r.count };
    case 'enter':
      return { ...base, type: 'enter' };
    case 'system':
      // Rows from before codes had params (schema 2) come back with empty params.
      return { ...base, type: 'system', text: x.text ?? '', code: r.code, params: x.params ?? {}, ...(x.target ? { target: x.target } : {}) } as SystemEvent;
  }
}
