/** Viewer-page pure logic: latency estimation, the offline/recovery state machine, like batching. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bufferedEndAt, estimateLatency, formatLatency, LatencySmoother } from '../../renderer/viewer/player/latency';
import { initialStreamState, nextStreamState, overlayFor, wantsPlayer, type StreamInput, type StreamState } from '../../renderer/viewer/player/stream-state';
import { LikeBatcher } from '../../renderer/viewer/ui/like-batcher';

const ranges = (...r: [number, number][]) => ({ length: r.length, start: (i: number) => r[i]![0], end: (i: number) => r[i]![1] });

test('latency prefers the program date-time, then hls.js, then the buffer', () => {
  assert.equal(estimateLatency({ now: 10_000, playingDateMs: 7_500, hlsLatency: 1, bufferedEnd: 5, currentTime: 4 }), 2.5);
  assert.equal(estimateLatency({ now: 10_000, playingDateMs: 12_000, hlsLatency: 1.25 }), 1.25, 'a skewed clock is ignored');
  assert.equal(estimateLatency({ now: 0, bufferedEnd: 10.5, currentTime: 10 }), 0.5);
  assert.equal(estimateLatency({ now: 0 }), null);
});

test('bufferedEndAt picks the range holding the playhead', () => {
  assert.equal(bufferedEndAt(ranges([0, 2], [5, 9]), 6), 9);
  assert.equal(bufferedEndAt(ranges([0, 2], [5, 9]), 1), 2);
  assert.equal(bufferedEndAt(ranges(), 1), null);
});

test('the smoother follows readings and restarts after a gap', () => {
  const s = new LatencySmoother(0.5, 1000);
  assert.equal(s.push(2, 0), 2);
  assert.equal(s.push(4, 100), 3);
  assert.equal(s.push(null, 200), 3);
  assert.equal(s.push(1, 5000), 1, 'reset after a gap');
  assert.equal(formatLatency(1.234), '1.2');
  assert.equal(formatLatency(12.6), '13');
});

function run(inputs: StreamInput[], s: StreamState = initialStreamState()): StreamState {
  return inputs.reduce((acc, i) => nextStreamState(acc, i), s);
}

test('offline → live creates a player; it is "playing" only once the clock moves', () => {
  let s = run([{ type: 'api', live: false, since: null, now: 0 }]);
  assert.equal(overlayFor(s), 'offline');
  assert.equal(wantsPlayer(s), false);
  s = run([{ type: 'api', live: true, since: 100, now: 1000 }], s);
  assert.equal(s.phase, 'starting');
  assert.equal(overlayFor(s), 'connecting');
  const gen = s.generation;
  s = run([{ type: 'progress', now: 2000 }], s);
  assert.equal(s.phase, 'playing');
  assert.equal(overlayFor(s), 'none');
  assert.equal(s.generation, gen);
});

test('publisher stops: offline; comes back: a new player (new generation)', () => {
  let s = run([{ type: 'api', live: true, since: 1, now: 0 }, { type: 'progress', now: 500 }]);
  const gen = s.generation;
  s = run([{ type: 'api', live: false, since: 1, now: 1000 }], s);
  assert.equal(overlayFor(s), 'offline');
  s = run([{ type: 'api', live: true, since: 2, now: 5000 }], s);
  assert.equal(s.phase, 'starting');
  assert.ok(s.generation > gen);
});

test('a restart the poll missed (new `since`) still recreates the player', () => {
  let s = run([{ type: 'api', live: true, since: 1, now: 0 }, { type: 'progress', now: 500 }]);
  const gen = s.generation;
  s = run([{ type: 'api', live: true, since: 2, now: 4000 }], s);
  assert.ok(s.generation > gen);
});

test('fatal errors and stalls back off, then retry with a fresh player', () => {
  let s = run([{ type: 'api', live: true, since: 1, now: 0 }]);
  const gen = s.generation;
  s = run([{ type: 'fatal', now: 100 }], s);
  assert.equal(s.phase, 'waiting');
  assert.equal(wantsPlayer(s), false);
  s = run([{ type: 'tick', now: 600 }], s);
  assert.equal(s.phase, 'waiting', 'backoff of 1 s');
  s = run([{ type: 'tick', now: 1200 }], s);
  assert.equal(s.phase, 'starting');
  assert.equal(s.generation, gen + 1);
  s = run([{ type: 'fatal', now: 1300 }, { type: 'tick', now: 2400 }], s);
  assert.equal(s.phase, 'waiting', 'second failure waits 2 s');
  s = run([{ type: 'tick', now: 3400 }, { type: 'progress', now: 4000 }], s);
  assert.equal(s.phase, 'playing');
  assert.equal(s.failures, 0);
  s = run([{ type: 'tick', now: 4000 + 8001 }], s);
  assert.equal(s.phase, 'waiting', 'stalled for more than 8 s');
});

test('an unreachable API does not stop playback', () => {
  const s = run([{ type: 'api', live: true, since: 1, now: 0 }, { type: 'progress', now: 500 }, { type: 'api-error', now: 4000 }]);
  assert.equal(s.phase, 'playing');
});

test('likes are batched per interval and capped per message', () => {
  const sent: number[] = [];
  let fire: (() => void) | null = null;
  const timers = { set: (fn: () => void) => ((fire = fn), 1), clear: () => (fire = null) };
  const b = new LikeBatcher((n) => sent.push(n), 500, 100, timers);
  for (let i = 0; i < 7; i++) b.click();
  assert.deepEqual(sent, []);
  (fire as unknown as () => void)();
  assert.deepEqual(sent, [7]);
  for (let i = 0; i < 250; i++) b.click();
  b.flush();
  assert.deepEqual(sent, [7, 100, 100, 50]);
});
