/**
 * Local recording: the program bus writes MPEG-TS while live (every byte on disk is playable, so a crash
 * or power loss loses at most the last second); a clean stop remuxes it to MP4 without re-encoding.
 */
import { existsSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { RecordingStatus } from '../../common/pipeline';
import type { ProcessRegistry } from '../ffmpeg/processes';
import { mkdirp } from '../mkdirp';
import { explainFfmpegFailure } from './explain';

export const DEFAULT_RECORDING_NAME = 'Danmu {date} {time}';

/**
 * "Danmu 2026-01-31 20-15-03.ts" from the pattern "Danmu {date} {time}": sortable, and with no
 * character any file system refuses (whatever a pattern or room id brings is replaced by "_").
 */
export function recordingFileName(at: Date, pattern = DEFAULT_RECORDING_NAME): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}`;
  const time = `${p(at.getHours())}-${p(at.getMinutes())}-${p(at.getSeconds())}`;
  const name = pattern
    .replaceAll('{date}', date)
    .replaceAll('{time}', time)
    .replaceAll('{room}', '') // filled in by the studio; a pipeline without a room leaves it out
    .replace(/ {2,}/g, ' ')
    .replace(/[/\\<>:"|?*\u0000-\u001f]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 200);
  return `${name || `Danmu ${date} ${time}`}.ts`;
}

export function remuxArgs(tsPath: string, mp4Path: string): string[] {
  // aac_adtstoasc: MPEG-TS carries ADTS AAC, MP4 wants the raw form; +faststart: plays while downloading.
  return ['-hide_banner', '-nostats', '-loglevel', 'error', '-y', '-i', tsPath, '-map', '0', '-c', 'copy', '-bsf:a', 'aac_adtstoasc', '-movflags', '+faststart', mp4Path];
}

export class Recording {
  readonly tsPath: string;
  private state: RecordingStatus['state'] = 'recording';
  private finalPath: string;
  private error: string | null = null;
  private durationSec = 0;
  /** Wall clock (ms) of the recording's time zero: the earliest "now − output time" seen. */
  private startedAt: number | null = null;

  constructor(directory: string, now = new Date(), pattern?: string) {
    mkdirp(directory); // never Node's recursive mkdir: it hangs on a path under /proc
    // Two recordings in one second (Stop, Go Live) must not overwrite each other.
    let file = path.join(directory, recordingFileName(now, pattern));
    for (let n = 2; existsSync(file) || existsSync(file.replace(/\.ts$/, '.mp4')); n++) file = path.join(directory, recordingFileName(now, pattern).replace(/\.ts$/, ` (${n}).ts`));
    this.tsPath = file;
    this.finalPath = this.tsPath;
  }

  /**
   * The program's stream time, i.e. how much has been recorded, reported at `now`. Stream time runs
   * on the wall clock (inputs are re-timed to it), so now − stream time is the wall clock of the
   * file's time zero plus however late the report came: the smallest value seen is the best
   * estimate. The replay maps event times to video positions with it.
   */
  setDuration(sec: number, now = Date.now()): void {
    this.durationSec = sec;
    const origin = Math.round(now - sec * 1000);
    if (sec > 0 && (this.startedAt === null || origin < this.startedAt)) this.startedAt = origin;
  }

  status(): RecordingStatus {
    let bytes = 0;
    try {
      bytes = statSync(this.finalPath).size;
    } catch {
      bytes = 0; // not created yet
    }
    return {
      path: this.finalPath, bytes, durationSec: Math.round(this.durationSec * 10) / 10, state: this.state, error: this.error,
      ...(this.startedAt !== null ? { startedAt: this.startedAt } : {}),
    };
  }

  /** Writing failed while live (disk full, folder gone): the broadcast goes on, the file ends here. */
  fail(reason: string): void {
    this.state = 'failed';
    this.error = `The recording stopped: ${reason}. What was written so far is in ${this.tsPath}.`;
  }

  /** After the encoder has stopped: remux to MP4 (keeps the .ts when that fails or keepTs is on). */
  async finish(processes: ProcessRegistry, ffmpegPath: string, opts: { remuxToMp4: boolean; keepTs: boolean }): Promise<RecordingStatus> {
    if (this.state === 'failed') return this.status();
    if (!existsSync(this.tsPath)) {
      this.state = 'failed';
      this.error = 'Nothing was recorded (the file was never created).';
      return this.status();
    }
    if (!opts.remuxToMp4) {
      this.state = 'done';
      return this.status();
    }
    this.state = 'remuxing';
    const mp4 = this.tsPath.replace(/\.ts$/, '.mp4');
    const proc = processes.spawn('remux', ffmpegPath, remuxArgs(this.tsPath, mp4), { quitWith: 'SIGTERM' });
    const code = await proc.exited;
    if (code === 0 && existsSync(mp4)) {
      this.finalPath = mp4;
      this.state = 'done';
      if (!opts.keepTs) unlinkSync(this.tsPath);
    } else {
      this.state = 'failed';
      this.error = `The recording is safe in ${this.tsPath}, but converting it to MP4 failed: ${explainFfmpegFailure(proc.stderrTail()).message}`;
    }
    return this.status();
  }
}
