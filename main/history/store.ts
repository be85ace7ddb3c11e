/**
 * The studio's local room history (better-sqlite3 file): every event the room client delivers, stored
 * once per (room, seq), with search, sessions and the numbers a streamer asks after a show. The only
 * module that speaks SQL for this store; events are read in seq order through `range` alone.
 */
import type Database from 'better-sqlite3';
import type { DanmakuEvent, RoomEvent, RoomEventType } from '../../common/room-protocol';
import type { SessionAnalytics, SessionMinute, SessionSupporter } from '../../common/history';
import { AuditStore } from './audit-store';
import { fromRow, type EventRow } from './event-row';
import { IngestStore, type BatchItem } from './ingest-store';
import { openHistoryDatabase } from './open';
import { PruneStore } from './prune-store';
import { deriveSessions, type Mark, type SessionSpan } from './sessions';
import type { CodedMessage } from '../../common/studio-api';

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

/** A session's span with the end filled in (open sessions end at the room's latest event). */
export interface StoredSession extends SessionSpan { endSeq: number; end: number; open: boolean }

export interface SessionTotals {
  danmaku: number; likes: number; giftValue: number; uniqueChatters: number; uniqueViewers: number; engagedViewers: number;
  peakViewers: number; avgViewers: number; topSupporter: SessionSupporter | null;
}

export interface SearchFilter {
  room: string;
  /** More rooms to search too (the room's archives). */
  alsoRooms?: string[];
  /** Danmaku text (substring, case-insensitive for Latin letters). */
  text?: string;
  /** A user id, or part of a user name. */
  user?: string;
  types?: RoomEventType[];
  from?: number;
  to?: number;
  /** Only within this seq range (a session). */
  seqFrom?: number;
  seqTo?: number;
  limit?: number;
  offset?: number;
}

/** Matches newest first; `rooms[i]` is the room (or archive) of `events[i]`. */
export interface SearchResult { events: RoomEvent[]; rooms: string[]; total: number; capped: boolean }

const MINUTE = 60_000;
const MIN_FTS_QUERY = 3; // trigram needs three characters
/** Counting every match of a common word would scan the whole index: totals stop here. */
export const SEARCH_COUNT_CAP = 1000;
const MAX_SEQ = Number.MAX_SAFE_INTEGER;
const COLUMNS = 'seq, ts, type, user_id, user_name, role, text, code, count, value, deleted, extra';

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const ftsPhrase = (s: string) => `"${s.replace(/"/g, '""')}"`;

export class HistoryStore {
  private readonly db: Database.Database;
  /** Set when the file could not be used and was moved aside (what happened, where the old file is). */
  readonly openProblem: CodedMessage | null;
  private readonly stmts;
  /** The cached audit log (same file, its own repository module). */
  readonly audit: AuditStore;
  /** Retention's deletes (same file, its own repository module). */
  readonly prune: PruneStore;
  private readonly ingest: IngestStore;

