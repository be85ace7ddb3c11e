/**
 * The video half of every command: each visible layer captured (or generated), cropped, faded,
 * scaled into its rectangle and overlaid on a black canvas, text on top. Shared by the encoder
 * (./build.ts) and the editor's live preview (./preview.ts), so the preview is composed exactly as
 * the stream will be. Pure.
 */
import type { PipelineNote } from '../../../common/pipeline';
import type { Crop, Layer, Scene } from '../../../common/scene';
import type { CaptureContext, PlatformCapture } from './capture';
import { CANVAS_CATCH_UP_SEC, canvasPts, stillImage, WALLCLOCK_PTS } from './capture';
import { escapeFilterValue, even } from './escape';
import { linuxCapture } from './linux';
import { macosCapture } from './macos';
import type { BuildOptions, DeviceInventory, InputSpec, Platform, PlanInput } from './types';
import { windowsCapture } from './windows';

export const CAPTURE: Record<Platform, PlatformCapture> = { linux: linuxCapture, win32: windowsCapture, darwin: macosCapture };

interface PixelRect { x: number; y: number; width: number; height: number }

function toPixels(layer: Layer, width: number, height: number): PixelRect {
  return {
    x: Math.round(layer.rect.x * width),
    y: Math.round(layer.rect.y * height),
    width: even(layer.rect.width * width),
    height: even(layer.rect.height * height),
  };
}

/** Opacity as ffmpeg wants it (3 decimals); null when the layer is opaque (no filter at all). */
function alphaOf(layer: Layer): string | null {
  const o = layer.opacity ?? 1;
  return o >= 1 ? null : (Math.round(Math.max(0, o) * 1000) / 1000).toString();
}

/** The crop filter for a crop in source fractions; null when nothing is cut. */
export function cropFilter(crop: Crop | undefined): string | null {
  if (!crop) return null;
  const { left, top, right, bottom } = crop;
  if (left + top + right + bottom === 0) return null;
  const f = (n: number) => Math.round(n * 10000) / 10000;
  // Even sizes and offsets: 4:2:0 sources cannot be cut at odd pixels.
  return `crop=w=trunc(iw*${f(1 - left - right)}/2)*2:h=trunc(ih*${f(1 - top - bottom)}/2)*2:x=trunc(iw*${f(left)}/2)*2:y=trunc(ih*${f(top)}/2)*2`;
}

function drawtext(layer: Layer & { source: { kind: 'text' } }, px: PixelRect, capture: PlatformCapture): string {
  const s = layer.source;
  const font = s.fontFile ? `fontfile=${escapeFilterValue(s.fontFile)}` : capture.defaultFont();
  const outline = s.outlineWidth ? `:borderw=${s.outlineWidth}:bordercolor=${s.outlineColor ?? 'black'}` : '';
  const alpha = alphaOf(layer);
  // expansion=none: a streamer's "100%" must not be read as a drawtext expression.
  return `drawtext=${font}:expansion=none:text=${escapeFilterValue(s.text)}:fontsize=${s.fontSize}:fontcolor=${s.color}${outline}${alpha ? `:alpha=${alpha}` : ''}:x=${px.x}:y=${px.y}`;
}

export interface CanvasSize {
  width: number;
  height: number;
  fps: number;
}

export interface CanvasOptions extends BuildOptions {
  /** Scaler for the layers (the preview trades quality for CPU with fast_bilinear); absent = ffmpeg's default. */
  scaleFlags?: string;
}

/** The canvas as a filter graph under construction: the encoder or the preview adds its outputs. */
export interface ComposedCanvas {
  inputs: InputSpec[];
  planInputs: PlanInput[];
  graph: string[];
  /** The label of the last overlay (text not yet drawn). */
  canvas: string;
  /** drawtext filters for text layers without a raster, drawn above every picture layer. */
  texts: string[];
  notes: PipelineNote[];
  addInput(spec: InputSpec, sourceId: string, name: string): number;
  /** Why a source is left out (it failed to open, or its image file is not there), or null. */
  leftOut(id: string, name: string, image?: string): Omit<PipelineNote, 'layerId'> | null;
}

/**
 * The outgoing scene of a fade, composed into the same command (a second canvas): every input, its
 * canvas included, ends after `seconds`, and source ids get `prefix` so that a failure to open one
 * never leaves out a layer of the scene going on air. Its notes are not the new scene's: dropped.
 */
export interface OutgoingScene {
  base: string;
  seconds: number;
  prefix: string;
}

export function composeCanvas(
  scene: Scene,
  size: CanvasSize,
  platform: Platform,
  devices: DeviceInventory | undefined,
  options: CanvasOptions = {},
): ComposedCanvas {
  const notes: PipelineNote[] = [];
  const inputs: InputSpec[] = [];
  const planInputs: PlanInput[] = [];
  const addInput = (spec: InputSpec, sourceId: string, name: string) => {
    planInputs.push({ sourceId, name, url: spec.args[spec.args.lastIndexOf('-i') + 1] ?? '' });
    return inputs.push(spec) - 1;
  };
  /** A source that failed to open in an earlier attempt, or an image file that is not there: left out. */
  const leftOut = (id: string, name: string, image?: string): Omit<PipelineNote, 'layerId'> | null => {
    const reason = options.exclude?.get(id);
    if (reason !== undefined) return { code: 'source-failed', params: { device: name, reason }, text: `${name} could not be opened (${reason}): it is left out.` };
    if (image !== undefined && options.fileExists && !options.fileExists(image)) return { code: 'image-missing', params: { path: image }, text: `The image file ${image} does not exist: its layer is left out.` };
    return null;
  };
  const composed: ComposedCanvas = { inputs, planInputs, graph: [], canvas: 'base', texts: [], notes, addInput, leftOut };
  const { canvas, texts } = composeLayers(composed, scene, { size, platform, devices, options }, notes, null);
  return { ...composed, canvas, texts };
}

