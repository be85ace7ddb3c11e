/**
 * scene + settings + platform (+ devices) -> one ffmpeg command that captures every source, composes
 * the canvas, mixes the audio (with level meters) and encodes H.264 + AAC 48 kHz. Pure: no I/O, so
 * the same scene gives the same arguments on every machine (golden tests in test/golden/).
 */
import type { PipelineNote, PipelineSettings } from '../../../common/pipeline';
import type { Layer, Scene } from '../../../common/scene';
import type { CaptureContext, PlatformCapture } from './capture';
import { silence, stillImage, WALLCLOCK_PTS } from './capture';
import { encoderGlobalArgs, encoderPixelFilters, videoEncoderArgs } from './encoder';
import { escapeFilterValue, even } from './escape';
import { linuxCapture } from './linux';
import { macosCapture } from './macos';
import type { AudioMeter, BuildOptions, DeviceInventory, EncoderSinks, FfmpegPlan, InputSpec, Platform, PlanInput } from './types';
import { windowsCapture } from './windows';

/** The file descriptor the encoder writes its progress to when stdout carries the MPEG-TS program. */
export const PROGRESS_FD = 3;

const CAPTURE: Record<Platform, PlatformCapture> = { linux: linuxCapture, win32: windowsCapture, darwin: macosCapture };

/**
 * Level meters measure 2048-sample blocks (~23 updates a second per source). Larger blocks hold the
 * audio output back by up to a block, and with wall-clock video the encoder then waits on audio:
 * 0.1 s blocks cut a test pattern from 30 to 15 fps.
 */
const METER_SAMPLES = 2048;

interface PixelRect { x: number; y: number; width: number; height: number }

function toPixels(layer: Layer, width: number, height: number): PixelRect {
  return {
    x: Math.round(layer.rect.x * width),
    y: Math.round(layer.rect.y * height),
    width: even(layer.rect.width * width),
    height: even(layer.rect.height * height),
  };
}

/** The meter tag a source's ametadata lines carry: ids may hold any character, tags may not. */
export function meterTag(index: number): string {
  return `lvl${index}`;
}

function drawtext(layer: Layer & { source: { kind: 'text' } }, px: PixelRect, capture: PlatformCapture): string {
  const s = layer.source;
  const font = s.fontFile ? `fontfile=${escapeFilterValue(s.fontFile)}` : capture.defaultFont();
  const outline = s.outlineWidth ? `:borderw=${s.outlineWidth}:bordercolor=${s.outlineColor ?? 'black'}` : '';
  // expansion=none: a streamer's "100%" must not be read as a drawtext expression.
  return `drawtext=${font}:expansion=none:text=${escapeFilterValue(s.text)}:fontsize=${s.fontSize}:fontcolor=${s.color}${outline}:x=${px.x}:y=${px.y}`;
}

function outputArgs(settings: PipelineSettings, sinks: EncoderSinks | undefined): string[] {
  if (!sinks) {
    if (!settings.relayUrl) throw new Error('Nowhere to send the stream: set the relay URL or pass sinks.');
    return ['-f', 'flv', settings.relayUrl];
  }
  // MPEG-TS to the program bus (media/studio/program-bus.ts), which splices encoder generations into
  // the one stream the outputs and the recording see. Flushed per packet: the pipe adds no delay.
  // pes_payload_size 0: every audio frame is its own PES, so the muxer holds no audio back; what it held
  // would be lost at a cut (~0.2 s of silence with the default 2930 bytes).
  return ['-f', 'mpegts', '-pes_payload_size', '0', '-flush_packets', '1', 'pipe:1'];
}

