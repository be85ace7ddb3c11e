/**
 * The studio's local room history (better-sqlite3 file): every event the room client delivers, stored
 * once per (room, seq), with search and the simple numbers a streamer asks after a show. The only
 * module that speaks SQL for this store.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DanmakuEvent, RoomEvent, RoomEventType } from '../../common/room-protocol';
import { HISTORY_MIGRATIONS } from './migrations';
import { migrate } from '../../media/sqlite/migrate';

export interface HistoryQuery {
  /** Events with seq > since. */
  since?: number;
  /** Events with seq < before (for paging backwards). */
  before?: number;
  limit?: number;
  types?: RoomEventType[];
}

export interface Supporter { userId: string; name: string; value: number; gifts: number }
export interface RoomTotals { events: number; danmaku: number; gifts: number; giftValue: number; likes: number; enters: number; uniqueUsers: number }
export interface TimeRange { from?: number; to?: number }

const MINUTE = 60_000;
const MIN_FTS_QUERY = 3; // trigram needs three characters

export class HistoryStore {
  private readonly db: Database.Database;
  private readonly stmts;

  /** `file` ':memory:' for a throwaway store. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    migrate(this.db, HISTORY_MIGRATIONS, 'studio history');
    this.stmts = {
      insert: this.db.prepare(`INSERT OR IGNORE INTO events (room, seq, ts, type, user_id, user_name, text, count, value, body)
                               VALUES (@room, @seq, @ts, @type, @userId, @userName, @text, @count, @value, @body)`),
      markDeleted: this.db.prepare('UPDATE events SET deleted = 1 WHERE room = ? AND seq = ?'),
      lastSeq: this.db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events WHERE room = ?'),
      fts: this.db.prepare<[string, string, number], { body: string; deleted: number }>(
        `SELECT e.body, e.deleted FROM danmaku_fts f JOIN events e ON e.id = f.rowid
         WHERE danmaku_fts MATCH ? AND e.room = ? AND e.deleted = 0 ORDER BY e.seq DESC LIMIT ?`),
      like: this.db.prepare<[string, string, number], { body: string; deleted: number }>(
        `SELECT body, deleted FROM events WHERE room = ? AND type = 'danmaku' AND deleted = 0
         AND text LIKE ? ESCAPE '\\' ORDER BY seq DESC LIMIT ?`),
      // Integer division by a literal: bound JS numbers arrive as REAL and would not floor.
      perMinute: this.db.prepare<[{ room: string; from: number; to: number }], { minute: number; count: number }>(
        `SELECT (ts / ${MINUTE}) * ${MINUTE} AS minute, COUNT(*) AS count FROM events
         WHERE room = @room AND type = 'danmaku' AND ts >= @from AND ts < @to GROUP BY ts / ${MINUTE} ORDER BY minute`),
      top: this.db.prepare<[string, number], { userId: string; name: string; value: number; gifts: number }>(
        `SELECT user_id AS userId, MAX(user_name) AS name, SUM(value) AS value, SUM(count) AS gifts
         FROM events WHERE room = ? AND type = 'gift' GROUP BY user_id ORDER BY value DESC, gifts DESC LIMIT ?`),
      totals: this.db.prepare<[string], RoomTotals>(
        `SELECT COUNT(*) AS events,
                COALESCE(SUM(type = 'danmaku'), 0) AS danmaku,
                COALESCE(SUM(CASE WHEN type = 'gift' THEN count END), 0) AS gifts,
                COALESCE(SUM(CASE WHEN type = 'gift' THEN value END), 0) AS giftValue,
                COALESCE(SUM(CASE WHEN type = 'like' THEN count END), 0) AS likes,
                COALESCE(SUM(type = 'enter'), 0) AS enters,
                COUNT(DISTINCT CASE WHEN type != 'system' THEN user_id END) AS uniqueUsers
         FROM events WHERE room = ?`),
    };
  }

  /** Stores the event unless (room, seq) is already stored; returns whether it was new. */
  add(room: string, e: RoomEvent): boolean {
    const added = this.db.transaction(() => {
      const r = this.stmts.insert.run({
        room, seq: e.seq, ts: e.ts, type: e.type, userId: e.user.id, userName: e.user.name,
        text: e.type === 'danmaku' && !e.deleted ? e.text : null,
        count: e.type === 'gift' || e.type === 'like' ? e.count : 0,
        value: e.type === 'gift' ? e.value : 0,
        body: JSON.stringify(e),
      });
      if (r.changes > 0 && e.type === 'system' && e.code === 'delete' && e.target?.seq !== undefined) {
        this.stmts.markDeleted.run(room, e.target.seq);
      }
      return r.changes > 0;
    })();
    return added;
  }

  addMany(room: string, events: readonly RoomEvent[]): number {
    return this.db.transaction(() => events.filter((e) => this.add(room, e)).length)();
  }

  lastSeq(room: string): number {
    return this.stmts.lastSeq.get(room)?.seq ?? 0;
  }

  /** Oldest first after `since`; newest-first pages when only `before` is given, returned oldest first. */
  list(room: string, q: HistoryQuery = {}): RoomEvent[] {
    const where = ['room = ?'];
    const args: (string | number)[] = [room];
    if (q.since !== undefined) { where.push('seq > ?'); args.push(q.since); }
    if (q.before !== undefined) { where.push('seq < ?'); args.push(q.before); }
    if (q.types && q.types.length > 0) { where.push(`type IN (${q.types.map(() => '?').join(',')})`); args.push(...q.types); }
    const backwards = q.since === undefined && q.before !== undefined;
    const sql = `SELECT body, deleted FROM events WHERE ${where.join(' AND ')} ORDER BY seq ${backwards ? 'DESC' : 'ASC'} LIMIT ?`;
    const rows = this.db.prepare<(string | number)[], { body: string; deleted: number }>(sql).all(...args, Math.min(q.limit ?? 200, 5000));
    const events = rows.map(toEvent);
    return backwards ? events.reverse() : events;
  }

  /** Danmaku containing `text` (newest first), deleted ones excluded. */
  search(room: string, text: string, limit = 100): DanmakuEvent[] {
    const needle = text.trim();
    if (!needle) return [];
    const rows = [...needle].length >= MIN_FTS_QUERY
      ? this.stmts.fts.all(`"${needle.replace(/"/g, '""')}"`, room, limit)
      : this.stmts.like.all(room, `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit);
    return rows.map(toEvent) as DanmakuEvent[];
  }

  /** Danmaku count per minute (minute = start, ms since the epoch), minutes without danmaku omitted. */
  danmakuPerMinute(room: string, range: TimeRange = {}): { minute: number; count: number }[] {
    return this.stmts.perMinute.all({ room, from: range.from ?? 0, to: range.to ?? Number.MAX_SAFE_INTEGER });
  }

  topSupporters(room: string, limit = 10): Supporter[] {
    return this.stmts.top.all(room, limit);
  }

  totals(room: string): RoomTotals {
    return this.stmts.totals.get(room) ?? { events: 0, danmaku: 0, gifts: 0, giftValue: 0, likes: 0, enters: 0, uniqueUsers: 0 };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toEvent(row: { body: string; deleted: number }): RoomEvent {
  const e = JSON.parse(row.body) as RoomEvent;
  return row.deleted && e.type === 'danmaku' ? { ...e, text: '', deleted: true } : e;
}
