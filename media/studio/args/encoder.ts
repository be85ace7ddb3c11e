/** Video encoder options: constant-ish bitrate and a fixed keyframe interval, as live platforms require. */
import type { EncoderId, VideoSettings } from '../../../common/pipeline';

export const FFMPEG_ENCODER: Record<EncoderId, string> = {
  x264: 'libx264',
  nvenc: 'h264_nvenc',
  qsv: 'h264_qsv',
  vaapi: 'h264_vaapi',
  videotoolbox: 'h264_videotoolbox',
  amf: 'h264_amf',
};

/** Frames between keyframes: fps x interval, at least 1. */
export function gopFrames(v: Pick<VideoSettings, 'fps' | 'keyframeIntervalSec'>): number {
  return Math.max(1, Math.round(v.fps * v.keyframeIntervalSec));
}

/** Global options some encoders need before the inputs (the VAAPI device). */
export function encoderGlobalArgs(encoder: EncoderId, platform: string): string[] {
  return encoder === 'vaapi' && platform === 'linux' ? ['-vaapi_device', '/dev/dri/renderD128'] : [];
}

/** The last filters before the encoder: most hardware encoders want their own pixel format. */
export function encoderPixelFilters(encoder: EncoderId): string[] {
  return encoder === 'vaapi' ? ['format=nv12', 'hwupload'] : encoder === 'qsv' ? ['format=nv12'] : ['format=yuv420p'];
}

export function videoEncoderArgs(v: VideoSettings): string[] {
  const b = `${v.bitrateKbps}k`;
  const g = String(gopFrames(v));
  // A keyframe exactly every interval: same -g and -keyint_min, no scene-cut keyframes (HLS segments line up).
  // Forced by time as well: when frames are dropped, 30 frames are more than 1 s.
  const gop = ['-g', g, '-keyint_min', g, '-force_key_frames', `expr:gte(t,n_forced*${v.keyframeIntervalSec})`];
  // bufsize = 1 s of bitrate keeps the rate close to constant, which RTMP ingests expect.
  const rate = ['-b:v', b, '-maxrate', b, '-bufsize', b];
  switch (v.encoder) {
    case 'x264':
      return ['-c:v', 'libx264', '-preset', v.preset, '-tune', 'zerolatency', ...rate, ...gop, '-sc_threshold', '0', '-profile:v', 'high'];
    case 'nvenc':
      return ['-c:v', 'h264_nvenc', '-preset', 'llhq', '-rc', 'cbr', ...rate, ...gop, '-bf', '0', '-forced-idr', '1'];
    case 'qsv':
      return ['-c:v', 'h264_qsv', '-preset', v.preset === 'medium' ? 'medium' : 'veryfast', ...rate, ...gop, '-look_ahead', '0'];
    case 'vaapi':
      return ['-c:v', 'h264_vaapi', ...rate, ...gop, '-bf', '0'];
    case 'videotoolbox':
      return ['-c:v', 'h264_videotoolbox', '-realtime', '1', ...rate, ...gop, '-allow_sw', '0'];
    case 'amf':
      return ['-c:v', 'h264_amf', '-usage', 'lowlatency', '-rc', 'cbr', ...rate, ...gop];
  }
}
