/**
 * Lane allocation for danmaku, pure and clock-agnostic so it can be unit-tested.
 *
 * Scrolling comments travel from the right border to the left in a fixed `duration` (the usual
 * danmaku convention: every comment is readable for the same time, so longer ones move faster).
 * A comment may enter a lane only when it can never touch the comment ahead of it in that lane:
 *   1. at entry, the previous comment's tail has already cleared the right border, and
 *   2. if the newcomer is faster, it does not catch up before the previous one has left the screen.
 * Both positions are linear in time, so checking those two instants is sufficient.
 * Top and bottom comments stay centred for `fixedDuration`; they stack from the top (resp. bottom)
 * edge into the first lane that is free.
 */
import type { DanmakuKind, Placement } from './types';

export interface LaneConfig {
  /** Stage width in CSS px. */
  width: number;
  /** Number of lanes that fit on the stage (height / line height). */
  lanes: number;
  /** Scroll time across the stage, ms. */
  duration: number;
  /** How long a top/bottom comment stays, ms. */
  fixedDuration: number;
  /** Minimum gap between two comments in a lane, px. */
  gap: number;
}

interface ScrollTail {
  start: number;
  width: number;
  speed: number;
}

export class LaneAllocator {
  private scroll: (ScrollTail | undefined)[] = [];
  /** Per fixed lane: the time it becomes free. */
  private top: number[] = [];
  private bottom: number[] = [];
  private cfg: LaneConfig;

  constructor(cfg: LaneConfig) {
    this.cfg = { ...cfg };
    this.resize(cfg);
  }

  get config(): Readonly<LaneConfig> {
    return this.cfg;
  }

  /** Keeps what is on lanes that still exist; the renderer keeps drawing comments already placed. */
  resize(cfg: Partial<LaneConfig>): void {
    this.cfg = { ...this.cfg, ...cfg };
    const n = Math.max(0, Math.floor(this.cfg.lanes));
    this.scroll.length = n;
    this.top = resizeArray(this.top, n, 0);
    this.bottom = resizeArray(this.bottom, n, 0);
  }

  /** Forgets everything (seek, stage cleared). */
  clear(): void {
    this.scroll = new Array<ScrollTail | undefined>(this.scroll.length);
    this.top.fill(0);
    this.bottom.fill(0);
  }

  scrollSpeed(width: number): number {
    return (this.cfg.width + width) / this.cfg.duration;
  }

  /** True when a scrolling comment of `width` px entering lane `lane` at `now` never touches its predecessor. */
  scrollFits(lane: number, width: number, now: number): boolean {
    const prev = this.scroll[lane];
    if (!prev) return true;
    const { width: W, gap } = this.cfg;
    // 1. the predecessor's tail (plus the gap) has cleared the right border
    const tailClearAt = prev.start + (prev.width + gap) / prev.speed;
    if (now < tailClearAt) return false;
    // 2. the newcomer's head stays behind the predecessor's tail until the predecessor is gone
    const speed = this.scrollSpeed(width);
    if (speed <= prev.speed) return true;
    const prevGoneAt = prev.start + (W + prev.width) / prev.speed;
    const headAt = W - speed * (prevGoneAt - now);
    return headAt >= 0;
  }

  /** Places a comment, or returns null when no lane can take it now (the caller queues or drops it). */
  place(kind: DanmakuKind, width: number, now: number): Placement | null {
    if (kind === 'scroll') return this.placeScroll(width, now);
    return this.placeFixed(kind, width, now);
  }

  private placeScroll(width: number, now: number): Placement | null {
    for (let lane = 0; lane < this.scroll.length; lane++) {
      if (!this.scrollFits(lane, width, now)) continue;
      const speed = this.scrollSpeed(width);
      this.scroll[lane] = { start: now, width, speed };
      return { kind: 'scroll', lane, start: now, end: now + this.cfg.duration, width, speed };
    }
    return null;
  }

  private placeFixed(kind: 'top' | 'bottom', width: number, now: number): Placement | null {
    const lanes = kind === 'top' ? this.top : this.bottom;
    for (let lane = 0; lane < lanes.length; lane++) {
      if ((lanes[lane] ?? 0) > now) continue;
      const end = now + this.cfg.fixedDuration;
      lanes[lane] = end;
      return { kind, lane, start: now, end, width, speed: 0 };
    }
    return null;
  }
}

function resizeArray(a: number[], n: number, fill: number): number[] {
  const out = a.slice(0, n);
  while (out.length < n) out.push(fill);
  return out;
}

/** Horizontal position (left edge, CSS px) of a placed comment at `now`. */
export function xAt(p: Placement, stageWidth: number, now: number): number {
  if (p.kind === 'scroll') return stageWidth - p.speed * (now - p.start);
  return (stageWidth - p.width) / 2;
}
