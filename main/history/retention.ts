/**
 * History retention: keeps everything unless the streamer chose a limit (days, or a size for the
 * history file). Whole sessions go, oldest first, never the one that is open: their room events, search
 * entries, per-minute roll-ups, viewer samples and cached audit. Recording files (and the rows that
 * name them) and replays published on the relay are never deleted here.
 * Off the hot path: deletes run in chunks, each a short transaction, with a pause between chunks so
 * the live feed's writes and the UI's queries interleave (see bench:history's retention figure).
 */
import type { Logger } from '../../media/log';
import type { HistoryStore, StoredSession } from './store';

export interface RetentionPolicy {
  /** Sessions that ended more than this many days ago go; null = no limit. */
  keepDays: number | null;
  /** The history file's live data is kept under this many MB; null = no limit. */
  maxMb: number | null;
}

export interface RetentionRun {
  at: number;
  sessions: number;
  events: number;
}

export interface RetentionOptions {
  log: Logger;
  /** Events per delete transaction (default 500: a few ms each, FTS entries included). */
  chunk?: number;
  /** Pause between chunks, ms (default 15). */
  gapMs?: number;
  /** How often the policy is applied while the studio runs (default hourly). */
  everyMs?: number;
  /** First run after start (default 30 s: not while the studio is starting). */
  firstMs?: number;
  now?: () => number;
}

const DAY = 86_400_000;

interface Victim { room: string; s: StoredSession }

export class HistoryRetention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionRun> | null = null;
  private again = false;
  private stopped = false;
  last: RetentionRun | null = null;

  constructor(private readonly store: HistoryStore, private readonly policy: () => RetentionPolicy, private readonly opts: RetentionOptions) {}

  start(): void {
    this.schedule(this.opts.firstMs ?? 30_000);
  }

  /** The policy changed: apply it soon (coalesced with a run in progress). */
  request(): void {
    if (this.running) this.again = true;
    else this.schedule(1000);
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Applies the policy now; resolves with what was removed. */
  run(): Promise<RetentionRun> {
    this.running ??= this.prune().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.schedule(0);
      }
    });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run().catch((err: Error) => this.opts.log.warn(`history retention failed: ${err.message}`)).finally(() => this.schedule(this.opts.everyMs ?? 3_600_000));
    }, ms);
    this.timer.unref();
  }

  /** Closed sessions to remove, oldest first. */
  private victims(p: RetentionPolicy): Victim[] {
    const now = (this.opts.now ?? Date.now)();
    const closed = this.store.prune.rooms()
      .flatMap((room) => this.store.sessions(room).filter((s) => !s.open).map((s) => ({ room, s })))
      .sort((a, b) => a.s.start - b.s.start);
    const out = new Set<Victim>();
    if (p.keepDays !== null) for (const v of closed) if (v.s.end < now - p.keepDays * DAY) out.add(v);
    if (p.maxMb !== null) {
      // Deleting frees pages inside the file (reused before it grows): estimate from the average
      // event size rather than re-measuring after each session.
      const used = this.store.prune.usedBytes();
      const events = Math.max(1, this.store.prune.eventCount());
      let excess = used - p.maxMb * 1024 * 1024;
      for (const v of closed) {
        if (excess <= 0) break;
        if (!out.has(v)) out.add(v);
        excess -= (v.s.endSeq - v.s.startSeq + 1) * (used / events);
      }
    }
    return [...out].sort((a, b) => a.s.start - b.s.start);
  }

  private async prune(): Promise<RetentionRun> {
    const p = this.policy();
    const run: RetentionRun = { at: (this.opts.now ?? Date.now)(), sessions: 0, events: 0 };
    if (p.keepDays === null && p.maxMb === null) return (this.last = run);
    const victims = this.victims(p);
    const chunk = this.opts.chunk ?? 500;
    const gap = () => new Promise<void>((r) => setTimeout(r, this.opts.gapMs ?? 15));
    // Per room, everything up to the last victim's end goes (events between sessions with it).
    const cuts = new Map<string, StoredSession>();
    for (const v of victims) cuts.set(v.room, v.s);
    for (const [room, s] of cuts) {
      const beforeSeq = s.endSeq + 1;
      for (let n = 1; n > 0 && !this.stopped;) {
        n = this.store.prune.deleteEvents(room, beforeSeq, chunk);
        run.events += n;
        await gap();
      }
      for (let n = 1; n > 0 && !this.stopped;) {
        n = this.store.prune.deleteDerived(room, beforeSeq, s.end + 1, chunk);
        await gap();
      }
    }
    run.sessions = victims.length;
    // Deletes leave markers in the search index; merge it a bounded step at a time.
    for (let i = 0; i < 50 && run.events > 0 && !this.stopped && this.store.prune.mergeIndex(64); i++) await gap();
    if (run.events > 0) this.opts.log.info(`history retention: removed ${run.sessions} session(s), ${run.events} events (recordings kept)`);
    return (this.last = run);
  }
}