/** What the layers are captured and composed with. */
interface LayerContext {
  size: CanvasSize;
  platform: Platform;
  devices: DeviceInventory | undefined;
  options: CanvasOptions;
}

/** Sources that never carry transparency (images and text rasters may). */
const OPAQUE_SOURCES: ReadonlySet<Layer['source']['kind']> = new Set(['display', 'window', 'camera', 'test-pattern']);

/** Composes `scene` into an existing command as a fade's outgoing picture; returns its canvas label and text filters. */
export function composeOutgoing(into: ComposedCanvas, scene: Scene, ctx: LayerContext, outgoing: OutgoingScene): { canvas: string; texts: string[] } {
  return composeLayers(into, scene, ctx, [], outgoing);
}

function composeLayers(
  into: ComposedCanvas,
  scene: Scene,
  { size, platform, devices, options }: LayerContext,
  notes: PipelineNote[],
  outgoing: OutgoingScene | null,
): { canvas: string; texts: string[] } {
  const capture = CAPTURE[platform];
  const { width: W, height: H, fps } = size;
  const { graph, addInput, leftOut } = into;
  const base = outgoing?.base ?? 'base';
  // The canvas sets the pace: at most `fps` frames a second of real time (realtime), fewer when the
  // encoder is slower (made when it asks), in consecutive slots that follow the wall clock (canvasPts).
  // When it falls more than 0.25 s behind, realtime restarts its clock rather than rushing frames out
  // to catch up, and the timestamps jump to the wall clock: the slots in between are dropped frames.
  graph.push(`color=c=black:size=${W}x${H}:rate=${fps}${outgoing ? `:d=${outgoing.seconds}` : ''},realtime=limit=${CANVAS_CATCH_UP_SEC},${canvasPts(fps)}[${base}]`);
  const texts: string[] = [];
  let canvas = base;
  const flags = options.scaleFlags ? `:flags=${options.scaleFlags}` : '';

  // Video layers, bottom to top. The black base runs at the output rate, so the result is constant
  // frame rate whatever rate each source delivers (sources are repeated or dropped as needed).
  for (const layer of scene.layers) {
    if (!layer.visible || layer.opacity === 0) continue;
    const px = toPixels(layer, W, H);
    // A text layer the editor rasterised (platform fonts, colour emoji) is overlaid as a still image;
    // without a raster ffmpeg draws it (drawtext), above every picture layer.
    const raster = layer.source.kind === 'text' ? layer.source.raster?.path : undefined;
    if (layer.source.kind === 'text' && !raster) {
      texts.push(drawtext(layer as Layer & { source: { kind: 'text' } }, px, capture));
      continue;
    }
    const ctx: CaptureContext = { fps, inventory: devices, layerWidth: px.width, layerHeight: px.height };
    const name = layer.name || layer.id;
    const id = `${outgoing?.prefix ?? ''}${layer.id}`;
    const out = leftOut(layer.id, name, layer.source.kind === 'image' ? layer.source.path : raster) ?? (outgoing ? leftOut(id, name) : null);
    const result = out ? { missing: out } : raster ? { input: stillImage(raster) } : capture.video(layer.source, ctx);
    if ('missing' in result) {
      notes.push({ layerId: layer.id, ...result.missing });
      continue;
    }
    const input = outgoing ? { args: ['-t', String(outgoing.seconds), ...result.input.args] } : result.input;
    const index = addInput(input, id, name);
    const label = `v${index}`;
    // Crop first (fractions of the source), then fit inside the layer keeping the aspect ratio,
    // centred (like OBS's "fit to bounds"); a translucent layer gets an alpha channel last.
    const crop = layer.source.kind === 'text' ? null : cropFilter(layer.crop);
    const alpha = alphaOf(layer);
    const chain = [
      WALLCLOCK_PTS, ...(result.preFilters ?? []), ...(crop ? [crop] : []),
      `scale=${px.width}:${px.height}:force_original_aspect_ratio=decrease${flags}`,
      // Captures are opaque: convert them to the canvas's YUV in the same scaling pass. Left in the
      // capture's RGB (x11grab's bgr0), the overlay negotiated RGB for the canvas and converted every
      // frame twice: a 1080p screen cost the 12 fps preview 20 % of a core instead of 7 %.
      ...(alpha ? ['format=yuva420p', `lutyuv=a=val*${alpha}`] : OPAQUE_SOURCES.has(layer.source.kind) ? ['format=yuv420p'] : []),
    ];
    graph.push(`[${index}:v]${chain.join(',')}[${label}]`);
    const next = `c${index}`;
    graph.push(`[${canvas}][${label}]overlay=x=${px.x}+(${px.width}-w)/2:y=${px.y}+(${px.height}-h)/2:eof_action=pass[${next}]`);
    canvas = next;
  }
  return { canvas, texts };
}
