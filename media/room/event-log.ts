/**
 * The durable room log (SQLite, WAL): the only module that speaks SQL for the hub. `append` assigns
 * the next seq and stores the event before returning, so callers ack only stored events and a restart
 * continues the numbering. WAL with synchronous=NORMAL keeps every committed event across a process
 * crash or restart (only an OS crash/power cut can lose the last few), at a fraction of FULL's cost.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BanEntry, ModeratorEntry, RoomEvent } from '../../common/room-protocol';
import { EVENT_LOG_MIGRATIONS } from './migrations';
import { migrate } from '../sqlite/migrate';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event before the log numbers it. */
export type EventDraft = DistributiveOmit<RoomEvent, 'seq'>;

interface EventRow { seq: number; body: string; deleted: number; held: number }
interface BanRow { user_id: string; name: string | null; by_user: string; by_name: string | null; reason: string | null; ts: number; until: number | null; address: string | null; until_stream_end: number }
interface ModeratorRow { user_id: string; name: string; created_at: number; expires_at: number; revoked_at: number | null }

/**
 * A ban as the hub records it. Timeouts are bans with `until` (or `streamEnd`: until the stream ends);
 * `address` is the banned identity's network address, so new identities from it are banned too.
 */
export interface BanRecord { userId: string; name: string; byId: string; by: string; reason?: string; at: number; until?: number; streamEnd?: boolean; address?: string }

const HELD = ['', 'pending', 'denied'] as const;

export class EventLog {
  /** The connection, for the moderation store that shares this file (media/room/moderation/store.ts). */
  readonly db: Database.Database;
  private readonly lastSeqs = new Map<string, number>();
  private readonly stmts;
  private epochValue: string | undefined;

