export { buildFfmpegArgs, meterTag, PROGRESS_FD } from './build';
export { ENCODERS, FFMPEG_ENCODER, gopFrames, trialArgs } from './encoder';
export type { EncoderDescriptor } from './encoder';
export type { AudioMeter, EncoderSinks, FfmpegPlan } from './types';
export { buildPreviewArgs, buildStreamPreviewArgs, buildThumbnailArgs, THUMBNAIL_WIDTH } from './preview';
export type { PreviewPlan } from './preview';
export { cropFilter } from './canvas';
