/**
 * Which replay comments are due as the video plays (pure, unit-tested): each comment once, when the
 * playhead passes its moment. A jump backwards or further ahead than normal playback goes in one
 * frame is a seek: nothing is replayed for the skipped stretch, and the layer starts afresh there.
 */
import type { ReplayComment } from '../../common/replay';
import { boundIndex } from '../shared/sorted';

/** More than this between two frames is a seek, not playback (2× speed at a few frames a second). */
const MAX_STEP_SEC = 1.5;

export class CommentCursor {
  private readonly list: ReplayComment[];
  private next = 0;
  private last = 0;
  /** Posted here and already shown: not replayed when the playhead reaches them this time. */
  private readonly shownOnce = new Set<ReplayComment>();

  constructor(comments: readonly ReplayComment[]) {
    this.list = [...comments].sort((a, b) => a.t - b.t);
  }

  get size(): number {
    return this.list.length;
  }

  /** The comments whose moment the playhead passed since the last call; `seeked` when it jumped. */
  advance(t: number): { seeked: boolean; due: ReplayComment[] } {
    if (t < this.last || t - this.last > MAX_STEP_SEC) {
      this.last = t;
      this.next = this.lowerBound(t);
      this.shownOnce.clear();
      return { seeked: true, due: [] };
    }
    const due: ReplayComment[] = [];
    while (this.next < this.list.length && this.list[this.next]!.t <= t) {
      const c = this.list[this.next++]!;
      if (!this.shownOnce.delete(c)) due.push(c);
    }
    this.last = t;
    return { seeked: false, due };
  }

  /** A comment posted here: kept in order, not replayed now (the page shows it already). */
  insert(c: ReplayComment): void {
    const i = this.upperBound(c.t);
    this.list.splice(i, 0, c);
    if (i < this.next) this.next++;
    else this.shownOnce.add(c);
  }

  private lowerBound(t: number): number {
    return boundIndex(this.list, (c) => c.t, t);
  }

  private upperBound(t: number): number {
    return boundIndex(this.list, (c) => c.t, t, true);
  }
}
