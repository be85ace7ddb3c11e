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
 * unless the max is larger). Beyond 3 s behind it seeks back to the edge; in between `catchUp`
 * plays slightly faster (inaudible to most people, unlike a jump). Plain-HLS players ignore the part
 * tags and fall back to whole segments.
 */
export const HLS_LATENCY = {
  lowLatencyMode: true,
  liveSyncDuration: llHlsParameters().partHoldBack,
  liveMaxLatencyDuration: 3,
  // Each stall moves the target back by this (hls.js: 1 s, capped at one target duration); a busy
  // machine or a hiccup on Wi-Fi must not cost a viewer a whole second for the rest of the stream.
  liveSyncOnStallIncrease: 0.1,
  // 1 turns hls.js's own rate control off: `catchUp` below does it (hls.js would reset our rate).
  maxLiveSyncPlaybackRate: 1,
} as const;

export interface CatchUpInput {
  /** Seconds behind the live edge (hls.js `latency`). */
  latency: number;
  /** Where we want to be (hls.js `targetLatency`). */
  target: number;
  /** Seconds buffered ahead of the playhead. */
  forwardBuffer: number;
  /** The rate in force now. */
  rate: number;
}

/**
 * Our own catch-up, because hls.js speeds up only with more than 1 s buffered ahead, which a player
 * 0.6 s behind the edge never has: it would stay wherever it happened to start. Slightly faster
 * playback (at most 1.25×, pitch preserved by the browser) while we are behind and have something
 * buffered; back to 1× once close (hysteresis), or when the buffer runs thin; a jump only when far
 * behind (after a long stall or a background tab).
 */
export function catchUp(i: CatchUpInput): { rate: number; seekToLive: boolean } {
  const behind = i.latency - i.target;
  if (behind > 2) return { rate: 1, seekToLive: true };
  if (i.forwardBuffer < 0.3 || behind < 0.05) return { rate: 1, seekToLive: false };
  if (behind > 0.15 || i.rate > 1) return { rate: Math.round(Math.min(1.25, 1 + behind * 0.5) * 100) / 100, seekToLive: false };
  return { rate: 1, seekToLive: false };
}
