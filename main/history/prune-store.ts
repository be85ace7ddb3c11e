/**
 * The SQL of history retention (same file as the HistoryStore): deleting the oldest events of a room
 * in small chunks, each its own short transaction, with their search-index entries, and then the
 * roll-ups, viewer samples, cached totals and audit entries of what is gone. Recording files and the
 * `recordings` rows that name them are never touched here.
 */
import type Database from 'better-sqlite3';

export class PruneStore {
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      rooms: db.prepare<[], { room: string }>('SELECT DISTINCT room FROM minutes'),
      chunk: db.prepare<[string, number, number], { id: number; seq: number; type: string; text: string | null }>(
        'SELECT id, seq, type, text FROM events WHERE room = ? AND seq < ? ORDER BY seq LIMIT ?'),
      unindex: db.prepare<[number, string]>(`INSERT INTO danmaku_fts (danmaku_fts, rowid, text) VALUES ('delete', ?, ?)`),
      deleteSeqs: db.prepare<[string, number, number]>('DELETE FROM events WHERE room = ? AND seq >= ? AND seq <= ?'),
      minutes: db.prepare<[string, string, number, number]>('DELETE FROM minutes WHERE room = ? AND minute IN (SELECT minute FROM minutes WHERE room = ? AND last_seq < ? LIMIT ?)'),
      viewers: db.prepare<[string, string, number, number]>('DELETE FROM viewers WHERE room = ? AND ts IN (SELECT ts FROM viewers WHERE room = ? AND ts < ? LIMIT ?)'),
      stats: db.prepare<[string, number]>('DELETE FROM session_stats WHERE room = ? AND start_seq < ?'),
      audit: db.prepare<[string, string, number, number]>('DELETE FROM audit WHERE room = ? AND id IN (SELECT id FROM audit WHERE room = ? AND at < ? LIMIT ?)'),
      events: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM events'),
      merge: db.prepare<[number]>(`INSERT INTO danmaku_fts (danmaku_fts, rank) VALUES ('merge', ?)`),
    };
  }

  /** Every room and archive with stored events. */
  rooms(): string[] {
    return this.stmts.rooms.all().map((r) => r.room);
  }

  /** Bytes the file's live pages hold (free pages are reused before the file grows again). */
  usedBytes(): number {
    const size = this.db.pragma('page_size', { simple: true }) as number;
    const count = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    return (count - free) * size;
  }

  eventCount(): number {
    return this.stmts.events.get()!.n;
  }

  /** Deletes up to `limit` of the room's oldest events with seq < beforeSeq (one transaction); returns how many. */
  deleteEvents(room: string, beforeSeq: number, limit: number): number {
    return this.db.transaction(() => {
      const rows = this.stmts.chunk.all(room, beforeSeq, limit);
      if (rows.length === 0) return 0;
      for (const r of rows) {
        // Only rows the index holds may be removed from it: danmaku with text (one removed before it
        // was stored has none and never was indexed; see migration 8 and IngestStore).
        if (r.type === 'danmaku' && r.text !== null) this.stmts.unindex.run(r.id, r.text);
      }
      this.stmts.deleteSeqs.run(room, rows[0]!.seq, rows[rows.length - 1]!.seq);
      return rows.length;
    })();
  }

  /** Deletes up to `limit` rows of roll-ups, viewer samples and audit entries before the cut; returns how many. */
  deleteDerived(room: string, beforeSeq: number, beforeTs: number, limit: number): number {
    return this.db.transaction(() => {
      let n = this.stmts.minutes.run(room, room, beforeSeq, limit).changes;
      n += this.stmts.viewers.run(room, room, beforeTs, limit).changes;
      n += this.stmts.audit.run(room, room, beforeTs, limit).changes;
      n += this.stmts.stats.run(room, beforeSeq).changes;
      return n;
    })();
  }

  /** One bounded step of merging the search index's segments (reclaims what deletes left); false when there was nothing to do. */
  mergeIndex(pages: number): boolean {
    const before = this.db.prepare('SELECT total_changes() AS n').pluck().get() as number;
    this.stmts.merge.run(pages);
    const after = this.db.prepare('SELECT total_changes() AS n').pluck().get() as number;
    return after - before > 1;
  }
}
