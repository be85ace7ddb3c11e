/**
 * The replay's timeline (pure): a session's events placed on its recording's clock. A danmaku sent at
 * wall-clock `ts` is due at `ts − recording.startedAt` ms into the video; gifts and system events
 * (live, moderation, title…) become marks on the seek bar. Comments are kept sorted by that time so
 * the player finds what is due with a cursor, and where to restart after a seek by binary search.
 */
import type { RoomEvent } from '../../../common/room-protocol';
import type { DanmakuKind } from '../../shared/danmaku/types';
import { boundIndex } from '../../shared/sorted';

export interface ReplayComment {
  seq: number;
  /** ms into the recording. */
  at: number;
  text: string;
  color: string;
  mode: DanmakuKind;
}

export interface ReplayMark {
  seq: number;
  at: number;
  kind: 'gift' | 'system';
  event: RoomEvent;
}

/** How long before the video reaches a comment it may still be shown after a seek (none: start clean). */
export const LATE_MS = 1000;

export class ReplayTimeline {
  readonly comments: ReplayComment[] = [];
  readonly marks: ReplayMark[] = [];

  /** `zero`: wall clock (ms) of the recording's time zero; `durationMs`: events past the end are left out. */
  constructor(private readonly zero: number, private durationMs = Number.POSITIVE_INFINITY) {}

  setDuration(ms: number): void {
    this.durationMs = ms;
  }

  /** Adds a page of events (any order; pages usually arrive in seq order). */
  add(events: readonly RoomEvent[]): void {
    let sortComments = false;
    let sortMarks = false;
    for (const e of events) {
      const at = e.ts - this.zero;
      if (at < 0) continue;
      if (e.type === 'danmaku') {
        if (e.deleted) continue; // removed by a moderator: not replayed
        const last = this.comments[this.comments.length - 1];
        if (last && last.at > at) sortComments = true;
        this.comments.push({ seq: e.seq, at, text: e.text, color: e.color, mode: e.mode });
      } else if (e.type === 'gift' || e.type === 'system') {
        const last = this.marks[this.marks.length - 1];
        if (last && last.at > at) sortMarks = true;
        this.marks.push({ seq: e.seq, at, kind: e.type === 'gift' ? 'gift' : 'system', event: e });
      }
    }
    if (sortComments) this.comments.sort((a, b) => a.at - b.at || a.seq - b.seq);
    if (sortMarks) this.marks.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Index of the first comment due at or after `ms`. */
  indexAt(ms: number): number {
    return boundIndex(this.comments, (c) => c.at, ms);
  }

  /** Marks within the recording, for the seek bar. */
  visibleMarks(): ReplayMark[] {
    return this.marks.filter((m) => m.at <= this.durationMs);
  }

  /** Where `seq` is on the recording's clock (the nearest event at or after it), or null. */
  timeOfSeq(seq: number): number | null {
    const c = this.comments.find((x) => x.seq >= seq);
    const m = this.marks.find((x) => x.seq >= seq);
    const best = [c, m].filter((x): x is ReplayComment | ReplayMark => !!x).sort((a, b) => a.seq - b.seq)[0];
    return best ? best.at : null;
  }
}

/**
 * Walks the comments as the video plays: `due(t)` returns the comments that became due since the
 * last call (those more than LATE_MS behind are skipped, e.g. after the tab slept); a jump back or
 * far ahead (a seek) restarts at `t`.
 */
export class ReplayCursor {
  private i = 0;
  private last = -1;

  constructor(private readonly timeline: ReplayTimeline) {}

  /** A seek: nothing before `t` is shown. */
  reset(t: number): void {
    this.i = this.timeline.indexAt(t);
    this.last = t;
  }

  due(t: number): ReplayComment[] {
    if (this.last < 0 || t < this.last - 50 || t > this.last + 5000) this.reset(t);
    const list = this.timeline.comments;
    const out: ReplayComment[] = [];
    while (this.i < list.length && list[this.i]!.at <= t) {
      const c = list[this.i++]!;
      if (c.at >= t - LATE_MS) out.push(c);
    }
    this.last = t;
    return out;
  }
}
