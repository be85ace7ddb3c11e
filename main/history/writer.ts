/**
 * Writes room events to the history in small transactions, off the path that received them: events
 * arriving in the same turn of the event loop (a catch-up page, a burst) share one commit, so the
 * store keeps up with floods without blocking the loop for long. `onStored` runs only after the
 * commit: whatever the studio shows from it is on disk and survives a crash of the process.
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

interface Pending { room: string; event: RoomEvent; onStored: (() => void) | undefined }

export class HistoryWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private deferred = false;

  constructor(private readonly store: Pick<HistoryStore, 'addBatch'>, private readonly onError: (err: Error, lost: number) => void) {}

  get pending(): number {
    return this.queue.length;
  }

  push(room: string, event: RoomEvent, onStored?: () => void): void {
    if (this.closed) {
      onStored?.();
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
    if (!now && !this.deferred && this.queue.length >= BURST && this.queue.length < MAX_BATCH) {
      this.deferred = true;
      setImmediate(() => this.flush());
      return;
    }
    this.deferred = false;
    this.scheduled = false;
    const batch = this.queue.length > MAX_BATCH ? this.queue.splice(0, MAX_BATCH) : this.queue.splice(0);
    if (batch.length === 0) return;
    try {
      this.store.addBatch(batch);
    } catch (err) {
      // The disk is full or the file broke: the live feed goes on, and the streamer is told.
      this.onError(err as Error, batch.length);
    }
    for (const p of batch) p.onStored?.();
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Commits everything queued so far, now. */
  flushAll(): void {
    while (this.queue.length > 0) this.flush(true);
  }

  /** Commits everything still queued (before the store closes). */
  close(): void {
    this.flushAll();
    this.closed = true;
  }
}
