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

/** The insert's values, in the order of INSERT_COLUMNS (positional binding is the fastest better-sqlite3 has). */
export type RowValues = [room: string, seq: number, ts: number, type: RoomEvent['type'], user_id: string, user_name: string, role: Role,
  text: string | null, code: string | null, count: number, value: number, extra: string | null];
export const INSERT_COLUMNS = 'room, seq, ts, type, user_id, user_name, role, text, code, count, value, extra';

const DEFAULT_COLOR = '#ffffff';

export function toRow(room: string, e: RoomEvent): RowValues {
  const u = e.user;
  switch (e.type) {
    case 'danmaku': {
      const plain = e.mode === 'scroll' && (e.color === DEFAULT_COLOR || e.color.toLowerCase() === DEFAULT_COLOR);
      return [room, e.seq, e.ts, 'danmaku', u.id, u.name, u.role, e.deleted ? null : e.text, null, 0, 0, plain ? null : JSON.stringify({ color: e.color, mode: e.mode })];
    }
    case 'gift':
      return [room, e.seq, e.ts, 'gift', u.id, u.name, u.role, null, e.giftId, e.count, e.value, JSON.stringify({ name: e.name, combo: e.combo })];
    case 'like':
      return [room, e.seq, e.ts, 'like', u.id, u.name, u.role, null, null, e.count, 0, null];
    case 'enter':
      return [room, e.seq, e.ts, 'enter', u.id, u.name, u.role, null, null, 0, 0, null];
    case 'system':
      return [room, e.seq, e.ts, 'system', u.id, u.name, u.role, null, e.code, 0, 0, JSON.stringify({ text: e.text, params: e.params, ...(e.target ? { target: e.target } : {}) })];
  }
}

/** The row as read back (what `fromRow` takes) for the values `toRow` wrote. */
export function rowOf(v: RowValues, deleted = 0): EventRow {
  return { seq: v[1], ts: v[2], type: v[3], user_id: v[4], user_name: v[5], role: v[6], text: v[7], code: v[8], count: v[9], value: v[10], deleted, extra: v[11] };
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