  /** `file` ':memory:' for a throwaway store. */
  constructor(file: string) {
    const opened = openHistoryDatabase(file);
    this.db = opened.db;
    this.openProblem = opened.problem;
    const db = this.db;
    this.audit = new AuditStore(db);
    this.prune = new PruneStore(db);
    this.ingest = new IngestStore(db);
    this.stmts = {
      lastSeq: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events WHERE room = ?'),
      range: db.prepare<[string, number, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE room = ? AND seq >= ? AND seq <= ? ORDER BY seq LIMIT ?`),
      rangeDesc: db.prepare<[string, number, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE room = ? AND seq >= ? AND seq <= ? ORDER BY seq DESC LIMIT ?`),
      tsOf: db.prepare<[string, number], { ts: number }>('SELECT ts FROM events WHERE room = ? AND seq = ?'),
      last: db.prepare<[string], { seq: number; ts: number }>('SELECT seq, ts FROM events WHERE room = ? ORDER BY seq DESC LIMIT 1'),
      marks: db.prepare<[string], Mark>(`SELECT seq, ts, code FROM events WHERE room = ? AND type = 'system' AND code IN ('live', 'offline') ORDER BY seq`),
      minutes: db.prepare<[string, number, number], { minute: number; firstSeq: number; danmaku: number; giftValue: number; likes: number }>(
        `SELECT minute, first_seq AS firstSeq, danmaku, gift_value AS giftValue, likes FROM minutes WHERE room = ? AND minute >= ? AND minute <= ? ORDER BY minute`),
      viewerMinutes: db.prepare<[string, number, number], { minute: number; viewers: number }>(
        `SELECT (ts / ${MINUTE}) * ${MINUTE} AS minute, MAX(count) AS viewers FROM viewers WHERE room = ? AND ts >= ? AND ts <= ? GROUP BY ts / ${MINUTE} ORDER BY minute`),
      seqAtOrAfter: db.prepare<[string, number], { seq: number | null }>('SELECT MIN(first_seq) AS seq FROM minutes WHERE room = ? AND minute >= ?'),
      seqAtOrBefore: db.prepare<[string, number], { seq: number | null }>('SELECT MAX(last_seq) AS seq FROM minutes WHERE room = ? AND minute <= ?'),
      addViewers: db.prepare<[string, number, number]>('INSERT OR REPLACE INTO viewers (room, ts, count) VALUES (?, ?, ?)'),
      // Time-weighted: each sample counts until the next one (the last until the session's end).
      viewerStats: db.prepare<{ room: string; start: number; end: number }, { peak: number | null; avg: number | null }>(
        `SELECT MAX(count) AS peak, SUM(count * (next - t0)) * 1.0 / NULLIF(SUM(next - t0), 0) AS avg FROM (
           SELECT MAX(ts, @start) AS t0, count, COALESCE(LEAD(ts) OVER (ORDER BY ts), MAX(@end, ts)) AS next FROM viewers
           WHERE room = @room AND ts >= (SELECT COALESCE(MAX(ts), @start) FROM viewers WHERE room = @room AND ts <= @start) AND ts <= @end)`),
      sessionTotals: db.prepare<[string, number, number], Omit<SessionTotals, 'peakViewers' | 'avgViewers' | 'topSupporter'>>(
        `SELECT COALESCE(SUM(type = 'danmaku'), 0) AS danmaku,
                COALESCE(SUM(CASE WHEN type = 'like' THEN count END), 0) AS likes,
                COALESCE(SUM(CASE WHEN type = 'gift' THEN value END), 0) AS giftValue,
                COUNT(DISTINCT CASE WHEN type = 'danmaku' THEN user_id END) AS uniqueChatters,
                COUNT(DISTINCT CASE WHEN type != 'system' AND role = 'viewer' THEN user_id END) AS uniqueViewers,
                COUNT(DISTINCT CASE WHEN type IN ('danmaku', 'like', 'gift') AND role = 'viewer' THEN user_id END) AS engagedViewers
         FROM events WHERE room = ? AND seq >= ? AND seq <= ?`),
      supporters: db.prepare<[string, number, number, number], { id: string; name: string; role: string; value: number; gifts: number }>(
        `SELECT user_id AS id, MAX(user_name) AS name, MAX(role) AS role, SUM(value) AS value, SUM(count) AS gifts
         FROM events WHERE room = ? AND seq >= ? AND seq <= ? AND type = 'gift' GROUP BY user_id ORDER BY value DESC, gifts DESC LIMIT ?`),
      chatters: db.prepare<[string, number, number, number], { id: string; name: string; role: string; danmaku: number }>(
        `SELECT user_id AS id, MAX(user_name) AS name, MAX(role) AS role, COUNT(*) AS danmaku
         FROM events WHERE room = ? AND seq >= ? AND seq <= ? AND type = 'danmaku' GROUP BY user_id ORDER BY danmaku DESC LIMIT ?`),
      byGift: db.prepare<[string, number, number], SessionAnalytics['revenueByGift'][number]>(
        `SELECT code AS giftId, MAX(json_extract(extra, '$.name')) AS name, SUM(count) AS gifts, SUM(value) AS value
         FROM events WHERE room = ? AND seq >= ? AND seq <= ? AND type = 'gift' GROUP BY code ORDER BY value DESC`),
      returning: db.prepare<[number, string, number, number], { supporters: number; returned: number }>(
        `SELECT COUNT(*) AS supporters, COALESCE(SUM(p.first_seq < ?), 0) AS returned
         FROM (SELECT DISTINCT room, user_id FROM events WHERE room = ? AND seq >= ? AND seq <= ? AND type = 'gift') s
         JOIN supporters p ON p.room = s.room AND p.user_id = s.user_id`),
      moderation: db.prepare<[string, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE room = ? AND seq >= ? AND seq <= ? AND type = 'system' AND code IN ('ban', 'unban', 'delete') ORDER BY seq LIMIT 500`),
      epoch: db.prepare<[string], { epoch: string | null; archives: number }>('SELECT epoch, archives FROM room_logs WHERE room = ?'),
      setEpoch: db.prepare<[string, string]>('INSERT INTO room_logs (room, epoch) VALUES (?, ?) ON CONFLICT (room) DO UPDATE SET epoch = excluded.epoch'),
      cachedStats: db.prepare<[string, number, number], { stats: string }>('SELECT stats FROM session_stats WHERE room = ? AND start_seq = ? AND end_seq = ?'),
      cacheStats: db.prepare<[string, number, number, string]>('INSERT OR REPLACE INTO session_stats (room, start_seq, end_seq, stats) VALUES (?, ?, ?, ?)'),
      // The time zero estimate only improves (see Recording.setDuration): keep the earliest.
      addRecording: db.prepare<[string, string, number]>('INSERT INTO recordings (room, path, started_at) VALUES (?, ?, ?) ON CONFLICT (room, path) DO UPDATE SET started_at = MIN(started_at, excluded.started_at)'),
      endRecording: db.prepare<[number, string, string]>('UPDATE recordings SET ended_at = ? WHERE room = ? AND path = ?'),
      unfinishedRecordings: db.prepare<[], { room: string; path: string; startedAt: number }>('SELECT room, path, started_at AS startedAt FROM recordings WHERE ended_at IS NULL'),
      recordingFor: db.prepare<[string, number, number], { path: string; startedAt: number }>(
        `SELECT path, started_at AS startedAt FROM recordings WHERE room = ? AND started_at <= ? AND COALESCE(ended_at, started_at) >= ?
         ORDER BY started_at DESC LIMIT 5`),
      totals: db.prepare<[string], RoomTotals>(
        `SELECT COUNT(*) AS events,
                COALESCE(SUM(type = 'danmaku'), 0) AS danmaku,
                COALESCE(SUM(CASE WHEN type = 'gift' THEN count END), 0) AS gifts,
                COALESCE(SUM(CASE WHEN type = 'gift' THEN value END), 0) AS giftValue,
                COALESCE(SUM(CASE WHEN type = 'like' THEN count END), 0) AS likes,
                COALESCE(SUM(type = 'enter'), 0) AS enters,
                COUNT(DISTINCT CASE WHEN type != 'system' THEN user_id END) AS uniqueUsers
         FROM events WHERE room = ?`),
      perMinute: db.prepare<[string, number, number], { minute: number; count: number }>(
        'SELECT minute, danmaku AS count FROM minutes WHERE room = ? AND minute >= ? AND minute < ? AND danmaku > 0 ORDER BY minute'),
    };
  }

  // ---- ingest ---------------------------------------------------------------------------------

  /** Stores the event unless (room, seq) is already stored; returns whether it was new. */
  add(room: string, e: RoomEvent): boolean {
    return this.addBatch([{ room, event: e }]) === 1;
  }

  addMany(room: string, events: readonly RoomEvent[]): number {
    return this.addBatch(events.map((event) => ({ room, event })));
  }

  /** Stores a batch in one transaction (all or nothing); returns how many were new. */
  addBatch(items: readonly BatchItem[]): number {
    return this.ingest.addBatch(items);
  }

  /** The room's audience count at `ts` (the hub reports it when it changes). */
  addViewerCount(room: string, ts: number, count: number): void {
    this.stmts.addViewers.run(room, ts, count);
  }

  /** A recording file the pipeline started (`endedAt` once it stopped). */
  addRecording(room: string, file: string, startedAt: number, endedAt?: number): void {
    this.stmts.addRecording.run(room, file, startedAt);
    if (endedAt !== undefined) this.stmts.endRecording.run(endedAt, room, file);
  }

  /**
   * Recordings a previous run never finished (it was killed mid-stream) end when their file was last
   * written; until then they counted as ending where they started and matched no session. Files that
   * are gone (a .ts remuxed to .mp4 under another row) are left as they are. Returns how many ended.
   */
  endUnfinishedRecordings(lastWrite: (file: string) => number | null): number {
    let ended = 0;
    for (const r of this.stmts.unfinishedRecordings.all()) {
      const at = lastWrite(r.path);
      if (at === null) continue;
      this.stmts.endRecording.run(Math.max(Math.round(at), r.startedAt), r.room, r.path);
      ended++;
    }
    return ended;
  }

  /** The relay log epoch the room's stored events belong to (undefined before the first welcome). */
  epoch(room: string): string | undefined {
    return this.stmts.epoch.get(room)?.epoch ?? undefined;
  }

  setEpoch(room: string, epoch: string): void {
    this.stmts.setEpoch.run(room, epoch);
  }

  /** The room's archives (events of earlier relay logs), newest first. */
  archives(room: string): string[] {
    const n = this.stmts.epoch.get(room)?.archives ?? 0;
    return Array.from({ length: n }, (_, i) => `${room}~${n - i}`);
  }

  /**
   * The relay's log was reset: the room's events so far move to a new archive "<room>~<n>" (still
   * listed and searchable) so the new log's seqs, starting at 1 again, are stored too.
   */
  archiveRoom(room: string, newEpoch: string): string {
    return this.db.transaction(() => {
      const n = (this.stmts.epoch.get(room)?.archives ?? 0) + 1;
      const archive = `${room}~${n}`;
      for (const table of ['events', 'minutes', 'viewers', 'recordings', 'session_stats', 'supporters', 'audit']) {
        this.db.prepare(`UPDATE ${table} SET room = ? WHERE room = ?`).run(archive, room);
      }
      this.db.prepare(`INSERT INTO room_logs (room, epoch, archives) VALUES (?, ?, ?)
        ON CONFLICT (room) DO UPDATE SET epoch = excluded.epoch, archives = excluded.archives`).run(room, newEpoch, n);
      return archive;
    })();
  }

  // ---- reading events -------------------------------------------------------------------------

  lastSeq(room: string): number {
    return this.stmts.lastSeq.get(room)?.seq ?? 0;
  }

  /** Events with fromSeq <= seq <= toSeq in seq order (newest first when `desc`), at most `limit`. */
  range(room: string, fromSeq: number, toSeq: number, limit: number, desc = false): RoomEvent[] {
    return (desc ? this.stmts.rangeDesc : this.stmts.range).all(room, fromSeq, toSeq, limit).map(fromRow);
  }

  /** Oldest first after `since`; newest-first pages when only `before` is given, returned oldest first. */
  list(room: string, q: HistoryQuery = {}): RoomEvent[] {
    const limit = Math.min(q.limit ?? 200, 5000);
    const backwards = q.since === undefined && q.before !== undefined;
    const from = (q.since ?? 0) + 1;
    const to = (q.before ?? MAX_SEQ) - 1;
    let events: RoomEvent[];
    if (q.types?.length) {
      const types = q.types.map((t) => `'${t.replace(/[^a-z]/g, '')}'`).join(', ');
      events = this.db.prepare<[string, number, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE room = ? AND seq >= ? AND seq <= ? AND type IN (${types}) ORDER BY seq ${backwards ? 'DESC' : ''} LIMIT ?`,
      ).all(room, from, to, limit).map(fromRow);
    } else {
      events = this.range(room, from, to, limit, backwards);
    }
    return backwards ? events.reverse() : events;
  }

