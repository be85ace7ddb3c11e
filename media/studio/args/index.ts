export { buildFfmpegArgs, meterTag } from './build';
export { FFMPEG_ENCODER, gopFrames } from './encoder';
export type { AudioMeter, EncoderSinks, FfmpegPlan } from './types';
