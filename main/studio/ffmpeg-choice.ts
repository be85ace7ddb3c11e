/**
 * Which ffmpeg the studio runs: located once at start (`--ffmpeg`, else the saved setting, else the
 * locator's order), and a path typed in Settings is tried before it is saved.
 */
import { StudioError, type CodedMessage } from '../../common/studio-api';
import { describeBinary, FfmpegNotFoundError, type ResolvedBinary } from '../../media/ffmpeg/locate';

export interface FfmpegChoiceOptions {
  locate(setting: string | null): ResolvedBinary;
  /** `--ffmpeg <path>` for this run: wins over the saved setting (not persisted). */
  flag?: string | undefined;
}

export type FfmpegLocated =
  | { ok: true; binary: ResolvedBinary; description: string; note: CodedMessage | null }
  | { ok: false; problem: CodedMessage | string };

export class FfmpegChoice {
  private found: ResolvedBinary | null = null;

  constructor(private readonly opts: FfmpegChoiceOptions) {}

  /** The ffmpeg located at start, or null when none could be run. */
  get current(): ResolvedBinary | null {
    return this.found;
  }

  /** Locates the ffmpeg for this run; the locator moves on when an explicit path does not run, and that is said. */
  locate(saved: string | null): FfmpegLocated {
    const wanted = this.opts.flag ?? saved;
    let binary: ResolvedBinary;
    try {
      binary = this.opts.locate(wanted);
    } catch (err) {
      const text = (err as Error).message;
      return { ok: false, problem: err instanceof FfmpegNotFoundError ? { code: 'ffmpeg-missing', params: { tried: err.tried.join('; ') }, text } : text };
    }
    this.found = binary;
    const description = describeBinary(binary);
    const note: CodedMessage | null = wanted && binary.source !== 'setting'
      ? {
          code: 'ffmpeg-fallback',
          params: { wanted, using: description },
          text: `The ffmpeg ${this.opts.flag ? 'given with --ffmpeg' : 'chosen in Settings'} (${wanted}) could not be run, so the studio uses ${description}. Check the path in Settings → ffmpeg.`,
        }
      : null;
    return { ok: true, binary, description, note };
  }

  /** An ffmpeg path that does not run `ffmpeg -version` is refused before it is saved. */
  refuseBroken(patch: unknown): void {
    const wanted = (patch as { ffmpegPath?: unknown } | null)?.ffmpegPath;
    if (typeof wanted !== 'string' || !wanted) return;
    let found: ResolvedBinary | null = null;
    try {
      found = this.opts.locate(wanted);
    } catch {
      found = null;
    }
    if (found?.source !== 'setting') {
      const problem = `${wanted} is not an ffmpeg this computer can run (it is missing, not executable, or "ffmpeg -version" failed). Pick the ffmpeg program itself, e.g. /usr/bin/ffmpeg or C:\\ffmpeg\\bin\\ffmpeg.exe, or clear the field to use the bundled one.`;
      throw new StudioError('invalid', `updateSettings: ${problem}`, [`ffmpegPath: ${problem}`], { code: 'ffmpeg-path-unusable', params: { path: wanted } });
    }
  }
}