  /** The latest `limit` events of the room, oldest first (the feed after a restart). */
  recent(room: string, limit: number): RoomEvent[] {
    return this.range(room, 1, MAX_SEQ, limit, true).reverse();
  }

  // ---- search ---------------------------------------------------------------------------------

  /** Danmaku containing `text` (newest first), deleted ones excluded. */
  search(room: string, text: string, limit?: number): DanmakuEvent[];
  /** Events matching every given filter, newest first, with the number of matches (capped). */
  search(f: SearchFilter): SearchResult;
  search(a: string | SearchFilter, text?: string, max = 100): DanmakuEvent[] | SearchResult {
    if (typeof a === 'string') {
      if (!text?.trim()) return [];
      return this.search({ room: a, text, limit: max }).events as DanmakuEvent[];
    }
    const f = a;
    const rooms = [f.room, ...(f.alsoRooms ?? [])];
    const args: Record<string, string | number> = Object.fromEntries(rooms.map((r, i) => [`room${i}`, r]));
    const where = [rooms.length === 1 ? 'e.room = @room0' : `e.room IN (${rooms.map((_, i) => `@room${i}`).join(', ')})`];
    const oneRoom = rooms.length === 1;
    let from = 'events e';
    let order = 'e.seq DESC';
    const needle = f.text?.trim();
    if (needle) {
      where.push(`e.type = 'danmaku'`, 'e.deleted = 0');
      if ([...needle].length >= MIN_FTS_QUERY) {
        from = 'danmaku_fts f JOIN events e ON e.id = f.rowid';
        where.push('danmaku_fts MATCH @match');
        args.match = ftsPhrase(needle);
        order = 'f.rowid DESC';
      } else {
        where.push(`e.text LIKE @like ESCAPE '\\'`);
        args.like = like(needle);
      }
    }
    if (f.types?.length) where.push(`e.type IN (${f.types.map((t) => `'${t.replace(/[^a-z]/g, '')}'`).join(', ')})`);
    if (f.user?.trim()) {
      where.push(`(e.user_id = @user OR e.user_name LIKE @userLike ESCAPE '\\')`);
      args.user = f.user.trim();
      args.userLike = like(f.user.trim());
    }
    let seqFrom = f.seqFrom ?? 1;
    let seqTo = f.seqTo ?? MAX_SEQ;
    // Within one room a date range is also a seq range (from the minute roll-ups): the scan stays short.
    if (f.from !== undefined) {
      if (oneRoom) seqFrom = Math.max(seqFrom, this.stmts.seqAtOrAfter.get(f.room, Math.floor(f.from / MINUTE) * MINUTE)?.seq ?? MAX_SEQ);
      where.push('e.ts >= @from');
      args.from = f.from;
    }
    if (f.to !== undefined) {
      if (oneRoom) seqTo = Math.min(seqTo, this.stmts.seqAtOrBefore.get(f.room, f.to)?.seq ?? 0);
      where.push('e.ts <= @to');
      args.to = f.to;
    }
    if (seqFrom > 1) { where.push('e.seq >= @seqFrom'); args.seqFrom = seqFrom; }
    if (seqTo < MAX_SEQ) { where.push('e.seq <= @seqTo'); args.seqTo = seqTo; }
    if (seqFrom > seqTo) return { events: [], rooms: [], total: 0, capped: false };
    const sql = `FROM ${from} WHERE ${where.join(' AND ')}`;
    const limit = Math.min(f.limit ?? 50, 5000);
    const rows = this.db.prepare<Record<string, string | number>, EventRow & { room: string }>(
      `SELECT e.room, e.seq, e.ts, e.type, e.user_id, e.user_name, e.role, e.text, e.code, e.count, e.value, e.deleted, e.extra ${sql} ORDER BY ${order} LIMIT ${limit} OFFSET ${Math.max(0, f.offset ?? 0)}`,
    ).all(args);
    const { n } = this.db.prepare<Record<string, string | number>, { n: number }>(`SELECT COUNT(*) AS n FROM (SELECT 1 ${sql} LIMIT ${SEARCH_COUNT_CAP + 1})`).get(args)!;
    return { events: rows.map(fromRow), rooms: rows.map((r) => r.room), total: Math.min(n, SEARCH_COUNT_CAP), capped: n > SEARCH_COUNT_CAP };
  }