  /** `dataDir` null keeps the log in memory (tests, throwaway relays). */
  constructor(dataDir: string | null) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    this.db = new Database(dataDir ? path.join(dataDir, 'room-events.sqlite') : ':memory:');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 2000');
    migrate(this.db, EVENT_LOG_MIGRATIONS, 'room event log');
    this.stmts = {
      insert: this.db.prepare('INSERT INTO events (room, seq, ts, type, user_id, body, held) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      lastSeq: this.db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events WHERE room = ?'),
      lastMark: this.db.prepare<[string], { body: string }>("SELECT body FROM events WHERE room = ? AND type = 'system' AND json_extract(body, '$.code') IN ('live', 'offline') ORDER BY seq DESC LIMIT 1"),
      lastTs: this.db.prepare<[string], { ts: number }>('SELECT ts FROM events WHERE room = ? ORDER BY seq DESC LIMIT 1'),
      since: this.db.prepare<[string, number, number], EventRow>('SELECT seq, body, deleted, held FROM events WHERE room = ? AND seq > ? ORDER BY seq LIMIT ?'),
      // Viewers and bots never see a held danmaku (pending or denied): their pages skip those seqs.
      sincePublic: this.db.prepare<[string, number, number], EventRow>('SELECT seq, body, deleted, held FROM events WHERE room = ? AND seq > ? AND held = 0 ORDER BY seq LIMIT ?'),
      get: this.db.prepare<[string, number], EventRow>('SELECT seq, body, deleted, held FROM events WHERE room = ? AND seq = ?'),
      markDeleted: this.db.prepare('UPDATE events SET deleted = 1 WHERE room = ? AND seq = ?'),
      ban: this.db.prepare('INSERT OR REPLACE INTO bans (room, user_id, name, by_user, by_name, reason, ts, until, until_stream_end, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      unban: this.db.prepare('DELETE FROM bans WHERE room = ? AND user_id = ?'),
      bans: this.db.prepare<[string], BanRow>('SELECT user_id, name, by_user, by_name, reason, ts, until, address, until_stream_end FROM bans WHERE room = ? ORDER BY ts DESC'),
      lastName: this.db.prepare<[string, string], { body: string }>("SELECT body FROM events WHERE room = ? AND user_id = ? AND type <> 'system' ORDER BY seq DESC LIMIT 1"),
      appoint: this.db.prepare('INSERT INTO moderators (room, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
      moderator: this.db.prepare<[string, string], ModeratorRow>('SELECT user_id, name, created_at, expires_at, revoked_at FROM moderators WHERE room = ? AND user_id = ?'),
      moderators: this.db.prepare<[string], ModeratorRow>('SELECT user_id, name, created_at, expires_at, revoked_at FROM moderators WHERE room = ? ORDER BY created_at DESC LIMIT 500'),
      revoke: this.db.prepare('UPDATE moderators SET revoked_at = ? WHERE room = ? AND user_id = ? AND revoked_at IS NULL'),
      getSetting: this.db.prepare<[string, string], { value: string }>('SELECT value FROM room_settings WHERE room = ? AND name = ?'),
      setSetting: this.db.prepare('INSERT OR REPLACE INTO room_settings (room, name, value, updated_at) VALUES (?, ?, ?, ?)'),
      epoch: this.db.prepare<[], { value: string }>("SELECT value FROM log_meta WHERE key = 'epoch'"),
    };
  }

  /** Random id created with the log (see migration 6): changes only when the log is reset. */
  get epoch(): string {
    this.epochValue ??= this.stmts.epoch.get()?.value ?? 'unknown';
    return this.epochValue;
  }

  lastSeq(room: string): number {
    let seq = this.lastSeqs.get(room);
    if (seq === undefined) {
      seq = this.stmts.lastSeq.get(room)?.seq ?? 0;
      this.lastSeqs.set(room, seq);
    }
    return seq;
  }

  /**
   * When the room's last live/offline mark is `live` (the process that was live stopped without
   * marking the end), the time of the room's last event; otherwise null.
   */
  unendedLive(room: string): { seq: number; lastTs: number } | null {
    const mark = this.stmts.lastMark.get(room);
    const body = mark ? (JSON.parse(mark.body) as { code?: string; seq: number }) : null;
    if (!body || body.code !== 'live') return null;
    const lastTs = this.stmts.lastTs.get(room)?.ts;
    return lastTs === undefined ? null : { seq: body.seq, lastTs };
  }

  /**
   * Numbers and stores the event; throws (and numbers nothing) if the write fails. A `held` danmaku
   * takes its seq now but stays out of viewers' history until it is approved.
   */
  append(room: string, draft: EventDraft, held = false): RoomEvent {
    const seq = this.lastSeq(room) + 1;
    const event = { seq, ...draft } as RoomEvent;
    this.stmts.insert.run(room, seq, event.ts, event.type, event.user.id, JSON.stringify(event), held ? 1 : 0);
    this.lastSeqs.set(room, seq);
    return event;
  }

  /**
   * Events with seq > `since`, oldest first, at most `limit`. Deleted danmaku come back emptied. Held
   * danmaku (pending review or denied) are only in `staff` answers, marked `held`.
   */
  since(room: string, since: number, limit: number, staff = false): RoomEvent[] {
    return (staff ? this.stmts.since : this.stmts.sincePublic).all(room, since, limit).map(toEvent);
  }

  get(room: string, seq: number): RoomEvent | undefined {
    const row = this.stmts.get.get(room, seq);
    return row ? toEvent(row) : undefined;
  }

  markDeleted(room: string, seq: number): void {
    this.stmts.markDeleted.run(room, seq);
  }

  ban(room: string, b: BanRecord): void {
    this.stmts.ban.run(room, b.userId, b.name, b.byId, b.by, b.reason ?? null, b.at, b.until ?? null, b.streamEnd ? 1 : 0, b.address ?? null);
  }

  unban(room: string, userId: string): void {
    this.stmts.unban.run(room, userId);
  }

  bannedUsers(room: string): Set<string> {
    return new Set(this.stmts.bans.all(room).map((r) => r.user_id));
  }

  bans(room: string): BanEntry[] {
    return this.stmts.bans.all(room).map((r) => ({
      userId: r.user_id, name: r.name ?? r.user_id, by: r.by_name ?? r.by_user, at: r.ts,
      ...(r.reason ? { reason: r.reason } : {}), ...(r.until !== null ? { until: r.until } : {}),
      ...(r.until_stream_end ? { untilStreamEnds: true } : {}),
    }));
  }

  /** Every ban and timeout of a room with what moderation needs to enforce and end them. */
  banRecords(room: string): BanRecord[] {
    return this.stmts.bans.all(room).map((r) => ({
      userId: r.user_id, name: r.name ?? r.user_id, byId: r.by_user, by: r.by_name ?? r.by_user, at: r.ts,
      ...(r.reason ? { reason: r.reason } : {}), ...(r.until !== null ? { until: r.until } : {}),
      ...(r.until_stream_end ? { streamEnd: true } : {}), ...(r.address ? { address: r.address } : {}),
    }));
  }

  /** The name a user last posted under in this room (for bans of people no longer connected). */
  lastNameOf(room: string, userId: string): string | undefined {
    const row = this.stmts.lastName.get(room, userId);
    return row ? (JSON.parse(row.body) as RoomEvent).user.name : undefined;
  }

  appointModerator(room: string, m: { userId: string; name: string; createdAt: number; expiresAt: number }): void {
    this.stmts.appoint.run(room, m.userId, m.name, m.createdAt, m.expiresAt);
  }

  moderator(room: string, userId: string): ModeratorEntry | undefined {
    const row = this.stmts.moderator.get(room, userId);
    return row ? toModerator(row) : undefined;
  }

  moderators(room: string): ModeratorEntry[] {
    return this.stmts.moderators.all(room).map(toModerator);
  }

  /** Marks the appointment revoked; false when there was no active one. */
  revokeModerator(room: string, userId: string, at: number): boolean {
    return this.stmts.revoke.run(at, room, userId).changes > 0;
  }

  setting<T>(room: string, name: string): T | undefined {
    const row = this.stmts.getSetting.get(room, name);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  setSetting(room: string, name: string, value: unknown, at: number): void {
    this.stmts.setSetting.run(room, name, JSON.stringify(value), at);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toModerator(r: ModeratorRow): ModeratorEntry {
  return { userId: r.user_id, name: r.name, createdAt: r.created_at, expiresAt: r.expires_at, ...(r.revoked_at !== null ? { revokedAt: r.revoked_at } : {}) };
}

function toEvent(row: EventRow): RoomEvent {
  const event = JSON.parse(row.body) as RoomEvent;
  if (event.type === 'system' && !event.params) return upgradeSystemEvent(event);
  if (row.deleted && event.type === 'danmaku') return { ...event, text: '', deleted: true };
  if (row.held && event.type === 'danmaku') return { ...event, held: HELD[row.held] ?? 'pending' } as RoomEvent;
  return event;
}

/** System events stored before they had `params` (older relays): best-effort params from `target`. */
function upgradeSystemEvent(e: RoomEvent & { type: 'system' }): RoomEvent {
  const t = (e as { target?: { userId?: string; seq?: number } }).target ?? {};
  const userId = t.userId ?? '';
  const params = e.code === 'ban' || e.code === 'unban' ? { userId, name: userId, by: '' }
    : e.code === 'delete' ? { seq: t.seq ?? 0, userId, by: '' }
    : {};
  return { ...e, params } as RoomEvent;
}
