/** The studio replay's pure parts: byte ranges for the recording, and which danmaku are due when. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoomEvent, RoomUser } from '../../common/room-protocol';
import { recordingMediaPath, sessionIdOfMediaPath } from '../../common/history';
import { parseRange, rangeHeaders } from '../../main/replay/range';
import { ReplayCursor, ReplayTimeline } from '../../renderer/studio/logic/replay-timeline';

test('Range headers: one range, suffix and open ends, refusals for what cannot be served', () => {
  assert.equal(parseRange(undefined, 1000), null);
  assert.equal(parseRange('items=0-1', 1000), null, 'another unit: the whole file');
  assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=900-', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=990-5000', 1000), { start: 990, end: 999 }, 'clamped to the file');
  assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
  assert.equal(parseRange('bytes=5-2', 1000), 'unsatisfiable');
  assert.equal(parseRange('bytes=0-1,5-6', 1000), null, 'several ranges are not offered');
  assert.equal(parseRange('bytes=99999999999999999999-', 1000), 'unsatisfiable');
  assert.deepEqual(rangeHeaders({ start: 100, end: 199 }, 1000, 'video/mp4'), {
    status: 206,
    headers: { 'content-type': 'video/mp4', 'accept-ranges': 'bytes', 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache', 'content-length': '100', 'content-range': 'bytes 100-199/1000' },
  });
});

test('recording media paths stand for session ids only', () => {
  assert.equal(recordingMediaPath('studio~2/15'), '/media/recordings/studio~2/15');
  assert.equal(sessionIdOfMediaPath('/media/recordings/studio~2/15'), 'studio~2/15');
  for (const bad of ['/media/recordings/..%2F..%2Fetc%2Fpasswd/1', '/media/recordings/studio/0', '/media/recordings/studio/1/x', '/media/recordings/%E0%A4%A/1', '/assets/x.js']) {
    assert.equal(sessionIdOfMediaPath(bad), null, bad);
  }
});

const fan: RoomUser = { id: 'v', name: 'fan', role: 'viewer' };
const ZERO = 1_000_000;
const danmaku = (seq: number, at: number, extra: Partial<{ deleted: boolean }> = {}): RoomEvent => ({ seq, ts: ZERO + at, user: fan, type: 'danmaku', text: `c${seq}`, color: '#ffffff', mode: 'scroll', ...extra });

test('the timeline puts danmaku on the recording\'s clock; gifts and system events are marks', () => {
  const tl = new ReplayTimeline(ZERO);
  tl.add([
    { seq: 1, ts: ZERO - 500, user: fan, type: 'system', text: 'live', code: 'live', params: {} },
    danmaku(2, -100), danmaku(3, 1000), danmaku(5, 3000), danmaku(4, 2000), danmaku(6, 2500, { deleted: true }),
    { seq: 7, ts: ZERO + 2200, user: fan, type: 'gift', giftId: 'g', name: 'Rocket', count: 1, value: 10, combo: 1 },
  ]);
  assert.deepEqual(tl.comments.map((c) => [c.seq, c.at]), [[3, 1000], [4, 2000], [5, 3000]], 'sorted; before the recording and deleted ones left out');
  assert.deepEqual(tl.marks.map((m) => [m.kind, m.at]), [['gift', 2200]]);
  assert.equal(tl.indexAt(2000), 1);
  assert.equal(tl.indexAt(2001), 2);
  assert.equal(tl.timeOfSeq(4), 2000);
  assert.equal(tl.timeOfSeq(7), 2200);
  tl.setDuration(2100);
  assert.deepEqual(tl.visibleMarks(), [], 'marks past the end of the recording are not drawn');
});

test('the cursor hands each comment over once as the video plays; a seek restarts at the new time', () => {
  const tl = new ReplayTimeline(ZERO);
  tl.add([1000, 1500, 2000, 5000, 9000].map((at, i) => danmaku(i + 1, at)));
  const cur = new ReplayCursor(tl);
  const seqs = (t: number) => cur.due(t).map((c) => c.seq);
  assert.deepEqual(seqs(0), []);
  assert.deepEqual(seqs(900), []);
  assert.deepEqual(seqs(1600), [1, 2]);
  assert.deepEqual(seqs(1650), [], 'never twice');
  assert.deepEqual(seqs(2016), [3]);
  assert.deepEqual(seqs(1200), [], 'a seek back restarts there without replaying the past at once');
  assert.deepEqual(seqs(1233), []);
  assert.deepEqual(seqs(1600), [2], 'then plays on from there');
  assert.deepEqual(seqs(8000), [], 'a jump ahead (seek) skips what lies between');
  assert.deepEqual(seqs(9010), [5]);
});
