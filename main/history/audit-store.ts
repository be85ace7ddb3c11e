/**
 * The studio's cache of the hub's audit log (staff actions and automatic decisions), in the history
 * file. The only module that speaks SQL for the `audit` table. Entries are keyed by the hub's id, so
 * a catch-up page and the live event for the same entry are stored once.
 */
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../../common/room-protocol';

export interface AuditFilter {
  /** Entries with id > since. */
  since?: number;
  /** Only entries with `at` in [from, to] (a session's span). */
  from?: number;
  to?: number;
  limit?: number;
}

interface AuditRow {
  id: number; at: number; actor: string; actor_name: string; action: string; target_user_id: string | null;
  target_name: string | null; target_seq: number | null; reason: string | null; detail: string | null;
}

/** Bounds what one read returns; a caller pages on with `since`. */
export const AUDIT_MAX_LIMIT = 1000;

function fromRow(r: AuditRow): AuditEntry {
  return {
    id: r.id, at: r.at, actor: r.actor, actorName: r.actor_name, action: r.action,
    ...(r.target_user_id !== null ? { targetUserId: r.target_user_id } : {}),
    ...(r.target_name !== null ? { targetName: r.target_name } : {}),
    ...(r.target_seq !== null ? { targetSeq: r.target_seq } : {}),
    ...(r.reason !== null ? { reason: r.reason } : {}),
    ...(r.detail !== null ? { detail: r.detail } : {}),
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (Number.isSafeInteger(v) ? v as number : null);

export class AuditStore {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare(`INSERT OR IGNORE INTO audit (room, id, at, actor, actor_name, action, target_user_id, target_name, target_seq, reason, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      lastId: db.prepare<[string], { id: number | null }>('SELECT MAX(id) AS id FROM audit WHERE room = ?'),
      list: db.prepare<[string, number, number, number, number], AuditRow>(
        `SELECT id, at, actor, actor_name, action, target_user_id, target_name, target_seq, reason, detail FROM audit
         WHERE room = ? AND id > ? AND at BETWEEN ? AND ? ORDER BY id LIMIT ?`),
      addMany: db.transaction((room: string, entries: readonly AuditEntry[]) => {
        let added = 0;
        for (const e of entries) added += this.insertOne(room, e);
        return added;
      }),
    };
  }

  /**
   * Stores the entries not stored yet; returns how many were new. What comes from the hub is checked
   * field by field (an entry without an id or time is skipped rather than stored half).
   */
  add(room: string, entries: readonly AuditEntry[]): number {
    return entries.length === 0 ? 0 : this.stmts.addMany(room, entries);
  }

  /** The newest cached entry id of `room` (0 when none): where a catch-up resumes. */
  lastId(room: string): number {
    return this.stmts.lastId.get(room)?.id ?? 0;
  }

  /** Cached entries, oldest first. */
  list(room: string, f: AuditFilter = {}): AuditEntry[] {
    const limit = Math.min(Math.max(1, f.limit ?? 200), AUDIT_MAX_LIMIT);
    return this.stmts.list.all(room, f.since ?? 0, f.from ?? 0, f.to ?? Number.MAX_SAFE_INTEGER, limit).map(fromRow);
  }

  private insertOne(room: string, e: AuditEntry): number {
    const id = int(e.id);
    const at = int(e.at);
    const actor = str(e.actor);
    const action = str(e.action);
    if (id === null || id <= 0 || at === null || actor === null || action === null) return 0;
    return this.stmts.insert.run(room, id, at, actor, str(e.actorName) ?? actor, action, str(e.targetUserId), str(e.targetName),
      int(e.targetSeq), str(e.reason), str(e.detail)).changes;
  }
}
