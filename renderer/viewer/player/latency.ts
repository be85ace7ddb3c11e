/**
 * Latency estimation, pure (unit-tested). What a viewer cares about is "how far behind the streamer
 * am I", so the estimate prefers wall-clock sources and falls back to buffer arithmetic:
 *   - HLS with EXT-X-PROGRAM-DATE-TIME: now − the wall-clock time of the frame on screen. The relay
 *     stamps segments when it receives them, so this covers relay + delivery + player buffering
 *     (encoder and upload delay on the streamer's side are not visible to the page).
 *   - HLS without PDT: hls.js's own `latency` (distance to the playlist's live edge).
 *   - HTTP-FLV: buffered end − currentTime (the data we hold but have not shown yet).
 * Readings are noisy (segment arrivals make them saw-tooth), so the display value is smoothed.
 */

export interface LatencySample {
  /** Date.now() of the reading. */
  now: number;
  /** Wall-clock ms of the displayed frame (hls.js `playingDate`), if known. */
  playingDateMs?: number | null;
  /** hls.js `latency`, s. */
  hlsLatency?: number | null;
  /** hls.js `targetLatency` (PART-HOLD-BACK plus its stall allowance), s: for diagnostics and tests. */
  hlsTargetLatency?: number | null;
  /** For FLV (and as a last resort): end of the buffered range holding currentTime, s. */
  bufferedEnd?: number | null;
  currentTime?: number | null;
}

const MAX_PLAUSIBLE_S = 120;

/** One reading in seconds, or null when nothing trustworthy is available. */
export function estimateLatency(s: LatencySample): number | null {
  if (s.playingDateMs != null && Number.isFinite(s.playingDateMs)) {
    const v = (s.now - s.playingDateMs) / 1000;
    // A clock skew between relay and viewer can make this negative or absurd: fall through then.
    if (v >= 0 && v < MAX_PLAUSIBLE_S) return v;
  }
  if (s.hlsLatency != null && Number.isFinite(s.hlsLatency) && s.hlsLatency >= 0) return s.hlsLatency;
  if (s.bufferedEnd != null && s.currentTime != null && s.bufferedEnd >= s.currentTime) return s.bufferedEnd - s.currentTime;
  return null;
}

/** End of the buffered range that contains `t` (or the last range), from a TimeRanges-like object. */
export function bufferedEndAt(ranges: { length: number; start(i: number): number; end(i: number): number }, t: number): number | null {
  if (ranges.length === 0) return null;
  for (let i = 0; i < ranges.length; i++) {
    if (t >= ranges.start(i) - 0.1 && t <= ranges.end(i) + 0.1) return ranges.end(i);
  }
  return ranges.end(ranges.length - 1);
}

/** Exponential moving average that resets after a gap (a new player, a seek to the live edge). */
export class LatencySmoother {
  private value: number | null = null;
  private lastAt = 0;

  constructor(private readonly alpha = 0.2, private readonly resetAfterMs = 5000) {}

  push(v: number | null, now: number): number | null {
    if (v === null) return this.value;
    if (this.value === null || now - this.lastAt > this.resetAfterMs) this.value = v;
    else this.value += this.alpha * (v - this.value);
    this.lastAt = now;
    return this.value;
  }

  reset(): void {
    this.value = null;
  }
}

/** "1.8" for the badge: one decimal below 10 s, whole seconds above. */
export function formatLatency(s: number): string {
  return s < 10 ? s.toFixed(1) : String(Math.round(s));
}
