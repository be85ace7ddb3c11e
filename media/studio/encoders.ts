/**
 * Which H.264 encoders work on this machine. "Listed by ffmpeg" is not enough (a build may include
 * NVENC without an NVIDIA GPU), so each candidate must pass a tiny trial encode. Results are cached
 * per ffmpeg binary by the EncoderProbe instance (the studio keeps one).
 */
import type { EncoderId, EncoderOption } from '../../common/pipeline';
import type { ProcessRegistry } from '../ffmpeg/processes';
import { ENCODER_LIST, trialArgs } from './args/encoder';
import { runTool } from './devices';
import { explainFfmpegFailure } from './explain';
import type { Platform } from './device-types';

export type EncoderAvailability = EncoderOption;

export { trialArgs };

/** Before the probe has answered: only x264 is known to work (every ffmpeg we run includes it). */
export function uncheckedEncoders(): EncoderOption[] {
  return ENCODER_LIST.map((d) => ({ id: d.id, label: d.label, working: !d.hardware, hardware: d.hardware, reason: d.hardware ? 'Not checked yet.' : null }));
}

/** A trial that ran out of time says nothing about the encoder: the machine was busy. */
const BUSY = 'The trial encode did not finish in time (the computer is busy); it is tried again next time.';

export class EncoderProbe {
  private readonly cache = new Map<string, Promise<EncoderAvailability[]>>();

  constructor(private readonly processes: ProcessRegistry, private readonly timeoutMs = 15_000) {}

  probe(ffmpegPath: string, platform: Platform = process.platform as Platform): Promise<EncoderAvailability[]> {
    const key = `${platform}:${ffmpegPath}`;
    let result = this.cache.get(key);
    if (!result) {
      result = this.run(ffmpegPath, platform);
      this.cache.set(key, result);
      // An answer spoilt by a busy machine is not kept: the next call tries again.
      void result.then((list) => { if (list.some((e) => e.reason === BUSY)) this.cache.delete(key); }, () => this.cache.delete(key));
    }
    return result;
  }

  /** One trial encode: works, fails (with ffmpeg's reason), or ran out of time (unknown). */
  private async trial(ffmpegPath: string, id: EncoderId, platform: Platform): Promise<{ ok: boolean | null; reason: string | null }> {
    const started = Date.now();
    const r = await runTool(this.processes, ffmpegPath, trialArgs(id, platform), this.timeoutMs);
    if (r.code === 0) return { ok: true, reason: null };
    if (r.code === null && Date.now() - started >= this.timeoutMs) return { ok: null, reason: BUSY };
    return { ok: false, reason: explainFfmpegFailure(r.stderr.split('\n')).message };
  }

  /**
   * Every encoder this OS could have gets a trial encode, x264 included: what Settings says comes from
   * what a real encode did, not from a listing (a listing cut short on a busy machine once made
   * Settings claim "built without libx264" while the stream was being encoded with it).
   */
  private async run(ffmpegPath: string, platform: Platform): Promise<EncoderAvailability[]> {
    const listed = await runTool(this.processes, ffmpegPath, ['-hide_banner', '-encoders'], this.timeoutMs);
    const listingOk = listed.code === 0;
    const out: EncoderAvailability[] = [];
    for (const d of ENCODER_LIST) {
      const id = d.id;
      const result = (working: boolean, reason: string | null) => out.push({ id, label: d.label, working, hardware: d.hardware, reason });
      if (!d.platforms.includes(platform)) {
        result(false, 'Not available on this operating system.');
        continue;
      }
      if (d.hardware && listingOk && !new RegExp(`\\b${d.ffmpegName}\\b`).test(listed.stdout)) {
        result(false, `This ffmpeg has no ${d.ffmpegName}.`);
        continue;
      }
      // Sequential on purpose: trial encodes in parallel would fight over the GPU and 2 cores.
      const t = await this.trial(ffmpegPath, id, platform);
      // x264 is what every stream falls back to: only a trial that really failed marks it broken.
      result(t.ok ?? id === 'x264', t.reason);
    }
    return out;
  }
}
