/**
 * Which H.264 encoders work on this machine. "Listed by ffmpeg" is not enough (a build may include
 * NVENC without an NVIDIA GPU), so each candidate must pass a tiny trial encode. Results are cached
 * per ffmpeg binary by the EncoderProbe instance (the studio keeps one).
 */
import { ENCODER_IDS, ENCODER_LABELS, type EncoderId, type EncoderOption } from '../../common/pipeline';
import type { ProcessRegistry } from '../ffmpeg/processes';
import { FFMPEG_ENCODER } from './args';
import { encoderGlobalArgs, encoderPixelFilters } from './args/encoder';
import { runTool } from './devices';
import { explainFfmpegFailure } from './explain';
import type { Platform } from './device-types';

export type EncoderAvailability = EncoderOption;

/** Hardware encoders worth trying per platform (x264 always works with our bundled builds). */
const CANDIDATES: Record<Platform, EncoderId[]> = {
  linux: ['nvenc', 'vaapi', 'qsv'],
  win32: ['nvenc', 'qsv', 'amf'],
  darwin: ['videotoolbox'],
};

export function trialArgs(id: EncoderId, platform: Platform): string[] {
  return [
    '-hide_banner', '-nostats', '-loglevel', 'error',
    ...encoderGlobalArgs(id, platform),
    '-f', 'lavfi', '-i', 'color=size=256x144:rate=30',
    '-vf', encoderPixelFilters(id).join(','),
    '-frames:v', '5', '-c:v', FFMPEG_ENCODER[id], '-f', 'null', '-',
  ];
}

export class EncoderProbe {
  private readonly cache = new Map<string, Promise<EncoderAvailability[]>>();

  constructor(private readonly processes: ProcessRegistry, private readonly timeoutMs = 8000) {}

  probe(ffmpegPath: string, platform: Platform = process.platform as Platform): Promise<EncoderAvailability[]> {
    const key = `${platform}:${ffmpegPath}`;
    let result = this.cache.get(key);
    if (!result) {
      result = this.run(ffmpegPath, platform);
      this.cache.set(key, result);
    }
    return result;
  }

  private async run(ffmpegPath: string, platform: Platform): Promise<EncoderAvailability[]> {
    const listed = await runTool(this.processes, ffmpegPath, ['-hide_banner', '-encoders'], this.timeoutMs);
    const out: EncoderAvailability[] = [];
    for (const id of ENCODER_IDS) {
      const label = ENCODER_LABELS[id];
      const result = (working: boolean, reason: string | null) => out.push({ id, label, working, hardware: id !== 'x264', reason });
      if (id === 'x264') {
        const has = /\blibx264\b/.test(listed.stdout);
        result(has, has ? null : 'This ffmpeg was built without libx264.');
        continue;
      }
      if (!CANDIDATES[platform].includes(id)) {
        result(false, 'Not available on this operating system.');
        continue;
      }
      if (!new RegExp(`\\b${FFMPEG_ENCODER[id]}\\b`).test(listed.stdout)) {
        result(false, `This ffmpeg has no ${FFMPEG_ENCODER[id]}.`);
        continue;
      }
      // Sequential on purpose: trial encodes in parallel would fight over the GPU and 2 cores.
      const trial = await runTool(this.processes, ffmpegPath, trialArgs(id, platform), this.timeoutMs);
      const ok = trial.code === 0;
      result(ok, ok ? null : explainFfmpegFailure(trial.stderr.split('\n')).message);
    }
    return out;
  }
}
