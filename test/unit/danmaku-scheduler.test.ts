import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DanmakuScheduler } from '../../renderer/shared/danmaku/scheduler';

const lanes = { width: 1000, lanes: 3, duration: 8000, fixedDuration: 4000, gap: 10 };

test('comments that find no lane wait, then enter when a lane frees up', () => {
  const s = new DanmakuScheduler<string>({ ...lanes, lanes: 1 });
  s.enqueue('a', 'scroll', 100, 0);
  s.enqueue('b', 'scroll', 100, 0);
  assert.deepEqual(s.tick(0).map((x) => x.item), ['a']);
  assert.equal(s.queued, 1);
  assert.deepEqual(s.tick(2000).map((x) => x.item), ['b']);
});

test('the density cap limits comments on screen; they count until they leave', () => {
  const s = new DanmakuScheduler<number>(lanes, { maxOnScreen: 2, maxWaitMs: 10_000 });
  for (let i = 0; i < 3; i++) s.enqueue(i, 'top', 50, 0);
  assert.equal(s.tick(0).length, 2);
  assert.equal(s.onScreen(1), 2);
  assert.equal(s.tick(1000).length, 0, 'cap reached');
  assert.deepEqual(s.tick(4001).map((x) => x.item), [2], 'after the first two expire');
});

test('a burst beyond the queue cap drops the oldest, and stale ones are dropped', () => {
  const dropped: number[] = [];
  const s = new DanmakuScheduler<number>({ ...lanes, lanes: 1 }, { maxQueue: 3, maxWaitMs: 1000 });
  s.onDrop = (i) => dropped.push(i);
  for (let i = 0; i < 5; i++) s.enqueue(i, 'top', 50, 0);
  assert.deepEqual(dropped, [0, 1]);
  assert.equal(s.tick(0).length, 1, 'one top lane');
  s.tick(1500);
  assert.deepEqual(dropped, [0, 1, 3, 4], 'waited more than maxWaitMs');
  assert.equal(s.dropped, 4);
  assert.equal(s.queued, 0);
});

test('1,000 comments in one second never exceed the cap and leave no backlog', () => {
  const s = new DanmakuScheduler<number>({ ...lanes, lanes: 20 }, { maxOnScreen: 150, maxQueue: 100, maxWaitMs: 3000 });
  let shown = 0;
  for (let t = 0; t <= 20_000; t += 16) {
    if (t < 1000) for (let k = 0; k < 16; k++) s.enqueue(t + k, 'scroll', 120, t);
    shown += s.tick(t).length;
    assert.ok(s.onScreen(t) <= 150);
  }
  assert.ok(shown > 20);
  assert.equal(s.queued, 0);
  assert.equal(shown + s.dropped, 1008);
});
