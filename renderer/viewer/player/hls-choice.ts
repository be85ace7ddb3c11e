/**
 * Pure choices of the HLS player (unit-tested without a DOM): which player to use, and where hls.js
 * should sit relative to the live edge.
 */
import { llHlsParameters } from '../../../common/live-timing';

/**
 * Safari (macOS, iOS) plays LL-HLS natively, blocking reloads and parts included, with less CPU than
 * MSE: use it whenever canPlayType says so on Apple's engine, or when there is no MediaSource at all.
 * Other browsers that answer canPlayType (Chromium's own HLS) do not do LL-HLS, so they get hls.js.
 */
export function prefersNativeHls(canPlayType: string, hasMediaSource: boolean, vendor: string): boolean {
  if (canPlayType === '') return false;
  return !hasMediaSource || /^Apple/.test(vendor);
}

/**
 * The relay serves LL-HLS: ~200 ms parts, blocking playlist reloads and a preload hint. hls.js in
 * low-latency mode plays PART-HOLD-BACK behind the live edge; we set the same value from the one
 * timing config (hls.js insists on liveSyncDuration once liveMaxLatencyDuration is given, and throws
 * unless the max is larger). Beyond 3 s behind it seeks back to the edge; in between it plays up to
 * 1.3× faster to catch up (inaudible to most people, unlike a jump). Plain-HLS players ignore the
 * part tags and fall back to whole segments.
 */
export const HLS_LATENCY = {
  lowLatencyMode: true,
  liveSyncDuration: llHlsParameters().partHoldBack,
  liveMaxLatencyDuration: 3,
  // Each stall moves the target back by this (hls.js: 1 s, capped at one target duration); a busy
  // machine or a hiccup on Wi-Fi must not cost a viewer a whole second for the rest of the stream.
  liveSyncOnStallIncrease: 0.2,
  maxLiveSyncPlaybackRate: 1.3,
} as const;
