import { test } from 'node:test';
import assert from 'node:assert/strict';
import { llHlsParameters } from '../../common/live-timing';
import { catchUp, HLS_LATENCY, prefersNativeHls } from '../../renderer/viewer/player/hls-choice';

test('Safari plays LL-HLS natively; Chromium, even when it answers canPlayType, gets hls.js', () => {
  assert.equal(prefersNativeHls('maybe', true, 'Apple Computer, Inc.'), true, 'Safari on macOS (has MSE too)');
  assert.equal(prefersNativeHls('maybe', true, 'Google Inc.'), false, 'Chromium’s own HLS has no LL-HLS');
  assert.equal(prefersNativeHls('', true, 'Apple Computer, Inc.'), false);
  assert.equal(prefersNativeHls('maybe', false, ''), true, 'no MediaSource at all (iPhone): native');
  assert.equal(prefersNativeHls('', true, 'Google Inc.'), false);
});

test('hls.js runs in low-latency mode at the relay’s PART-HOLD-BACK, with a consistent catch-up window', () => {
  assert.equal(HLS_LATENCY.lowLatencyMode, true);
  assert.equal(HLS_LATENCY.liveSyncDuration, llHlsParameters().partHoldBack);
  // hls.js refuses a config whose max latency is not above the sync point (the page would never play).
  assert.ok(HLS_LATENCY.liveMaxLatencyDuration > HLS_LATENCY.liveSyncDuration);
});

test('catch-up: a little faster while behind with something buffered, 1× when close or thin, a jump only when far behind', () => {
  const at = (latency: number, forwardBuffer: number, rate = 1) => catchUp({ latency, target: 0.63, forwardBuffer, rate });
  assert.deepEqual(at(0.65, 0.5), { rate: 1, seekToLive: false }, 'on target');
  assert.deepEqual(at(1.1, 0.6), { rate: 1.24, seekToLive: false }, 'behind: faster (hls.js would not, with < 1 s buffered)');
  assert.equal(at(2.5, 1).rate, 1.25, 'never faster than 1.25×');
  assert.deepEqual(at(1.1, 0.2), { rate: 1, seekToLive: false }, 'buffer nearly empty: do not run into a stall');
  assert.equal(at(0.75, 0.5, 1).rate, 1, 'a small lag alone does not start catching up');
  assert.ok(at(0.75, 0.5, 1.1).rate > 1, 'but an ongoing catch-up finishes (hysteresis)');
  assert.deepEqual(at(3, 1), { rate: 1, seekToLive: true }, 'far behind: jump to the live edge');
  assert.equal(HLS_LATENCY.maxLiveSyncPlaybackRate, 1, 'hls.js’s own rate control is off, or it would reset ours');
});
