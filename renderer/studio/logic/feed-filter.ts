/**
 * What the danmaku feed shows: the streamer hides noisy event kinds (enters, likes, gifts) and
 * searches by text or viewer name. Pure, so it runs per visible batch and in unit tests.
 */
import type { RoomEvent } from '../../../common/room-protocol';

export interface FeedFilter {
  hideEnters: boolean;
  hideLikes: boolean;
  hideGifts: boolean;
  /** Free text; matched case-insensitively against the message and the viewer's name. */
  query: string;
}

export const DEFAULT_FEED_FILTER: FeedFilter = { hideEnters: false, hideLikes: false, hideGifts: false, query: '' };

/** Lower-cases and trims once per filter change instead of once per event. */
export function normalizeQuery(q: string): string {
  return q.trim().toLocaleLowerCase();
}

export function matchesFilter(e: RoomEvent, f: FeedFilter, normalizedQuery = normalizeQuery(f.query)): boolean {
  if (e.type === 'enter' && f.hideEnters) return false;
  if (e.type === 'like' && f.hideLikes) return false;
  if (e.type === 'gift' && f.hideGifts) return false;
  if (!normalizedQuery) return true;
  if (e.user.name.toLocaleLowerCase().includes(normalizedQuery)) return true;
  const text = e.type === 'danmaku' || e.type === 'system' ? e.text : e.type === 'gift' ? e.name : '';
  return text.toLocaleLowerCase().includes(normalizedQuery);
}

export function filterFeed<T extends RoomEvent>(events: readonly T[], f: FeedFilter): T[] {
  const q = normalizeQuery(f.query);
  if (!q && !f.hideEnters && !f.hideLikes && !f.hideGifts) return events.slice();
  return events.filter((e) => matchesFilter(e, f, q));
}

export function isFilterActive(f: FeedFilter): boolean {
  return f.hideEnters || f.hideLikes || f.hideGifts || normalizeQuery(f.query) !== '';
}
