/**
 * The studio's view of the live room for this session: the chat feed (every event kind, filtered at
 * render time), merged gift rows, the supporter tally and the like counter. Pure: batches of events
 * in, a new state out, so the per-frame batching and the 100 events/s budget are testable in Node.
 */
import type { RoomEvent } from '../../../common/room-protocol';
import { mergeGifts, type GiftRow } from './gift-combos';
import { EMPTY_TALLY, addGifts, type SupporterTally } from './top-supporters';

/** The feed keeps this many events; older ones are trimmed (the history search has them all). */
export const FEED_CAP = 5000;

export interface RoomFeedState {
  events: RoomEvent[];
  /** seqs a moderator removed: shown struck out instead of vanishing, so the streamer sees what happened. */
  deleted: ReadonlySet<number>;
  banned: ReadonlySet<string>;
  gifts: GiftRow[];
  tally: SupporterTally;
  likes: number;
  danmakuCount: number;
  lastSeq: number;
}

export const EMPTY_FEED: RoomFeedState = {
  events: [],
  deleted: new Set(),
  banned: new Set(),
  gifts: [],
  tally: EMPTY_TALLY,
  likes: 0,
  danmakuCount: 0,
  lastSeq: 0,
};

/**
 * Applies events in seq order. Anything at or below lastSeq is skipped: the snapshot's recent events
 * and the live subscription can overlap by a few events at start-up.
 */
export function applyRoomEvents(s: RoomFeedState, batch: readonly RoomEvent[], cap = FEED_CAP): RoomFeedState {
  const fresh = batch.filter((e, i) => e.seq > s.lastSeq && (i === 0 || e.seq > batch[i - 1]!.seq));
  if (fresh.length === 0) return s;
  let deleted = s.deleted;
  let banned = s.banned;
  let likes = s.likes;
  let danmakuCount = s.danmakuCount;
  const gifts = [];
  for (const e of fresh) {
    if (e.type === 'gift') gifts.push(e);
    else if (e.type === 'like') likes += e.count;
    else if (e.type === 'danmaku') danmakuCount++;
    else if (e.type === 'system' && e.target) {
      if (e.code === 'delete' && e.target.seq !== undefined) deleted = new Set(deleted).add(e.target.seq);
      if (e.code === 'ban' && e.target.userId) banned = new Set(banned).add(e.target.userId);
      if (e.code === 'unban' && e.target.userId && banned.has(e.target.userId)) {
        const next = new Set(banned);
        next.delete(e.target.userId);
        banned = next;
      }
    }
  }
  let events = s.events.concat(fresh);
  if (events.length > cap) events = events.slice(events.length - cap);
  return {
    events,
    deleted,
    banned,
    gifts: mergeGifts(s.gifts, gifts),
    tally: addGifts(s.tally, gifts),
    likes,
    danmakuCount,
    lastSeq: fresh[fresh.length - 1]!.seq,
  };
}
