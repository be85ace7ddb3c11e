/**
 * Is the encoder keeping up with real time? Pure: fed the encoder's progress blocks with the wall
 * time they arrived, it reports the figures the streamer sees.
 *
 * - Dropped frames: the encoder stamps frames with the wall clock and skips the ones it has no time
 *   for (media/studio/args), so the stream's timeline has `fps` slots a second and every empty slot is
 *   a frame viewers did not get: dropped = slots up to the output time - frames encoded.
 * - Lag: how far the stream's time has fallen behind the wall clock since it started. It stays near 0
 *   while frames are dropped instead of queued; it grows when something queues.
 * - Overload: more than 5 % of the frames of the last 5 s dropped, or a lag over 1 s, with advice on
 *   what to change (OBS's "encoding overloaded").
 */
import type { OverloadAdvice, OverloadWarning, VideoSettings, X264Preset } from '../../common/pipeline';
import { X264_PRESETS } from '../../common/pipeline';
import type { ProgressBlock } from '../ffmpeg/progress';

const WINDOW_MS = 5000;
/** An overload warning stays this long after the last sign of it, so it does not flicker. */
const HOLD_MS = 10_000;
const DROP_SHARE = 0.05;
const LAG_SEC = 1;

export interface RealtimeFigures {
  droppedFrames: number;
  /** Frames encoded per second over the last few seconds. */
  fps: number;
  lagSec: number;
  overload: OverloadWarning | null;
}

interface Sample { at: number; slots: number; frames: number }

/** What to change, most effective first, for these settings (and a working hardware encoder, if any). */
export function overloadAdvice(v: Pick<VideoSettings, 'encoder' | 'preset' | 'width' | 'height' | 'fps'>, hardwareEncoder: string | null): OverloadAdvice[] {
  const advice: OverloadAdvice[] = [];
  if (v.encoder === 'x264') {
    const i = X264_PRESETS.indexOf(v.preset);
    // Presets are listed fastest first: two steps faster (or the fastest).
    if (i > 0) advice.push({ code: 'preset', params: { preset: X264_PRESETS[Math.max(0, i - 2)] as X264Preset } });
    if (hardwareEncoder) advice.push({ code: 'hardware', params: { name: hardwareEncoder } });
  }
  if (v.height > 720) advice.push({ code: 'resolution', params: { size: '1280x720' } });
  else if (v.height > 480) advice.push({ code: 'resolution', params: { size: '854x480' } });
  if (v.fps > 30) advice.push({ code: 'fps', params: { fps: 30 } });
  advice.push({ code: 'close-apps' });
  return advice;
}

export class RealtimeMonitor {
  private base: number | null = null;
  private dropped = 0;
  private lagBase = Infinity;
  private lag = 0;
  private readonly window: Sample[] = [];
  private overloadSince: number | null = null;
  private lastBad = 0;
  private share = 0;

  constructor(private readonly fps: number, private readonly advice: () => OverloadAdvice[]) {}

  push(b: ProgressBlock, at: number): void {
    if (b.frame === null || b.frame <= 0 || b.outTimeUs === null) return;
    const outSec = b.outTimeUs / 1e6;
    const slots = Math.floor(outSec * this.fps);
    // Start-up (inputs opening, the graph starting) is not a drop: count from the first report on.
    this.base ??= slots - b.frame;
    // One slot of slack: the output time is the audio's when audio is a little ahead of the video.
    this.dropped = Math.max(this.dropped, slots - b.frame - this.base - 1);
    const behind = at / 1000 - outSec;
    this.lagBase = Math.min(this.lagBase, behind);
    this.lag = Math.max(0, behind - this.lagBase);
    this.window.push({ at, slots, frames: b.frame });
    while (this.window.length > 2 && (this.window[0] as Sample).at < at - WINDOW_MS) this.window.shift();
    const first = this.window[0] as Sample;
    const expected = slots - first.slots;
    const got = b.frame - first.frames;
    this.share = expected >= this.fps ? Math.max(0, (expected - got) / expected) : 0;
    const bad = (expected - got >= 3 && this.share > DROP_SHARE) || this.lag > LAG_SEC;
    if (bad) {
      this.lastBad = at;
      this.overloadSince ??= at;
    } else if (this.overloadSince !== null && at - this.lastBad > HOLD_MS) {
      this.overloadSince = null;
    }
  }

  figures(): RealtimeFigures {
    const first = this.window[0];
    const last = this.window[this.window.length - 1];
    const span = first && last ? (last.at - first.at) / 1000 : 0;
    const fps = first && last && span > 0 ? Math.round(((last.frames - first.frames) / span) * 10) / 10 : 0;
    const overload = this.overloadSince === null ? null : {
      since: this.overloadSince,
      droppedPercent: Math.round(this.share * 1000) / 10,
      lagSec: Math.round(this.lag * 10) / 10,
      advice: this.advice(),
    };
    return { droppedFrames: Math.max(0, this.dropped), fps, lagSec: Math.round(this.lag * 100) / 100, overload };
  }
}