  // ---- sessions -------------------------------------------------------------------------------

  /** The room's sessions, oldest first, open ones ending at the latest event. */
  sessions(room: string): StoredSession[] {
    const spans = deriveSessions(this.stmts.marks.all(room));
    if (spans.length === 0) return [];
    const last = this.stmts.last.get(room)!;
    return spans.map((s) => {
      if (s.endSeq === null) return { ...s, endSeq: last.seq, end: last.ts, open: true };
      return { ...s, endSeq: s.endSeq, end: s.end ?? this.stmts.tsOf.get(room, s.endSeq)?.ts ?? s.start, open: false };
    });
  }

  /** Counts over the session's events and viewers; kept once the session is over. */
  sessionTotals(room: string, s: StoredSession): SessionTotals {
    if (!s.open) {
      const cached = this.stmts.cachedStats.get(room, s.startSeq, s.endSeq);
      if (cached) return JSON.parse(cached.stats) as SessionTotals;
    }
    const counts = this.stmts.sessionTotals.get(room, s.startSeq, s.endSeq)!;
    const v = this.stmts.viewerStats.get({ room, start: s.start, end: s.end });
    const totals: SessionTotals = {
      ...counts,
      peakViewers: v?.peak ?? 0,
      avgViewers: Math.round((v?.avg ?? 0) * 10) / 10,
      topSupporter: this.topSupportersIn(room, s, 1)[0] ?? null,
    };
    if (!s.open) this.stmts.cacheStats.run(room, s.startSeq, s.endSeq, JSON.stringify(totals));
    return totals;
  }

