export { buildFfmpegArgs, meterTag, PROGRESS_FD } from './build';
export { ENCODERS, FFMPEG_ENCODER, gopFrames, trialArgs } from './encoder';
export type { EncoderDescriptor } from './encoder';
export type { AudioMeter, EncoderSinks, FfmpegPlan } from './types';
