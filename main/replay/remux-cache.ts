/**
 * MP4 copies of MPEG-TS recordings, made on demand for the replay player. Chromium's <video> does
 * not play MPEG-TS, and a recording stays .ts when the streamer keeps it so (or the remux at Stop
 * failed, or the studio crashed mid-stream). `ffmpeg -c copy` rewrites the container without
 * re-encoding (seconds for an hour of video, limited by the disk), the same remux the pipeline does
 * at Stop (media/studio/recording.ts). One remux runs at a time; copies are keyed by the source's
 * path, size and modification time (a file still growing gets a fresh copy), and the folder is kept
 * under `maxBytes` by dropping the least recently played copies. The source is never touched.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { ProcessRegistry } from '../../media/ffmpeg/processes';
import type { Logger } from '../../media/log';
import { mkdirp } from '../../media/mkdirp';
import { explainFfmpegFailure } from '../../media/studio/explain';
import { remuxArgs } from '../../media/studio/recording';

export interface RemuxCacheOptions {
  dir: string;
  processes: ProcessRegistry;
  ffmpegPath: () => string;
  log: Logger;
  /** Bytes of copies kept at most (the newest copy is always kept); default 8 GiB. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 8 * 1024 ** 3;
const TMP = '.tmp.mp4';

export class RemuxCache {
  private readonly inflight = new Map<string, Promise<string>>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly maxBytes: number;

  constructor(private readonly opts: RemuxCacheOptions) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    // Half-written copies of an earlier run (killed mid-remux) are useless.
    try {
      for (const f of readdirSync(opts.dir)) if (f.endsWith(TMP)) rmSync(path.join(opts.dir, f), { force: true });
    } catch {
      // no cache folder yet
    }
  }

  /** The MP4 copy of `tsPath`, made now if there is none yet. */
  mp4For(tsPath: string): Promise<string> {
    const st = statSync(tsPath);
    const key = createHash('sha256').update(`${tsPath}\n${st.size}\n${st.mtimeMs}`).digest('hex').slice(0, 32);
    const out = path.join(this.opts.dir, `${key}.mp4`);
    if (existsSync(out)) {
      const now = new Date();
      utimesSync(out, now, now); // most recently played: evicted last
      return Promise.resolve(out);
    }
    let p = this.inflight.get(key);
    if (!p) {
      p = this.queue.then(() => this.remux(tsPath, out)).finally(() => this.inflight.delete(key));
      this.queue = p.catch(() => undefined);
      this.inflight.set(key, p);
    }
    return p;
  }

  private async remux(tsPath: string, out: string): Promise<string> {
    mkdirp(this.opts.dir);
    const tmp = out.slice(0, -'.mp4'.length) + TMP;
    const started = Date.now();
    const proc = this.opts.processes.spawn('replay-remux', this.opts.ffmpegPath(), remuxArgs(tsPath, tmp), { quitWith: 'SIGTERM' });
    const code = await proc.exited;
    if (code !== 0 || !existsSync(tmp)) {
      rmSync(tmp, { force: true });
      throw new Error(`The recording ${path.basename(tsPath)} could not be prepared for playback: ${explainFfmpegFailure(proc.stderrTail()).message}`);
    }
    renameSync(tmp, out);
    this.opts.log.info(`replay: ${path.basename(tsPath)} remuxed to MP4 for playback in ${Date.now() - started} ms`);
    this.evict(out);
    return out;
  }

  /** Drops the least recently played copies while the folder holds more than maxBytes (never `keep`). */
  private evict(keep: string): void {
    const files = readdirSync(this.opts.dir)
      .filter((f) => f.endsWith('.mp4') && !f.endsWith(TMP))
      .map((f) => { const file = path.join(this.opts.dir, f); const st = statSync(file); return { file, size: st.size, at: st.mtimeMs }; })
      .sort((a, b) => a.at - b.at);
    let total = files.reduce((n, f) => n + f.size, 0);
    for (const f of files) {
      if (total <= this.maxBytes) break;
      if (f.file === keep) continue;
      rmSync(f.file, { force: true });
      total -= f.size;
    }
  }
}
