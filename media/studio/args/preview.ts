/**
 * The editor's live preview and the source picker's thumbnails: the same capture and composition as
 * the encoder (./canvas.ts), but small, slow and as JPEG on stdout instead of H.264 to the outputs.
 * No audio is opened (a microphone may not be shareable, and the preview is silent). Pure.
 */
import type { PipelineNote } from '../../../common/pipeline';
import type { Scene, VideoSource } from '../../../common/scene';
import type { CaptureContext } from './capture';
import { CAPTURE, composeCanvas, type CanvasSize } from './canvas';
import type { BuildOptions, DeviceInventory, Platform, PlanInput } from './types';

/** JPEG quality for ffmpeg's mjpeg encoder (2 best .. 31 worst): 7 keeps a 640×360 frame near 30 kB. */
const PREVIEW_QUALITY = '7';

/** What every small JPEG-to-stdout command shares: quiet, one thread per stage (the preview must stay cheap). */
const QUIET = ['-hide_banner', '-nostats', '-loglevel', 'error', '-y'];
const ONE_THREAD = ['-filter_threads', '1', '-filter_complex_threads', '1'];

export interface PreviewPlan {
  args: string[];
  notes: PipelineNote[];
  inputs: PlanInput[];
}

/**
 * The scene composed at `size` (e.g. 640×360 at 10 fps) as a stream of JPEGs on stdout (MJPEG:
 * one complete JPEG after another; media/studio/jpeg-frames.ts splits them).
 */
export function buildPreviewArgs(scene: Scene, size: CanvasSize, platform: Platform, devices?: DeviceInventory, options: BuildOptions = {}): PreviewPlan {
  const c = composeCanvas(scene, size, platform, devices, { ...options, scaleFlags: 'fast_bilinear' });
  // mjpeg wants full-range YUV (yuvj420p); the text layers drawn by ffmpeg go on top as in the stream.
  c.graph.push(`[${c.canvas}]${[...c.texts, 'format=yuvj420p'].join(',')}[vout]`);
  const args = [
    ...QUIET, ...ONE_THREAD,
    ...c.inputs.flatMap((i) => i.args),
    '-filter_complex', c.graph.join(';'),
    '-map', '[vout]', '-an', '-vsync', 'vfr',
    '-c:v', 'mjpeg', '-q:v', PREVIEW_QUALITY, '-threads', '1',
    '-f', 'mjpeg', 'pipe:1',
  ];
  return { args, notes: c.notes, inputs: c.planInputs };
}

/**
 * A live stream as the preview: read what viewers get (the relay's HTTP-FLV) and turn it into small
 * JPEGs. Used while live, so the preview shows what the stream carries without opening the screen
 * and the camera a second time (a camera opens once).
 */
export function buildStreamPreviewArgs(url: string, size: CanvasSize): string[] {
  return [
    ...QUIET, ...ONE_THREAD,
    // Start from the newest keyframe the relay has; no probing beyond what decoding needs.
    '-fflags', 'nobuffer', '-probesize', '65536', '-analyzeduration', '500000', '-threads', '1',
    // A stalled stream ends the reader (and the service starts it again) instead of freezing the preview.
    '-rw_timeout', '5000000',
    '-i', url,
    '-map', '0:v:0', '-an',
    '-vf', `fps=${size.fps},scale=${size.width}:${size.height}:force_original_aspect_ratio=decrease:flags=fast_bilinear,format=yuvj420p`,
    '-c:v', 'mjpeg', '-q:v', PREVIEW_QUALITY, '-threads', '1',
    '-f', 'mjpeg', 'pipe:1',
  ];
}

/** Thumbnails are this wide (the picker's tiles); the height follows the source's aspect ratio. */
export const THUMBNAIL_WIDTH = 320;

/**
 * One frame of a display, window or camera as a JPEG on stdout, for the source picker. Null (with
 * the reason) when the platform cannot capture that source.
 */
export function buildThumbnailArgs(source: VideoSource, platform: Platform, devices?: DeviceInventory): { args: string[] } | { missing: string } {
  const ctx: CaptureContext = { fps: 5, inventory: devices, layerWidth: THUMBNAIL_WIDTH, layerHeight: Math.round((THUMBNAIL_WIDTH * 9) / 16) };
  const result = CAPTURE[platform].video(source, ctx);
  if ('missing' in result) return { missing: result.missing.text };
  return {
    args: [
      ...QUIET,
      ...result.input.args,
      '-vf', [...(result.preFilters ?? []), `scale=${THUMBNAIL_WIDTH}:-2:flags=fast_bilinear`, 'format=yuvj420p'].join(','),
      '-frames:v', '1', '-an', '-c:v', 'mjpeg', '-q:v', '5', '-f', 'mjpeg', 'pipe:1',
    ],
  };
}
