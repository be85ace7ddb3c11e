/**
 * What a paused feed shows: the rows it already showed plus what arrived since, never trimmed.
 * The store drops its oldest events once it is full (FEED_CAP); removing rows above a streamer who
 * scrolled up to read would slide the text under their eyes. Once live again, the store's list is
 * shown as is. Lists are seq-ordered.
 */
import { countNewer } from './unseen';

export function pausedView<T extends { seq: number }>(shown: readonly T[], latest: readonly T[], pinned: boolean, cap: number): readonly T[] {
  if (pinned || shown.length === 0 || shown.length > cap) return latest;
  const fresh = countNewer(latest, shown[shown.length - 1]!.seq);
  return fresh ? shown.concat(latest.slice(latest.length - fresh)) : shown;
}
