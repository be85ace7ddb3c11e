import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoomEvent, RoomUser } from '../../common/room-protocol';
import { EMPTY_FEED, applyRoomEvents } from '../../renderer/studio/logic/room-feed';
import { countNewer } from '../../renderer/studio/logic/unseen';
import { nameColor, readableTextColor, NAME_PALETTE, OWNER_COLOR } from '../../renderer/studio/logic/name-color';
import { issuesByField } from '../../renderer/studio/components/settings/field-issues';

const u: RoomUser = { id: 'u1', name: 'A', role: 'viewer' };
const dm = (seq: number, text = 'hi'): RoomEvent => ({ type: 'danmaku', seq, ts: seq * 100, user: u, text, color: '#ffffff', mode: 'scroll' });

test('events are applied once, in order, and overlaps with the snapshot seed are skipped', () => {
  let f = applyRoomEvents(EMPTY_FEED, [dm(1), dm(2), dm(3)]);
  f = applyRoomEvents(f, [dm(2), dm(3), dm(4)]);
  assert.deepEqual(f.events.map((e) => e.seq), [1, 2, 3, 4]);
  assert.equal(f.danmakuCount, 4);
  assert.equal(f.lastSeq, 4);
  assert.equal(applyRoomEvents(f, [dm(4)]), f, 'nothing new: same state object (no re-render)');
});

test('likes add up, gifts go to combos and the tally, moderation marks rows', () => {
  let f = applyRoomEvents(EMPTY_FEED, [
    dm(1),
    { type: 'like', seq: 2, ts: 0, user: u, count: 5 },
    { type: 'gift', seq: 3, ts: 0, user: u, giftId: 'g', name: 'G', count: 2, value: 20, combo: 2 },
    { type: 'system', seq: 4, ts: 0, user: u, text: 'removed', code: 'delete', params: { seq: 1, userId: 'u1', by: 'Host' }, target: { seq: 1 } },
    { type: 'system', seq: 5, ts: 0, user: u, text: 'banned', code: 'ban', params: { userId: 'u1', name: 'u1', by: 'Host' }, target: { userId: 'u1' } },
  ]);
  assert.equal(f.likes, 5);
  assert.equal(f.gifts.length, 1);
  assert.equal(f.tally.totalCoins, 20);
  assert.ok(f.deleted.has(1));
  assert.ok(f.banned.has('u1'));
  f = applyRoomEvents(f, [{ type: 'system', seq: 6, ts: 0, user: u, text: 'unbanned', code: 'unban', params: { userId: 'u1', name: 'u1', by: 'Host' }, target: { userId: 'u1' } }]);
  assert.equal(f.banned.has('u1'), false);
});

test('the feed is capped, keeping the newest', () => {
  const batch = Array.from({ length: 120 }, (_, i) => dm(i + 1));
  const f = applyRoomEvents(EMPTY_FEED, batch, 100);
  assert.equal(f.events.length, 100);
  assert.equal(f.events[0]!.seq, 21);
});

test('a burst of 100 events/s for a minute folds in well under a frame per batch', () => {
  let f = EMPTY_FEED;
  let seq = 0;
  const start = performance.now();
  for (let frame = 0; frame < 60 * 60; frame++) {
    // ~1.7 events per 16 ms frame at 100/s; a mix of kinds
    const batch: RoomEvent[] = [];
    for (let i = 0; i < 2; i++) {
      seq++;
      batch.push(seq % 7 === 0 ? { type: 'gift', seq, ts: seq * 10, user: { id: `u${seq % 40}`, name: 'x', role: 'viewer' }, giftId: 'g', name: 'G', count: 1, value: 10, combo: 1 } : dm(seq));
    }
    f = applyRoomEvents(f, batch);
  }
  const perFrame = (performance.now() - start) / 3600;
  assert.ok(perFrame < 2, `${perFrame.toFixed(3)} ms per frame`);
  assert.equal(f.lastSeq, seq);
});

test('countNewer counts from the end', () => {
  assert.equal(countNewer([{ seq: 1 }, { seq: 5 }, { seq: 9 }], 4), 2);
  assert.equal(countNewer([], 0), 0);
});

test('name colours are stable per user, with fixed colours for the host and moderators', () => {
  assert.equal(nameColor('abc', 'viewer'), nameColor('abc', 'viewer'));
  assert.ok((NAME_PALETTE as readonly string[]).includes(nameColor('abc', 'viewer')));
  assert.equal(nameColor('abc', 'owner'), OWNER_COLOR);
  const spread = new Set(Array.from({ length: 50 }, (_, i) => nameColor(`user-${i}`, 'viewer')));
  assert.ok(spread.size >= 6, 'ids spread over the palette');
});

test('viewer colours that would be unreadable on the dark feed fall back to the theme text', () => {
  assert.equal(readableTextColor('#000000'), undefined);
  assert.equal(readableTextColor('#0000aa'), undefined);
  assert.equal(readableTextColor('#ffffff'), undefined);
  assert.equal(readableTextColor('#ffd479'), '#ffd479');
  assert.equal(readableTextColor('red'), undefined);
});

test('settings issues are split by field', () => {
  const m = issuesByField(['output.video.width: Resolution 1281x720 has an odd side', 'output.video.bitrateKbps: must be at least 100 kbit/s', 'something general']);
  assert.deepEqual(m.get('width'), ['Resolution 1281x720 has an odd side']);
  assert.deepEqual(m.get('bitrateKbps'), ['must be at least 100 kbit/s']);
  assert.deepEqual(m.get(''), ['something general']);
});
