import { test } from 'node:test';
import assert from 'node:assert/strict';
import { llHlsParameters } from '../../common/live-timing';
import { HLS_LATENCY, prefersNativeHls } from '../../renderer/viewer/player/hls-choice';

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
