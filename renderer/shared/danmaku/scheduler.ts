/**
 * Density control in front of the lane allocator, pure: a burst of comments must neither cover the
 * whole video nor pile up into a backlog that replays for minutes. Comments that find no lane wait in
 * a short queue; a comment that waited longer than `maxWaitMs`, or that would grow the queue past
 * `maxQueue`, is dropped (oldest first), and nothing new is placed while `maxOnScreen` are showing.
 */
import { LaneAllocator, type LaneConfig } from './lanes';
import type { DanmakuKind, Placement } from './types';

export interface DensityConfig {
  /** Cap on comments showing at once. */
  maxOnScreen: number;
  /** Cap on comments waiting for a lane. */
  maxQueue: number;
  /** A comment waiting longer than this is stale and dropped. */
  maxWaitMs: number;
}

export const DEFAULT_DENSITY: DensityConfig = { maxOnScreen: 300, maxQueue: 200, maxWaitMs: 3000 };

interface Waiting<T> {
  item: T;
  kind: DanmakuKind;
  width: number;
  queuedAt: number;
  /** The moment the comment belongs to (a replay); placed there when a lane was free then. */
  due?: number | undefined;
}

/** A replayed comment is placed at its own moment when the frame that handles it is at most this late. */
export const ON_TIME_MS = 500;

export interface Scheduled<T> {
  item: T;
  placement: Placement;
}

export class DanmakuScheduler<T> {
  readonly lanes: LaneAllocator;
  private queue: Waiting<T>[] = [];
  private showingEnds: number[] = [];
  density: DensityConfig;
  /** Counters, for the UI ("n hidden") and for tests. */
  dropped = 0;
  /** Called for every comment given up on, so the owner can free what it holds (bitmaps). */
  onDrop: ((item: T) => void) | null = null;

  constructor(lanes: LaneConfig, density: Partial<DensityConfig> = {}) {
    this.lanes = new LaneAllocator(lanes);
    this.density = { ...DEFAULT_DENSITY, ...density };
  }

  get queued(): number {
    return this.queue.length;
  }

  onScreen(now: number): number {
    this.expire(now);
    return this.showingEnds.length;
  }

  /** `due`: the comment's own moment on the clock (a replay), so a late frame still draws it where it belongs. */
  enqueue(item: T, kind: DanmakuKind, width: number, now: number, due?: number): void {
    this.queue.push({ item, kind, width, queuedAt: now, due });
    while (this.queue.length > this.density.maxQueue) {
      const gone = this.queue.shift();
      if (gone) this.drop(gone.item);
    }
  }

  /** Places as many waiting comments as lanes and the density cap allow; call once per frame. */
  tick(now: number): Scheduled<T>[] {
    this.expire(now);
    const out: Scheduled<T>[] = [];
    const keep: Waiting<T>[] = [];
    for (const w of this.queue) {
      if (now - w.queuedAt > this.density.maxWaitMs) {
        this.drop(w.item);
        continue;
      }
      if (this.showingEnds.length >= this.density.maxOnScreen) {
        keep.push(w);
        continue;
      }
      const onTime = w.due !== undefined && w.due <= now && now - w.due <= ON_TIME_MS ? this.lanes.place(w.kind, w.width, w.due) : null;
      const placement = onTime ?? this.lanes.place(w.kind, w.width, now);
      if (!placement) {
        keep.push(w);
        continue;
      }
      this.showingEnds.push(placement.end);
      out.push({ item: w.item, placement });
    }
    this.queue = keep;
    return out;
  }

  clear(): void {
    for (const w of this.queue) this.onDrop?.(w.item);
    this.queue = [];
    this.showingEnds = [];
    this.lanes.clear();
  }

  private drop(item: T): void {
    this.dropped++;
    this.onDrop?.(item);
  }

  private expire(now: number): void {
    if (this.showingEnds.length === 0) return;
    this.showingEnds = this.showingEnds.filter((end) => end > now);
  }
}