  topSupportersIn(room: string, s: { startSeq: number; endSeq: number }, limit: number): SessionSupporter[] {
    return this.stmts.supporters.all(room, s.startSeq, s.endSeq, limit)
      .map((r) => ({ user: { id: r.id, name: r.name, role: r.role as 'viewer' }, value: r.value, gifts: r.gifts }));
  }

  topChattersIn(room: string, s: { startSeq: number; endSeq: number }, limit: number): { user: { id: string; name: string; role: 'viewer' }; danmaku: number }[] {
    return this.stmts.chatters.all(room, s.startSeq, s.endSeq, limit).map((r) => ({ user: { id: r.id, name: r.name, role: r.role as 'viewer' }, danmaku: r.danmaku }));
  }

  /** One row per minute of the session, quiet minutes as zeros; viewers carried forward between changes. */
  sessionMinutes(room: string, s: { start: number; end: number; startSeq: number; endSeq: number }): SessionMinute[] {
    const first = Math.floor(s.start / MINUTE) * MINUTE;
    const last = Math.floor(s.end / MINUTE) * MINUTE;
    const counts = new Map(this.stmts.minutes.all(room, first, last).map((m) => [m.minute, m]));
    const viewers = new Map(this.stmts.viewerMinutes.all(room, first, last + MINUTE - 1).map((m) => [m.minute, m.viewers]));
    const out: SessionMinute[] = [];
    let v = 0;
    for (let m = first; m <= last && out.length < 7 * 24 * 60; m += MINUTE) {
      const c = counts.get(m);
      v = viewers.get(m) ?? v;
      const firstSeq = c ? Math.min(s.endSeq, Math.max(s.startSeq, c.firstSeq)) : null;
      out.push({ minute: m, firstSeq, danmaku: c?.danmaku ?? 0, giftValue: c?.giftValue ?? 0, likes: c?.likes ?? 0, viewers: v });
    }
    return out;
  }

