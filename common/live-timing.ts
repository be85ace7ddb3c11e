/**
 * The one timing config of a live stream: how often the encoder makes a keyframe, how long HLS
 * segments and LL-HLS parts are, and what the players are told to hold back. The studio's encoder
 * default, the relay's packager and the viewer page all derive from it, so a segment always starts
 * on a keyframe and a part boundary always lines up with a frame.
 */

export interface LiveTiming {
  /** Seconds between keyframes the studio's encoder makes (and that we ask other publishers for). */
  keyframeIntervalSec: number;
  /** A segment is cut at the first keyframe at least this long after the segment's start. */
  segmentTargetSec: number;
  /**
   * EXT-X-PART-INF:PART-TARGET: every part lasts at most this, and as many whole frames as fit. A hair
   * over 200 ms so that FLV's millisecond timestamps (29.97 fps parts of 200 or 201 ms) and 24 fps
   * (5 frames, 208 ms) still make ~200 ms parts: 5 frames at 25 fps, 6 at 30, 12 at 60.
   */
  partTargetSec: number;
  /** Complete segments listed in the playlist (must exceed the skip boundary for delta updates to help). */
  playlistSegments: number;
}

export const LIVE_TIMING: LiveTiming = {
  keyframeIntervalSec: 1,
  segmentTargetSec: 1,
  partTargetSec: 0.21,
  playlistSegments: 12,
};

/** Values the playlist announces, derived so they obey RFC 8216bis's rules. */
export function llHlsParameters(t: LiveTiming = LIVE_TIMING) {
  // EXTINF rounded to the nearest integer must not exceed it; segments last about a keyframe interval.
  const targetDuration = Math.max(1, Math.ceil(Math.max(t.segmentTargetSec, t.keyframeIntervalSec)));
  return {
    targetDuration,
    partTarget: t.partTargetSec,
    // At least 2× the part target (spec); 3× leaves room for one late part, as Apple recommends.
    partHoldBack: round3(3 * t.partTargetSec),
    // Spec: at least 6 target durations.
    canSkipUntil: 6 * targetDuration,
    // Spec §6.2.5.2: a blocking request may ask this many parts ahead, no further.
    advancePartLimit: t.partTargetSec < 1 ? Math.floor(3 / t.partTargetSec) : 3,
    // How long a blocking request is held before we give up (spec: three target durations).
    blockTimeoutMs: 3 * targetDuration * 1000,
  };
}

export type LlHlsParameters = ReturnType<typeof llHlsParameters>;

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
