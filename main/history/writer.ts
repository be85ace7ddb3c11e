/**
 * Writes room events to the history in small transactions, off the path that received them: events
 * arriving in the same turn of the event loop (a catch-up page, a burst) share one commit, so the
 * store keeps up with floods without blocking the loop for long. `onStored` runs only after the
 * commit: whatever the studio shows from it is on disk and survives a crash of the process.
 *
 * A commit that fails (disk full, file broken) never costs the events: they stay queued, in order,
 * and are tried again every few seconds, while the live feed goes on (their `onStored` runs at once).
 * Only beyond `MAX_HELD` events waiting are the oldest given up, and counted.
 */
import type { RoomEvent } from '../../common/room-protocol';
import type { HistoryStore } from './store';

/** Events per transaction at most; a bigger backlog is committed over several turns. */
const MAX_BATCH = 4000;
/**
 * A turn that brought at least this many events is a burst (a catch-up page, a flood): its commit
 * waits one more turn for the rest of the burst. Each commit ends the full-text index's in-memory
 * segment and later costs a merge, so fewer, larger commits make ingest cheaper; a steady room (a few
 * events per turn) is committed at once, as before.
 */
const BURST = 1000;
/** Events kept in memory while the store refuses writes (~300 bytes each); older ones are given up. */
export const MAX_HELD = 100_000;
/** How long to wait before trying a failed store again. */
export const RETRY_MS = 3000;

/** What the writer reports while the store refuses writes, and when it takes them again. */
export interface WriterProblems {
  /** A commit failed: `waiting` events are held for the next try, `lost` were given up so far. */
  failed(err: Error, waiting: number, lost: number): void;
  /** A retry succeeded: everything held has been saved. */
  recovered(saved: number): void;
}

interface Pending { room: string; event: RoomEvent; onStored: (() => void) | undefined }

export class HistoryWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private deferred = false;
  /** Set while the store refuses writes: a timer, not each push, tries it again. */
  private failing = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Given up (beyond MAX_HELD) since the store started refusing. */
  private lost = 0;
  /** Held events saved since the store started taking writes again. */
  private saved = 0;

  constructor(
    private readonly store: Pick<HistoryStore, 'addBatch'>,
    private readonly problems: WriterProblems,
    private readonly retryMs = RETRY_MS,
    private readonly maxHeld = MAX_HELD,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  push(room: string, event: RoomEvent, onStored?: () => void): void {
    if (this.closed) {
      onStored?.();
      return;
    }
    if (this.failing) {
      // The feed must not wait for a disk that is full: show it now, save it when the store takes it.
      onStored?.();
      this.queue.push({ room, event, onStored: undefined });
      this.bound();
      return;
    }
    this.queue.push({ room, event, onStored });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Commits one batch (a burst, one turn later unless `now`); schedules the rest. */
  flush(now = false): void {
    if (this.failing && !now) return; // the retry timer drives a failing store
    if (!now && !this.deferred && this.queue.length >= BURST && this.queue.length < MAX_BATCH) {
      this.deferred = true;
      setImmediate(() => this.flush());
      return;
    }
    this.deferred = false;
    this.scheduled = false;
    const n = Math.min(this.queue.length, MAX_BATCH);
    if (n === 0) return;
    const batch = this.queue.slice(0, n);
    try {
      this.store.addBatch(batch);
    } catch (err) {
      this.fail(err as Error, batch);
      return;
    }
    this.queue.splice(0, n);
    for (const p of batch) p.onStored?.();
    if (this.failing) {
      this.saved += n;
      // Catch up one batch a turn, so a long backlog never holds the loop.
      if (this.queue.length > 0) { setImmediate(() => { if (!this.closed) this.flush(true); }); return; }
      this.failing = false;
      this.problems.recovered(this.saved);
      this.saved = 0;
      this.lost = 0;
    }
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Commits everything queued so far, now (as far as the store takes it). */
  flushAll(): void {
    while (this.queue.length > 0) {
      const before = this.queue.length;
      this.flush(true);
      if (this.queue.length >= before) break; // the store refuses: the events stay held
    }
  }

  /** Commits everything still queued (before the store closes); what the store refuses now is lost. */
  close(): void {
    this.flushAll();
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.queue.length > 0) this.problems.failed(new Error('the history closed with a write failing'), 0, this.lost + this.queue.length);
    this.queue = [];
  }

  private fail(err: Error, batch: Pending[]): void {
    // The batch stays at the head of the queue; the feed shows it now and stops waiting for it.
    for (const p of batch) {
      p.onStored?.();
      p.onStored = undefined;
    }
    if (!this.failing) {
      this.failing = true;
      this.scheduled = false;
    }
    this.bound();
    this.problems.failed(err, this.queue.length, this.lost);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed) this.flush(true);
    }, this.retryMs);
    this.retryTimer.unref?.();
  }

  private bound(): void {
    const over = this.queue.length - this.maxHeld;
    if (over > 0) {
      this.queue.splice(0, over);
      this.lost += over;
    }
  }
}
