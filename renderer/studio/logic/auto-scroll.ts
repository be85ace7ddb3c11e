/**
 * Auto-scroll for a chat feed that the streamer can stop to read: while pinned to the bottom, new
 * messages scroll in; scrolling up unpins and counts what arrives ("N new messages ↓"); reaching the
 * bottom again (or the pill) re-pins. Only an upward move unpins, because appending rows, trimming
 * old ones and our own scrollToEnd all change the geometry without the streamer asking for anything.
 */

export interface AutoScrollState {
  pinned: boolean;
  /** Messages that arrived while unpinned. */
  unseen: number;
  lastScrollTop: number;
}

export interface ScrollGeometry {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

/** Within this many px of the bottom counts as "at the bottom" (sub-pixel rounding, a row half in view). */
export const BOTTOM_SLACK_PX = 24;

export const INITIAL_AUTO_SCROLL: AutoScrollState = { pinned: true, unseen: 0, lastScrollTop: 0 };

export function isAtBottom(g: ScrollGeometry, slack = BOTTOM_SLACK_PX): boolean {
  return g.scrollHeight - g.clientHeight - g.scrollTop <= slack;
}

export function onScroll(s: AutoScrollState, g: ScrollGeometry, slack = BOTTOM_SLACK_PX): AutoScrollState {
  if (isAtBottom(g, slack)) {
    if (s.pinned && s.unseen === 0 && s.lastScrollTop === g.scrollTop) return s;
    return { pinned: true, unseen: 0, lastScrollTop: g.scrollTop };
  }
  const movedUp = g.scrollTop < s.lastScrollTop - 1;
  return { pinned: movedUp ? false : s.pinned, unseen: s.unseen, lastScrollTop: g.scrollTop };
}

/** A batch of `n` visible messages arrived. */
export function onAppend(s: AutoScrollState, n: number): AutoScrollState {
  if (n <= 0 || s.pinned) return s;
  return { ...s, unseen: s.unseen + n };
}

/** The pill, or the End key: back to live. */
export function jumpToLatest(s: AutoScrollState): AutoScrollState {
  return { ...s, pinned: true, unseen: 0 };
}

/**
 * The streamer signalled they want to read back (wheel up, PageUp/Home, grabbing the scrollbar).
 * Reacting to the intent rather than waiting for the scroll event matters at 100 events/s: the next
 * frame's "stick to the bottom" would otherwise undo their scroll before it was ever noticed.
 */
export function unpin(s: AutoScrollState): AutoScrollState {
  return s.pinned ? { ...s, pinned: false } : s;
}
