/** What every platform shares: generated sources (test pattern, tone, silence), images, device lookup. */
import type { AudioSource, VideoSource } from '../../../common/scene';
import type { AudioDevice, CameraDevice, DeviceInventory, DisplayDevice } from '../device-types';
import type { CaptureResult, InputSpec } from './types';

export interface CaptureContext {
  fps: number;
  inventory: DeviceInventory | undefined;
  /** The layer's size on the canvas in pixels (generated sources are made at this size). */
  layerWidth: number;
  layerHeight: number;
}

export interface PlatformCapture {
  video(source: VideoSource, ctx: CaptureContext): CaptureResult;
  audio(source: AudioSource, ctx: CaptureContext): CaptureResult;
  /** drawtext's font option for text layers without a font file. */
  defaultFont(): string;
}

/**
 * Audio devices deliver in bursts and every sample counts: a deep queue (packets are small) avoids
 * "thread message queue blocking" gaps.
 */
export const LIVE_QUEUE = ['-thread_queue_size', '1024'];

/**
 * Video capture must never queue: a raw 1080p frame is 8 MB, and 1024 of them (the old queue) were
 * 8 GB and 34 s of delay when the encoder fell behind. With one slot the grabber waits instead, and
 * when a slot frees it grabs the screen as it is now; the frames it did not grab are the dropped ones.
 */
export const VIDEO_QUEUE = ['-thread_queue_size', '1'];

/**
 * Every video input (and the canvas) is re-timed to the wall clock as it enters the filter graph,
 * so the stream's time is real time whatever the encoder manages: when it is slow, frames are
 * skipped (gaps in the timeline, counted as dropped) instead of the stream falling behind.
 */
export const WALLCLOCK_PTS = 'setpts=(RTCTIME-RTCSTART)/(TB*1000000)';

/** How far the canvas may fall behind the wall clock and still catch up frame by frame (realtime's limit). */
export const CANVAS_CATCH_UP_SEC = 0.25;

/**
 * The canvas's timestamps, in slots of 1/fps (its time base): the next slot after the previous frame,
 * unless the wall clock has gone more than CANVAS_CATCH_UP_SEC past it; then the wall clock's slot (the
 * slots skipped are the dropped frames). Not WALLCLOCK_PTS: after a stall of the process (the machine
 * busy for a few tens of ms, routine on 2 cores with a browser open) realtime makes the missed frames at
 * once to catch up, and stamping those with the wall clock put several into one slot, where all but one
 * were lost: a 2-core machine at load 2-3 streamed 22-25 fps of 30 while the encoder had CPU to spare
 * (docs/performance.md). The stream's time still follows the wall clock within CANVAS_CATCH_UP_SEC.
 */
export function canvasPts(fps: number): string {
  const wall = 'floor((RTCTIME-RTCSTART)/(TB*1000000))';
  const slots = Math.max(1, Math.round(CANVAS_CATCH_UP_SEC * fps));
  return `setpts=if(isnan(PREV_OUTPTS)+gt(${wall}-PREV_OUTPTS\\,${slots})\\,${wall}\\,PREV_OUTPTS+1)`;
}

/** Generated inputs run as fast as the CPU allows unless read at native rate (-re). */
export function lavfi(graph: string): InputSpec {
  return { args: ['-re', '-f', 'lavfi', '-i', graph] };
}

export function silence(): InputSpec {
  return lavfi('anullsrc=channel_layout=stereo:sample_rate=48000');
}

/** A still image (an image layer, a rasterised text layer) read 5 times a second at native rate: cheap to decode, and it paces itself. */
export function stillImage(path: string): InputSpec {
  return { args: ['-re', '-loop', '1', '-framerate', '5', '-i', path] };
}

/** Sources that need no device: the same on every platform. undefined = not a generic source. */
export function genericVideo(source: VideoSource, ctx: CaptureContext): CaptureResult | undefined {
  switch (source.kind) {
    case 'test-pattern': {
      const size = `${ctx.layerWidth}x${ctx.layerHeight}`;
      if (source.pattern === 'color') return { input: lavfi(`color=c=${source.color}:size=${size}:rate=${ctx.fps}`) };
      return { input: lavfi(`${source.pattern}=size=${size}:rate=${ctx.fps}`) };
    }
    case 'image':
      return { input: stillImage(source.path) };
    default:
      return undefined;
  }
}

export function genericAudio(source: AudioSource): CaptureResult | undefined {
  if (source.kind !== 'tone') return undefined;
  return { input: lavfi(`sine=frequency=${source.frequencyHz}:sample_rate=48000`) };
}

export function pickDisplay(inv: DeviceInventory | undefined, id: string | undefined): DisplayDevice | undefined | null {
  if (!inv) return undefined; // no inventory: trust the scene and the platform defaults
  if (id) return inv.displays.find((d) => d.id === id) ?? null;
  return inv.displays.find((d) => d.primary) ?? inv.displays[0] ?? null;
}

export function pickCamera(inv: DeviceInventory | undefined, id: string | undefined): CameraDevice | undefined | null {
  if (!inv) return undefined;
  if (id) return inv.cameras.find((c) => c.id === id || c.name === id) ?? null;
  return inv.cameras[0] ?? null;
}

export function pickAudio(inv: DeviceInventory | undefined, source: AudioSource): AudioDevice | undefined | null {
  if (!inv) return undefined;
  const loopback = source.kind === 'desktop';
  if (source.device) return inv.audio.find((a) => a.id === source.device || a.name === source.device) ?? null;
  return inv.audio.find((a) => a.loopback === loopback) ?? null;
}

export function missingDisplay(id: string | undefined): CaptureResult {
  return {
    missing: id
      ? { code: 'display-missing', params: { device: id }, text: `Display "${id}" is not connected: the screen layer is left out.` }
      : { code: 'display-none', text: 'No display found: the screen layer is left out.' },
  };
}

export function missingCamera(id: string | undefined): CaptureResult {
  return {
    missing: id
      ? { code: 'camera-missing', params: { device: id }, text: `Camera "${id}" is not connected: its layer is left out.` }
      : { code: 'camera-none', text: 'No camera found: the camera layer is left out.' },
  };
}

export function missingAudio(source: AudioSource): CaptureResult {
  const desktop = source.kind === 'desktop';
  const what = desktop ? 'desktop audio source' : 'microphone';
  const prefix = desktop ? 'desktop-audio' : 'mic';
  return {
    missing: source.device
      ? { code: `${prefix}-missing`, params: { device: source.device }, text: `The ${what} "${source.device}" is not available: it is left out.` }
      : { code: `${prefix}-none`, text: `No ${what} found: it is left out.` },
  };
}

/** Sources a platform cannot capture at all (window capture outside Windows, desktop audio without a loopback). */
export function unsupported(code: 'window-unsupported' | 'source-unsupported' | 'desktop-audio-unsupported', text: string, params: Record<string, string>): CaptureResult {
  return { missing: { code, text, params } };
}
