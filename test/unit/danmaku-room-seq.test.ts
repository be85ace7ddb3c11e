import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeqTracker } from '../../renderer/viewer/room/seq';
import { parseOverlayOptions } from '../../renderer/overlay/options';
import { roomFromLocation } from '../../renderer/viewer/room-id';

test('events are accepted once, whether live or replayed, in any order', () => {
  const s = new SeqTracker();
  s.startAt(10);
  assert.equal(s.accept(11), true);
  assert.equal(s.accept(11), false);
  assert.equal(s.isGap(14), true, '12 and 13 are missing');
  assert.equal(s.accept(14), true);
  assert.equal(s.accept(12), true, 'history fills the hole');
  assert.equal(s.accept(13), true);
  assert.equal(s.accept(14), false);
  assert.equal(s.max, 14);
  assert.equal(s.isGap(15), false);
});

test('seqs at or before the starting point are not replayed; the window stays bounded', () => {
  const s = new SeqTracker(100);
  s.startAt(5);
  assert.equal(s.accept(3), true, 'backlog before the start point is still new to us');
  for (let i = 6; i < 500; i++) s.accept(i);
  assert.equal(s.accept(200), false, 'old seqs outside the window count as seen');
});

test('overlay options parse from the query string with defaults and clamping', () => {
  const o = parseOverlayOptions(new URLSearchParams('chat=1&gifts=0&opacity=3&size=8&speed=5'));
  assert.equal(o.chat, true);
  assert.equal(o.gifts, false);
  assert.equal(o.danmaku, true);
  assert.equal(o.opacity, 1);
  assert.equal(o.fontSize, 12);
  assert.equal(o.durationMs, 5000);
  assert.equal(o.bench, false);
});

test('the room id comes from /room/<id> or /overlay/<id>, and is validated', () => {
  assert.equal(roomFromLocation('/room/abc', new URLSearchParams()), 'abc');
  assert.equal(roomFromLocation('/overlay/my_room', new URLSearchParams()), 'my_room');
  assert.equal(roomFromLocation('/web/viewer/index.html', new URLSearchParams('room=x1')), 'x1');
  assert.equal(roomFromLocation('/room/%3Cscript%3E', new URLSearchParams()), 'main');
});
