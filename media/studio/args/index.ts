export { buildFfmpegArgs, FEED_DIR, PROGRESS_FD } from './build';
export { audioChain, commandLine, commandsFor, meterTag, type AudioMix, type FilterCommand } from './audio-chain';
export { buildMeterArgs, type MeterPlan } from './meter';
export { ENCODERS, ENCODER_LIST, encoderLabel, gopFrames, trialArgs } from './encoder';
export type { EncoderDescriptor } from './encoder';
export type { AudioFeed, AudioMeter, EncoderSinks, FfmpegPlan } from './types';
export { buildPreviewArgs, buildStreamPreviewArgs, buildThumbnailArgs, THUMBNAIL_WIDTH } from './preview';
export type { PreviewPlan } from './preview';
export { cropFilter } from './canvas';
