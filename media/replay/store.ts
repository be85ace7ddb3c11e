/**
 * SQL for replays, on the room log's database (media/room/event-log.ts; schema in
 * media/room/migrations.ts, migration 8): which sessions are published, the comments viewers post on
 * replays, and the live log's danmaku of one session (filtered in SQL by seq range, type and state).
 */
import type Database from 'better-sqlite3';
import type { DanmakuMode, RoomUser } from '../../common/room-protocol';

export interface StoredReplayComment { id: number; posMs: number; text: string; color: string; mode: DanmakuMode }
export interface LogDanmaku { seq: number; ts: number; text: string; color: string; mode: DanmakuMode }

interface LogRow { seq: number; ts: number; body: string }

export class ReplayStore {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      setPublished: db.prepare('INSERT OR REPLACE INTO replays (room, session, published, updated_at) VALUES (?, ?, ?, ?)'),
      published: db.prepare<[string, number], { published: number }>('SELECT published FROM replays WHERE room = ? AND session = ?'),
      publishedOf: db.prepare<[string], { session: number }>('SELECT session FROM replays WHERE room = ? AND published = 1'),
      add: db.prepare('INSERT INTO replay_comments (room, session, pos_ms, ts, user_id, user_name, text, color, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      count: db.prepare<[string, number], { n: number }>('SELECT COUNT(*) AS n FROM replay_comments WHERE room = ? AND session = ?'),
      // The newest `limit` comments, in video order.
      comments: db.prepare<[string, number, number], { id: number; pos_ms: number; text: string; color: string; mode: string }>(
        'SELECT * FROM (SELECT id, pos_ms, text, color, mode FROM replay_comments WHERE room = ? AND session = ? ORDER BY id DESC LIMIT ?) ORDER BY pos_ms, id'),
      isLiveMark: db.prepare<[string, number], { n: number }>("SELECT 1 AS n FROM events WHERE room = ? AND seq = ? AND type = 'system' AND json_extract(body, '$.code') = 'live'"),
      // The session ends at the next live/offline mark (a live without offline: the relay restarted mid-stream).
      nextMark: db.prepare<[string, number], { seq: number; code: string }>(
        "SELECT seq, json_extract(body, '$.code') AS code FROM events WHERE room = ? AND seq > ? AND type = 'system' AND json_extract(body, '$.code') IN ('live', 'offline') ORDER BY seq LIMIT 1"),
      danmaku: db.prepare<[string, number, number, number], LogRow>(
        "SELECT seq, ts, body FROM events WHERE room = ? AND seq > ? AND seq < ? AND type = 'danmaku' AND held = 0 AND deleted = 0 ORDER BY seq LIMIT ?"),
    };
  }

  setPublished(room: string, session: number, published: boolean, at: number): void {
    this.s.setPublished.run(room, session, published ? 1 : 0, at);
  }

  isPublished(room: string, session: number): boolean {
    return this.s.published.get(room, session)?.published === 1;
  }

  publishedSessions(room: string): Set<number> {
    return new Set(this.s.publishedOf.all(room).map((r) => r.session));
  }

  addComment(room: string, session: number, c: { posMs: number; ts: number; user: RoomUser; text: string; color: string; mode: DanmakuMode }): number {
    return Number(this.s.add.run(room, session, c.posMs, c.ts, c.user.id, c.user.name, c.text, c.color, c.mode).lastInsertRowid);
  }

  commentCount(room: string, session: number): number {
    return this.s.count.get(room, session)?.n ?? 0;
  }

  comments(room: string, session: number, limit: number): StoredReplayComment[] {
    return this.s.comments.all(room, session, limit).map((r) => ({ id: r.id, posMs: r.pos_ms, text: r.text, color: r.color, mode: r.mode as DanmakuMode }));
  }

  isLiveMark(room: string, seq: number): boolean {
    return this.s.isLiveMark.get(room, seq) !== undefined;
  }

  /** Seq of the mark that ended the session started at `session` (null: still the last one). */
  endOf(room: string, session: number): number | null {
    return this.s.nextMark.get(room, session)?.seq ?? null;
  }

  /** The live danmaku of a session (visible ones: not held, not deleted), oldest first, at most `limit`. */
  logDanmaku(room: string, fromSeq: number, toSeq: number, limit: number): LogDanmaku[] {
    const out: LogDanmaku[] = [];
    for (const r of this.s.danmaku.all(room, fromSeq, toSeq, limit)) {
      const e = JSON.parse(r.body) as { text?: unknown; color?: unknown; mode?: unknown };
      if (typeof e.text !== 'string') continue;
      out.push({ seq: r.seq, ts: r.ts, text: e.text, color: typeof e.color === 'string' ? e.color : '#ffffff', mode: e.mode === 'top' || e.mode === 'bottom' ? e.mode : 'scroll' });
    }
    return out;
  }
}