  /** Bans, unbans and removals within the session, oldest first. */
  moderationIn(room: string, s: { startSeq: number; endSeq: number }): RoomEvent[] {
    return this.stmts.moderation.all(room, s.startSeq, s.endSeq).map(fromRow);
  }

  revenueByGift(room: string, s: { startSeq: number; endSeq: number }): SessionAnalytics['revenueByGift'] {
    return this.stmts.byGift.all(room, s.startSeq, s.endSeq);
  }

  /** Distinct supporters of the session, and how many had given in an earlier session of the room. */
  returningSupporters(room: string, s: { startSeq: number; endSeq: number }): { supporters: number; returned: number } {
    return this.stmts.returning.get(s.startSeq, room, s.startSeq, s.endSeq) ?? { supporters: 0, returned: 0 };
  }

  /** Recordings that overlap the session, latest first. */
  recordingsFor(room: string, s: { start: number; end: number }): { path: string; startedAt: number }[] {
    return this.stmts.recordingFor.all(room, s.end, s.start);
  }

  // ---- whole-room numbers (history.stats) -----------------------------------------------------

  /** Danmaku count per minute (minute = start, ms since the epoch), minutes without danmaku omitted. */
  danmakuPerMinute(room: string, range: TimeRange = {}): { minute: number; count: number }[] {
    return this.stmts.perMinute.all(room, range.from ?? 0, range.to ?? MAX_SEQ);
  }

  topSupporters(room: string, limit = 10): Supporter[] {
    return this.topSupportersIn(room, { startSeq: 1, endSeq: MAX_SEQ }, limit)
      .map((s) => ({ userId: s.user.id, name: s.user.name, value: s.value, gifts: s.gifts }));
  }

  totals(room: string): RoomTotals {
    return this.stmts.totals.get(room) ?? { events: 0, danmaku: 0, gifts: 0, giftValue: 0, likes: 0, enters: 0, uniqueUsers: 0 };
  }

  /** PRAGMA integrity_check's verdict ("ok" when sound). */
  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
