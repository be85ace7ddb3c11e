import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoomEvent, RoomUser } from '../../common/room-protocol';
import { DEFAULT_FEED_FILTER, filterFeed, isFilterActive, matchesFilter } from '../../renderer/studio/logic/feed-filter';
import { INITIAL_AUTO_SCROLL, isAtBottom, jumpToLatest, onAppend, onScroll } from '../../renderer/studio/logic/auto-scroll';
import { createFrameBatcher } from '../../renderer/studio/logic/frame-batcher';
import { pausedView } from '../../renderer/studio/logic/paused-view';

const alice: RoomUser = { id: 'u1', name: 'Alice', role: 'viewer' };
const bob: RoomUser = { id: 'u2', name: '小明', role: 'moderator' };
let seq = 0;
const ev = {
  danmaku: (text: string, user = alice): RoomEvent => ({ type: 'danmaku', seq: ++seq, ts: 0, user, text, color: '#ffffff', mode: 'scroll' }),
  enter: (user = alice): RoomEvent => ({ type: 'enter', seq: ++seq, ts: 0, user }),
  like: (user = alice): RoomEvent => ({ type: 'like', seq: ++seq, ts: 0, user, count: 3 }),
  gift: (user = alice): RoomEvent => ({ type: 'gift', seq: ++seq, ts: 0, user, giftId: 'rocket', name: 'Rocket', count: 1, value: 100, combo: 1 }),
};

test('feed filter hides the chosen kinds and keeps the rest', () => {
  const all = [ev.danmaku('hi'), ev.enter(), ev.like(), ev.gift()];
  assert.equal(filterFeed(all, DEFAULT_FEED_FILTER).length, 4);
  const f = { ...DEFAULT_FEED_FILTER, hideEnters: true, hideLikes: true };
  assert.deepEqual(filterFeed(all, f).map((e) => e.type), ['danmaku', 'gift']);
  assert.deepEqual(filterFeed(all, { ...f, hideGifts: true }).map((e) => e.type), ['danmaku']);
});

test('feed search matches text and user name, case-insensitively, including CJK', () => {
  const all = [ev.danmaku('Hello World'), ev.danmaku('主播好', bob), ev.gift(), ev.enter(bob)];
  assert.equal(filterFeed(all, { ...DEFAULT_FEED_FILTER, query: '  hello ' }).length, 1);
  assert.deepEqual(filterFeed(all, { ...DEFAULT_FEED_FILTER, query: '小明' }).map((e) => e.type), ['danmaku', 'enter']);
  assert.equal(filterFeed(all, { ...DEFAULT_FEED_FILTER, query: 'rocket' }).length, 1, 'gift name is searchable');
  assert.equal(matchesFilter(ev.danmaku('x'), { ...DEFAULT_FEED_FILTER, query: 'zzz' }), false);
  assert.equal(isFilterActive(DEFAULT_FEED_FILTER), false);
  assert.equal(isFilterActive({ ...DEFAULT_FEED_FILTER, query: '  ' }), false);
  assert.equal(isFilterActive({ ...DEFAULT_FEED_FILTER, hideGifts: true }), true);
});

test('auto-scroll: scrolling up unpins and counts new messages; bottom re-pins', () => {
  const g = (scrollTop: number) => ({ scrollTop, scrollHeight: 1000, clientHeight: 200 });
  let s = onScroll(INITIAL_AUTO_SCROLL, g(800));
  assert.equal(s.pinned, true);
  s = onAppend(s, 5);
  assert.equal(s.unseen, 0, 'pinned: nothing counts as unseen');
  s = onScroll(s, g(500));
  assert.equal(s.pinned, false);
  s = onAppend(onAppend(s, 3), 2);
  assert.equal(s.unseen, 5);
  s = onScroll(s, g(600)); // scrolling down but not at the bottom yet stays paused
  assert.equal(s.pinned, false);
  s = onScroll(s, g(790)); // within the slack
  assert.deepEqual([s.pinned, s.unseen], [true, 0]);
});

test('auto-scroll: geometry changes without an upward move keep it pinned', () => {
  let s = onScroll(INITIAL_AUTO_SCROLL, { scrollTop: 800, scrollHeight: 1000, clientHeight: 200 });
  // rows appended below: not at the bottom any more, but the streamer did not scroll up
  s = onScroll(s, { scrollTop: 800, scrollHeight: 1400, clientHeight: 200 });
  assert.equal(s.pinned, true);
  assert.equal(isAtBottom({ scrollTop: 0, scrollHeight: 100, clientHeight: 200 }), true, 'short content is at the bottom');
});

test('auto-scroll: the pill jumps back and clears the count', () => {
  let s = onScroll(INITIAL_AUTO_SCROLL, { scrollTop: 800, scrollHeight: 1000, clientHeight: 200 });
  s = onAppend(onScroll(s, { scrollTop: 100, scrollHeight: 1000, clientHeight: 200 }), 7);
  assert.equal(s.unseen, 7);
  s = jumpToLatest(s);
  assert.deepEqual([s.pinned, s.unseen], [true, 0]);
});

test('frame batcher delivers one batch per frame, in order, and nothing after dispose', () => {
  const frames: (() => void)[] = [];
  const batches: number[][] = [];
  const b = createFrameBatcher<number>((items) => batches.push(items), (cb) => {
    frames.push(cb);
    return () => frames.splice(frames.indexOf(cb), 1);
  });
  for (let i = 1; i <= 100; i++) b.push(i);
  assert.equal(frames.length, 1, 'one frame scheduled for a burst');
  frames.shift()!();
  assert.equal(batches.length, 1);
  assert.deepEqual(batches[0], Array.from({ length: 100 }, (_, i) => i + 1));
  b.push(101);
  b.flush();
  assert.deepEqual(batches[1], [101]);
  assert.equal(frames.length, 0, 'flush cancels the scheduled frame');
  b.dispose();
  b.push(102);
  assert.equal(frames.length, 0);
  assert.equal(batches.length, 2);
});

test('a paused feed keeps its rows while the store trims, and appends what arrives', () => {
  const rows = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i }));
  const shown = rows(1, 10);
  // the store trimmed 1-5 and received 11-12
  const latest = rows(6, 12);
  assert.deepEqual(pausedView(shown, latest, false, 100).map((r) => r.seq), rows(1, 12).map((r) => r.seq));
  assert.equal(pausedView(shown, rows(6, 10), false, 100), shown, 'nothing new: same array');
  assert.equal(pausedView(shown, latest, true, 100), latest, 'live again: the store list');
  assert.equal(pausedView(shown, latest, false, 5), latest, 'past the cap it trims anyway');
});
