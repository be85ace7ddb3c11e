/**
 * The encoder registry: each H.264 encoder is one descriptor (its name, ffmpeg name, where to try
 * it, global options, pixel format, its options for live streaming, its trial encode, what its
 * failures mean). Adding one is one entry here plus its id in common/pipeline.ts (settings validate
 * against the ids there); the args builder, the trial-encode probe (media/studio/encoders.ts),
 * validation and the failure explanations (explain.ts) only read descriptors. Golden tests:
 * test/golden/encoders-<platform>.json.
 */
import { ENCODER_IDS, type EncoderId, type VideoSettings } from '../../../common/pipeline';
import type { Platform } from '../device-types';

export interface EncoderDescriptor {
  id: EncoderId;
  /** Its name in Settings and messages. */
  label: string;
  /** The -c:v name. */
  ffmpegName: string;
  /** Platforms where a build may have it and a trial encode is worth running (x264: everywhere). */
  platforms: readonly Platform[];
  /** Everything but x264 runs on a GPU or media engine. */
  hardware: boolean;
  /** Options before the inputs (the VA-API device). */
  globalArgs(platform: Platform): string[];
  /** The last filters before the encoder: the pixel format (and upload) it wants. */
  pixelFilters: readonly string[];
  /** Its options: rate control and keyframes as live platforms require (`rate`, `gop` shared by all). */
  options(v: VideoSettings, rate: string[], gop: string[]): string[];
  /** ffmpeg log lines that mean this encoder cannot run here, and what to tell the streamer. */
  failures?: readonly { test: RegExp; say: string }[];
}

const ALL: readonly Platform[] = ['linux', 'win32', 'darwin'];
const none = () => [];
const VAAPI_DEVICE = '/dev/dri/renderD128';

export const ENCODERS: Record<EncoderId, EncoderDescriptor> = {
  x264: {
    id: 'x264', label: 'Software (x264)', ffmpegName: 'libx264', platforms: ALL, hardware: false, globalArgs: none, pixelFilters: ['format=yuv420p'],
    options: (v, rate, gop) => ['-preset', v.preset, '-tune', 'zerolatency', ...rate, ...gop, '-sc_threshold', '0', '-profile:v', 'high'],
  },
  nvenc: {
    id: 'nvenc', label: 'NVIDIA NVENC', ffmpegName: 'h264_nvenc', platforms: ['linux', 'win32'], hardware: true, globalArgs: none, pixelFilters: ['format=yuv420p'],
    options: (_v, rate, gop) => ['-preset', 'llhq', '-rc', 'cbr', ...rate, ...gop, '-bf', '0', '-forced-idr', '1'],
    failures: [{ test: /No NVENC capable devices found|Cannot load (libcuda|nvcuda)|OpenEncodeSessionEx failed/i, say: 'The NVIDIA encoder is not available on this computer (no supported GPU or driver): choose the software encoder (x264).' }],
  },
  qsv: {
    id: 'qsv', label: 'Intel Quick Sync', ffmpegName: 'h264_qsv', platforms: ['linux', 'win32'], hardware: true, globalArgs: none, pixelFilters: ['format=nv12'],
    options: (v, rate, gop) => ['-preset', v.preset === 'medium' ? 'medium' : 'veryfast', ...rate, ...gop, '-look_ahead', '0'],
  },
  vaapi: {
    id: 'vaapi', label: 'VA-API (Intel/AMD on Linux)', ffmpegName: 'h264_vaapi', platforms: ['linux'], hardware: true,
    globalArgs: (platform) => (platform === 'linux' ? ['-vaapi_device', VAAPI_DEVICE] : []),
    pixelFilters: ['format=nv12', 'hwupload'],
    options: (_v, rate, gop) => [...rate, ...gop, '-bf', '0'],
    failures: [{ test: /Failed to initialise VAAPI|vaapi.*(Failed|Cannot)|No VA display found/i, say: `The VA-API encoder could not start (no usable GPU at ${VAAPI_DEVICE}): choose the software encoder (x264).` }],
  },
  videotoolbox: {
    id: 'videotoolbox', label: 'Apple VideoToolbox', ffmpegName: 'h264_videotoolbox', platforms: ['darwin'], hardware: true, globalArgs: none, pixelFilters: ['format=yuv420p'],
    options: (_v, rate, gop) => ['-realtime', '1', ...rate, ...gop, '-allow_sw', '0'],
  },
  amf: {
    id: 'amf', label: 'AMD AMF', ffmpegName: 'h264_amf', platforms: ['win32'], hardware: true, globalArgs: none, pixelFilters: ['format=yuv420p'],
    options: (_v, rate, gop) => ['-usage', 'lowlatency', '-rc', 'cbr', ...rate, ...gop],
  },
};

/** Every descriptor, in the order Settings lists them. */
export const ENCODER_LIST: readonly EncoderDescriptor[] = ENCODER_IDS.map((id) => ENCODERS[id]);

/** The encoder's name for Settings and messages. */
export function encoderLabel(id: EncoderId): string {
  return ENCODERS[id].label;
}

/** Frames between keyframes: fps x interval, at least 1. */
export function gopFrames(v: Pick<VideoSettings, 'fps' | 'keyframeIntervalSec'>): number {
  return Math.max(1, Math.round(v.fps * v.keyframeIntervalSec));
}

export function encoderGlobalArgs(encoder: EncoderId, platform: Platform): string[] {
  return ENCODERS[encoder].globalArgs(platform);
}

export function encoderPixelFilters(encoder: EncoderId): string[] {
  return [...ENCODERS[encoder].pixelFilters];
}

/** Frequent key frames while an encoder starts (see videoEncoderArgs). */
const STARTUP_KEYFRAMES = { sec: 2, everySec: 0.25, count: 8 /* sec / everySec */ };

export function videoEncoderArgs(v: VideoSettings): string[] {
  const b = `${v.bitrateKbps}k`;
  const g = String(gopFrames(v));
  // A keyframe exactly every interval: same -g and -keyint_min, no scene-cut keyframes (HLS segments line up).
  // Forced by time as well: when frames are dropped, 30 frames are more than 1 s.
  // In the first STARTUP_KEYFRAMES.sec, one every STARTUP_KEYFRAMES.everySec: the program bus cuts a new
  // generation in at its first key frame that is not start-up backlog (media/studio/ts-splicer.ts), and
  // this makes one come ~0.25 s after the backlog drained rather than up to a whole interval later.
  const { count, everySec, sec } = STARTUP_KEYFRAMES;
  const forced = `expr:if(lt(n_forced,${count}),gte(t,n_forced*${everySec}),gte(t,${sec}+(n_forced-${count})*${v.keyframeIntervalSec}))`;
  const gop = ['-g', g, '-keyint_min', g, '-force_key_frames', forced];
  // bufsize = 1 s of bitrate keeps the rate close to constant, which RTMP ingests expect.
  const rate = ['-b:v', b, '-maxrate', b, '-bufsize', b];
  const d = ENCODERS[v.encoder];
  return ['-c:v', d.ffmpegName, ...d.options(v, rate, gop)];
}

/** A tiny encode that proves the encoder works here (5 frames of 256x144 into nothing). */
export function trialArgs(id: EncoderId, platform: Platform): string[] {
  const d = ENCODERS[id];
  return [
    '-hide_banner', '-nostats', '-loglevel', 'error',
    ...d.globalArgs(platform),
    '-f', 'lavfi', '-i', 'color=size=256x144:rate=30',
    '-vf', d.pixelFilters.join(','),
    '-frames:v', '5', '-c:v', d.ffmpegName, '-f', 'null', '-',
  ];
}
