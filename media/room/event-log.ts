/**
 * The durable room log (SQLite, WAL): the only module that speaks SQL for the hub. `append` assigns
 * the next seq and stores the event before returning, so callers ack only stored events and a restart
 * continues the numbering. WAL with synchronous=NORMAL keeps every committed event across a process
 * crash or restart (only an OS crash/power cut can lose the last few), at a fraction of FULL's cost.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RoomEvent } from '../../common/room-protocol';
import { EVENT_LOG_MIGRATIONS } from './migrations';
import { migrate } from '../sqlite/migrate';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event before the log numbers it. */
export type EventDraft = DistributiveOmit<RoomEvent, 'seq'>;

interface EventRow { seq: number; body: string; deleted: number }

export class EventLog {
  private readonly db: Database.Database;
  private readonly lastSeqs = new Map<string, number>();
  private readonly stmts;

  /** `dataDir` null keeps the log in memory (tests, throwaway relays). */
  constructor(dataDir: string | null) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    this.db = new Database(dataDir ? path.join(dataDir, 'room-events.sqlite') : ':memory:');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 2000');
    migrate(this.db, EVENT_LOG_MIGRATIONS, 'room event log');
    this.stmts = {
      insert: this.db.prepare('INSERT INTO events (room, seq, ts, type, user_id, body) VALUES (?, ?, ?, ?, ?, ?)'),
      lastSeq: this.db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events WHERE room = ?'),
      since: this.db.prepare<[string, number, number], EventRow>('SELECT seq, body, deleted FROM events WHERE room = ? AND seq > ? ORDER BY seq LIMIT ?'),
      get: this.db.prepare<[string, number], EventRow>('SELECT seq, body, deleted FROM events WHERE room = ? AND seq = ?'),
      markDeleted: this.db.prepare('UPDATE events SET deleted = 1 WHERE room = ? AND seq = ?'),
      ban: this.db.prepare('INSERT OR REPLACE INTO bans (room, user_id, by_user, reason, ts) VALUES (?, ?, ?, ?, ?)'),
      unban: this.db.prepare('DELETE FROM bans WHERE room = ? AND user_id = ?'),
      bans: this.db.prepare<[string], { user_id: string }>('SELECT user_id FROM bans WHERE room = ?'),
    };
  }

  lastSeq(room: string): number {
    let seq = this.lastSeqs.get(room);
    if (seq === undefined) {
      seq = this.stmts.lastSeq.get(room)?.seq ?? 0;
      this.lastSeqs.set(room, seq);
    }
    return seq;
  }

  /** Numbers and stores the event; throws (and numbers nothing) if the write fails. */
  append(room: string, draft: EventDraft): RoomEvent {
    const seq = this.lastSeq(room) + 1;
    const event = { seq, ...draft } as RoomEvent;
    this.stmts.insert.run(room, seq, event.ts, event.type, event.user.id, JSON.stringify(event));
    this.lastSeqs.set(room, seq);
    return event;
  }

  /** Events with seq > `since`, oldest first, at most `limit`. Deleted danmaku come back emptied. */
  since(room: string, since: number, limit: number): RoomEvent[] {
    return this.stmts.since.all(room, since, limit).map(toEvent);
  }

  get(room: string, seq: number): RoomEvent | undefined {
    const row = this.stmts.get.get(room, seq);
    return row ? toEvent(row) : undefined;
  }

  markDeleted(room: string, seq: number): void {
    this.stmts.markDeleted.run(room, seq);
  }

  ban(room: string, userId: string, by: string, reason: string | undefined, ts: number): void {
    this.stmts.ban.run(room, userId, by, reason ?? null, ts);
  }

  unban(room: string, userId: string): void {
    this.stmts.unban.run(room, userId);
  }

  bannedUsers(room: string): Set<string> {
    return new Set(this.stmts.bans.all(room).map((r) => r.user_id));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toEvent(row: EventRow): RoomEvent {
  const event = JSON.parse(row.body) as RoomEvent;
  if (row.deleted && event.type === 'danmaku') return { ...event, text: '', deleted: true };
  return event;
}