export function buildFfmpegArgs(
  scene: Scene,
  settings: PipelineSettings,
  platform: Platform,
  devices?: DeviceInventory,
  sinks?: EncoderSinks,
  options: BuildOptions = {},
): FfmpegPlan {
  const capture = CAPTURE[platform];
  const { width: W, height: H, fps } = settings.video;
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
  // The canvas sets the pace: at most `fps` frames a second of real time (realtime), fewer when the
  // encoder is slower (made when it asks), each stamped with the wall clock. When it falls more than
  // 0.25 s behind, realtime restarts its clock rather than rushing frames out to catch up.
  const graph: string[] = [`color=c=black:size=${W}x${H}:rate=${fps},realtime=limit=0.25,${WALLCLOCK_PTS}[base]`];
  const texts: string[] = [];
  let canvas = 'base';

  // Video layers, bottom to top. The black base runs at the output rate, so the result is constant
  // frame rate whatever rate each source delivers (sources are repeated or dropped as needed).
  for (const layer of scene.layers) {
    if (!layer.visible) continue;
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
    const out = leftOut(layer.id, name, layer.source.kind === 'image' ? layer.source.path : raster);
    const result = out ? { missing: out } : raster ? { input: stillImage(raster) } : capture.video(layer.source, ctx);
    if ('missing' in result) {
      notes.push({ layerId: layer.id, ...result.missing });
      continue;
    }
    const index = addInput(result.input, layer.id, name);
    const label = `v${index}`;
    // Fit inside the layer keeping the aspect ratio, centred (like OBS's "fit to bounds").
    const chain = [WALLCLOCK_PTS, ...(result.preFilters ?? []), `scale=${px.width}:${px.height}:force_original_aspect_ratio=decrease`];
    graph.push(`[${index}:v]${chain.join(',')}[${label}]`);
    const next = `c${index}`;
    graph.push(`[${canvas}][${label}]overlay=x=${px.x}+(${px.width}-w)/2:y=${px.y}+(${px.height}-h)/2:eof_action=pass[${next}]`);
    canvas = next;
  }
  graph.push(`[${canvas}]${[...texts, ...encoderPixelFilters(settings.video.encoder)].join(',')}[vout]`);

  // Audio: each source resampled to 48 kHz stereo, its volume applied, then metered (post-fader).
  const meters: AudioMeter[] = [];
  const mixed: string[] = [];
  scene.audio.forEach((source) => {
    const out = leftOut(source.id, source.name || source.id);
    const result = out ? { missing: out } : capture.audio(source, { fps, inventory: devices, layerWidth: 0, layerHeight: 0 });
    if ('missing' in result) {
      notes.push({ layerId: source.id, ...result.missing });
      return;
    }
    const index = addInput(result.input, source.id, source.name || source.id);
    const tag = meterTag(meters.length);
    meters.push({ sourceId: source.id, tag });
    const gain = source.muted ? 0 : source.volume;
    graph.push(
      `[${index}:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,volume=${gain},` +
        `asetnsamples=n=${METER_SAMPLES}:p=0,astats=metadata=1:reset=1,` +
        `ametadata@${tag}=mode=print:key=lavfi.astats.Overall.RMS_level,` +
        `ametadata@${tag}p=mode=print:key=lavfi.astats.Overall.Peak_level[a${mixed.length}]`,
    );
    mixed.push(`a${mixed.length}`);
  });
  if (mixed.length === 0) {
    // The stream always carries audio: players and platforms misbehave on video-only streams.
    notes.push(scene.audio.length
      ? { code: 'audio-silence', text: 'No audio source could be opened: the stream carries silence.' }
      : { code: 'audio-none', text: 'The scene has no audio source: the stream carries silence.' });
    const index = inputs.push(silence()) - 1;
    graph.push(`[${index}:a]anull[aout]`);
  } else if (mixed.length === 1) {
    graph.push(`[${mixed[0]}]anull[aout]`);
  } else {
    // amix divides every input by the input count; the volume after it undoes that so the
    // per-source volumes mean what they say.
    graph.push(`${mixed.map((m) => `[${m}]`).join('')}amix=inputs=${mixed.length}:duration=longest:dropout_transition=0,volume=${mixed.length}[aout]`);
  }

  const { audio } = settings;
  const args = [
    '-hide_banner', '-nostats', '-y',
    ...encoderGlobalArgs(settings.video.encoder, platform),
    ...inputs.flatMap((i) => i.args),
    '-filter_complex', graph.join(';'),
    '-map', '[vout]', '-map', '[aout]',
    // Wall-clock timestamps with gaps where frames were skipped: vfr keeps the gaps (cfr would fill
    // them with duplicates, more work for an encoder that is already behind).
    '-vsync', 'vfr',
    ...videoEncoderArgs(settings.video),
    '-c:a', 'aac', '-b:a', `${audio.bitrateKbps}k`, '-ar', String(audio.sampleRate), '-ac', String(audio.channels),
    // Progress as key=value blocks (parsed by media/ffmpeg/progress.ts): on fd 3 when stdout carries the program.
    '-progress', sinks ? `pipe:${PROGRESS_FD}` : 'pipe:1',
    ...outputArgs(settings, sinks),
  ];
  return { args, notes, meters, inputs: planInputs };
}
