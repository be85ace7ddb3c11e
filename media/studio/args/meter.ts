/**
 * The offline meter: one small ffmpeg per audio source that captures it exactly as the encoder
 * would (same input, same chain: noise suppression, fader, mute) and writes nothing but its level
 * lines (media/studio/levels.ts) to stderr. Pure: source + platform + devices -> arguments.
 */
import type { PipelineNote } from '../../../common/pipeline';
import type { AudioSource } from '../../../common/scene';
import { audioChain, meterTag } from './audio-chain';
import { connectFeed } from './build';
import { CAPTURE } from './canvas';
import type { AudioFeed, DeviceInventory, Platform } from './types';

export interface MeterPlan {
  args: string[];
  /** The tag its level lines carry. */
  tag: string;
  /** The parec helper on Linux without ffmpeg PulseAudio input, else null. */
  feed: AudioFeed | null;
}

/** The meter's command, or why the source cannot be captured here (the same note the encoder would give). */
export function buildMeterArgs(source: AudioSource, platform: Platform, devices: DeviceInventory | undefined): MeterPlan | { missing: Omit<PipelineNote, 'layerId'> } {
  const result = CAPTURE[platform].audio(source, { fps: 30, inventory: devices, layerWidth: 0, layerHeight: 0 });
  if ('missing' in result) return result;
  const tag = meterTag(0);
  const { spec, feed } = connectFeed(result.input, 0, source.id);
  return {
    tag,
    feed,
    // stdin stays open: fader, mute and noise suppression change through filter commands.
    args: ['-hide_banner', '-nostats', ...spec.args, '-filter_complex', audioChain('0:a', source, tag, 'out').join(';'), '-map', '[out]', '-f', 'null', '-'],
  };
}
