import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LaneAllocator, xAt } from '../../renderer/shared/danmaku/lanes';
import type { Placement } from '../../renderer/shared/danmaku/types';

const cfg = { width: 1000, lanes: 5, duration: 8000, fixedDuration: 4000, gap: 10 };

/** Samples both comments' positions over their lifetime: the follower's head never reaches the leader's tail. */
function collides(a: Placement, b: Placement, stage: number): boolean {
  const [lead, follow] = a.start <= b.start ? [a, b] : [b, a];
  for (let t = follow.start; t <= Math.min(lead.end, follow.end); t += 5) {
    const leadTail = xAt(lead, stage, t) + lead.width;
    const followHead = xAt(follow, stage, t);
    if (leadTail > 0 && followHead < leadTail) return true;
  }
  return false;
}

test('scrolling comments in the same lane never overlap, whatever their widths', () => {
  const lanes = new LaneAllocator(cfg);
  const placed: Placement[] = [];
  let rnd = 42;
  const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let now = 0; now < 30_000; now += 50) {
    const p = lanes.place('scroll', 20 + Math.floor(random() * 600), now);
    if (p) placed.push(p);
  }
  assert.ok(placed.length > 50, `placed ${placed.length}`);
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const a = placed[i]!;
      const b = placed[j]!;
      if (a.lane !== b.lane || b.start >= a.end) continue;
      assert.equal(collides(a, b, cfg.width), false, `lane ${a.lane}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
});

test('a long (fast) comment does not enter behind a short (slow) one it would catch up with', () => {
  const lanes = new LaneAllocator({ ...cfg, lanes: 1 });
  assert.ok(lanes.place('scroll', 50, 0));
  // the short one's tail clears the border after ~0.7 s, but an 800 px comment moves ~1.7x faster
  assert.equal(lanes.place('scroll', 800, 1000), null);
  // once the short one is far enough left, the long one can go
  const later = lanes.place('scroll', 800, 4000);
  assert.ok(later);
});

test('the first free lane is used, so comments fill from the top', () => {
  const lanes = new LaneAllocator(cfg);
  assert.deepEqual([0, 1, 2].map(() => lanes.place('scroll', 300, 0)?.lane), [0, 1, 2]);
});

test('top and bottom comments stack and free their lane after fixedDuration', () => {
  const lanes = new LaneAllocator({ ...cfg, lanes: 2 });
  assert.equal(lanes.place('top', 100, 0)?.lane, 0);
  assert.equal(lanes.place('top', 100, 10)?.lane, 1);
  assert.equal(lanes.place('top', 100, 20), null, 'both top lanes are busy');
  assert.equal(lanes.place('bottom', 100, 20)?.lane, 0, 'bottom lanes are separate');
  assert.equal(lanes.place('top', 100, 4001)?.lane, 0);
});

test('fixed comments are centred; scrolling ones move from right to left over the duration', () => {
  const lanes = new LaneAllocator(cfg);
  const top = lanes.place('top', 200, 0)!;
  assert.equal(xAt(top, 1000, 123), 400);
  const s = lanes.place('scroll', 200, 0)!;
  assert.equal(xAt(s, 1000, 0), 1000);
  assert.ok(Math.abs(xAt(s, 1000, 8000) - -200) < 1e-9);
});

test('resize keeps lanes that still exist and adds free ones', () => {
  const lanes = new LaneAllocator({ ...cfg, lanes: 1 });
  assert.ok(lanes.place('scroll', 500, 0));
  assert.equal(lanes.place('scroll', 500, 10), null);
  lanes.resize({ lanes: 2 });
  assert.equal(lanes.place('scroll', 500, 20)?.lane, 1);
});
