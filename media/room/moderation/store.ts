/**
 * The moderation tables of the room log's SQLite file (migration 7): held danmaku and the audit
 * log. The events themselves (and a held event's flag) stay in EventLog; this module shares its
 * connection so a hold and its event are written in one transaction.
 */
import type Database from 'better-sqlite3';
import type { AuditEntry, HeldMessage, RoomEvent } from '../../../common/room-protocol';

interface HoldRow { seq: number; rule: string; detail: string; ts: number; body: string }
interface AuditRow {
  id: number; ts: number; actor: string; actor_name: string; action: string; target_user: string | null;
  target_name: string | null; target_seq: number | null; reason: string | null; detail: string | null;
}

export type AuditDraft = Omit<AuditEntry, 'id'>;

export class ModerationStore {
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      hold: db.prepare('INSERT INTO holds (room, seq, rule, detail, ts) VALUES (?, ?, ?, ?, ?)'),
      pending: db.prepare<[string, number], HoldRow>(
        `SELECT h.seq, h.rule, h.detail, h.ts, e.body FROM holds h JOIN events e ON e.room = h.room AND e.seq = h.seq
         WHERE h.room = ? AND h.state = 'pending' ORDER BY h.seq LIMIT ?`),
      pendingOne: db.prepare<[string, number], HoldRow>(
        `SELECT h.seq, h.rule, h.detail, h.ts, e.body FROM holds h JOIN events e ON e.room = h.room AND e.seq = h.seq
         WHERE h.room = ? AND h.seq = ? AND h.state = 'pending'`),
      review: db.prepare("UPDATE holds SET state = ?, reviewed_by = ?, reviewed_at = ? WHERE room = ? AND seq = ? AND state = 'pending'"),
      release: db.prepare('UPDATE events SET held = ? WHERE room = ? AND seq = ?'),
      audit: db.prepare(`INSERT INTO audit (room, ts, actor, actor_name, action, target_user, target_name, target_seq, reason, detail)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      auditSince: db.prepare<[string, number, number], AuditRow>('SELECT * FROM audit WHERE room = ? AND id > ? ORDER BY id LIMIT ?'),
      auditLatest: db.prepare<[string, number], AuditRow>('SELECT * FROM (SELECT * FROM audit WHERE room = ? ORDER BY id DESC LIMIT ?) ORDER BY id'),
      prune: db.prepare('DELETE FROM audit WHERE ts < ?'),
    };
  }

  /** Records that the (already appended, held) event `seq` waits for review. */
  hold(room: string, seq: number, rule: string, detail: string, at: number): void {
    this.stmts.hold.run(room, seq, rule, detail, at);
  }

  /** The review queue, oldest first. */
  pending(room: string, limit = 500): HeldMessage[] {
    return this.stmts.pending.all(room, limit).map(toHeld);
  }

  pendingOne(room: string, seq: number): HeldMessage | undefined {
    const row = this.stmts.pendingOne.get(room, seq);
    return row ? toHeld(row) : undefined;
  }

  /** Approves (the event becomes public in its place) or denies (it stays hidden); false if it was not pending. */
  review(room: string, seq: number, approve: boolean, by: string, at: number): boolean {
    return this.db.transaction(() => {
      if (this.stmts.review.run(approve ? 'approved' : 'denied', by, at, room, seq).changes === 0) return false;
      this.stmts.release.run(approve ? 0 : 2, room, seq);
      return true;
    })();
  }

  addAudit(room: string, e: AuditDraft): AuditEntry {
    const r = this.stmts.audit.run(room, e.at, e.actor, e.actorName, e.action, e.targetUserId ?? null, e.targetName ?? null,
      e.targetSeq ?? null, e.reason ?? null, e.detail ?? null);
    return { id: Number(r.lastInsertRowid), ...e };
  }

  /** Entries with id > `since`, or the newest `limit` when `since` is undefined; oldest first either way. */
  audit(room: string, since: number | undefined, limit: number): AuditEntry[] {
    const rows = since === undefined ? this.stmts.auditLatest.all(room, limit) : this.stmts.auditSince.all(room, since, limit);
    return rows.map(toAudit);
  }

  /** Forgets audit entries older than `before` (ms since the epoch). */
  pruneAudit(before: number): number {
    return this.stmts.prune.run(before).changes;
  }
}

function toHeld(r: HoldRow): HeldMessage {
  const e = JSON.parse(r.body) as RoomEvent;
  return { holdId: r.seq, user: e.user, text: e.type === 'danmaku' ? e.text : '', rule: r.rule, detail: r.detail, at: r.ts };
}

function toAudit(r: AuditRow): AuditEntry {
  return {
    id: r.id, at: r.ts, actor: r.actor, actorName: r.actor_name, action: r.action,
    ...(r.target_user !== null ? { targetUserId: r.target_user } : {}),
    ...(r.target_name !== null ? { targetName: r.target_name } : {}),
    ...(r.target_seq !== null ? { targetSeq: r.target_seq } : {}),
    ...(r.reason !== null ? { reason: r.reason } : {}),
    ...(r.detail !== null ? { detail: r.detail } : {}),
  };
}
