/**
 * How a batch of room events goes into the history file, in one transaction: rows are bound many per
 * INSERT statement, and what follows from them is derived in SQL from the rows this batch added (the
 * search index, first gifts) or summed in JS on the way (the per-minute roll-ups: a Map costs less
 * than a GROUP BY over the new rows). Per event that leaves one bound row and a few additions.
 * A new row's id is always above the batch's starting MAX(id), so "id > before" is exactly what this
 * batch added; rows are never rewritten afterwards (a removed danmaku only gets `deleted = 1`).
 */
import type Database from 'better-sqlite3';
import type { RoomEvent } from '../../common/room-protocol';
import { INSERT_COLUMNS, toRow, type RowValues } from './event-row';

/**
 * Rows per INSERT statement. Each statement call costs a crossing into native code, a result object
 * and a VDBE reset; bound 64 rows at a time that cost all but vanishes per event (measured: about a
 * third of the insert's CPU time; more rows per statement gain nothing more).
 */
const ROWS_PER_INSERT = 64;
const ROW_PARAMS = `(${INSERT_COLUMNS.split(',').map(() => '?').join(', ')})`;
const MINUTE = 60_000;

export interface BatchItem { room: string; event: RoomEvent }

interface MinuteAgg { room: string; minute: number; first: number; last: number; danmaku: number; giftValue: number; gifts: number; likes: number; enters: number }

export class IngestStore {
  private readonly inserts = new Map<number, Database.Statement<unknown[]>>();
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      maxId: db.prepare<[], number | null>('SELECT MAX(id) FROM events').pluck(),
      added: db.prepare<[number], { room: string; seq: number }>('SELECT room, seq FROM events WHERE id > ?'),
      // Danmaku removed before they were stored have no text and are not indexed: a row is in the
      // index exactly when it is a danmaku with text (what retention relies on to take it out again).
      index: db.prepare<[number]>(`INSERT INTO danmaku_fts (rowid, text) SELECT id, text FROM events WHERE id > ? AND type = 'danmaku' AND text IS NOT NULL`),
      supporters: db.prepare<[number]>(
        `INSERT INTO supporters (room, user_id, first_seq) SELECT room, user_id, MIN(seq) FROM events WHERE id > ? AND type = 'gift' GROUP BY room, user_id
         ON CONFLICT DO UPDATE SET first_seq = MIN(first_seq, excluded.first_seq)`),
      minute: db.prepare<[string, number, number, number, number, number, number, number, number]>(
        `INSERT INTO minutes (room, minute, first_seq, last_seq, danmaku, gift_value, gifts, likes, enters) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (room, minute) DO UPDATE SET first_seq = MIN(first_seq, excluded.first_seq), last_seq = MAX(last_seq, excluded.last_seq),
           danmaku = danmaku + excluded.danmaku, gift_value = gift_value + excluded.gift_value, gifts = gifts + excluded.gifts,
           likes = likes + excluded.likes, enters = enters + excluded.enters`),
      markDeleted: db.prepare<[string, number]>(`UPDATE events SET deleted = 1 WHERE room = ? AND seq = ? AND type = 'danmaku'`),
    };
  }

  /** Stores a batch in one transaction (all or nothing); returns how many events were new. */
  addBatch(items: readonly BatchItem[]): number {
    return this.db.transaction(() => {
      const before = this.stmts.maxId.get() ?? 0;
      let added = 0;
      for (let i = 0; i < items.length; i += ROWS_PER_INSERT) {
        const n = Math.min(ROWS_PER_INSERT, items.length - i);
        const values: RowValues[number][] = [];
        for (let j = i; j < i + n; j++) {
          const row = toRow(items[j]!.room, items[j]!.event);
          for (let k = 0; k < row.length; k++) values.push(row[k]!);
        }
        added += this.insert(n).run(...values).changes;
      }
      if (added === 0) return 0;
      const fresh = added === items.length ? items : this.addedOf(items, before);
      this.stmts.index.run(before);
      this.rollUp(fresh);
      if (fresh.some((it) => it.event.type === 'gift')) this.stmts.supporters.run(before);
      for (const { room, event: e } of fresh) {
        if (e.type !== 'system' || e.code !== 'delete') continue;
        const target = e.params?.seq ?? e.target?.seq;
        if (target !== undefined) this.stmts.markDeleted.run(room, target);
      }
      return added;
    })();
  }

  /** The items whose rows this batch added (some were stored already, or came twice). */
  private addedOf(items: readonly BatchItem[], before: number): BatchItem[] {
    const keys = new Set(this.stmts.added.all(before).map((r) => `${r.room}\n${r.seq}`));
    return items.filter((it) => keys.delete(`${it.room}\n${it.event.seq}`));
  }

  /** Adds the events to their minutes' roll-ups (one upsert per room and minute). */
  private rollUp(items: readonly BatchItem[]): void {
    const minutes = new Map<string, MinuteAgg>();
    for (const { room, event: e } of items) {
      const minute = Math.floor(e.ts / MINUTE) * MINUTE;
      const key = `${room}\n${minute}`;
      let m = minutes.get(key);
      if (!m) minutes.set(key, m = { room, minute, first: e.seq, last: e.seq, danmaku: 0, giftValue: 0, gifts: 0, likes: 0, enters: 0 });
      if (e.seq < m.first) m.first = e.seq;
      if (e.seq > m.last) m.last = e.seq;
      if (e.type === 'danmaku') m.danmaku++;
      else if (e.type === 'gift') { m.giftValue += e.value; m.gifts += e.count; }
      else if (e.type === 'like') m.likes += e.count;
      else if (e.type === 'enter') m.enters++;
    }
    for (const m of minutes.values()) this.stmts.minute.run(m.room, m.minute, m.first, m.last, m.danmaku, m.giftValue, m.gifts, m.likes, m.enters);
  }

  private insert(rows: number): Database.Statement<unknown[]> {
    let s = this.inserts.get(rows);
    if (!s) {
      s = this.db.prepare(`INSERT OR IGNORE INTO events (${INSERT_COLUMNS}) VALUES ${Array.from({ length: rows }, () => ROW_PARAMS).join(', ')}`);
      this.inserts.set(rows, s);
    }
    return s;
  }
}
