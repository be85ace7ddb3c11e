/**
 * Runs one ffmpeg per live room that turns the relay's FLV into HLS (stream copy) and uploads the
 * files to our own HTTP server, which keeps them in the HlsSegmentStore. If ffmpeg dies while the
 * room is still live it is restarted with a fresh feed (NMS replays headers and the current GOP).
 */
import { randomBytes } from 'node:crypto';
import type { ProcessRegistry, TrackedProcess } from '../ffmpeg/processes';
import type { Logger } from '../log';
import { buildHlsPackagerArgs } from './packager-args';
import type { HlsSegmentStore } from './segment-store';

export interface HlsPackagerOptions {
  ffmpegPath: string;
  processes: ProcessRegistry;
  store: HlsSegmentStore;
  log: Logger;
  /** Base URL of the relay's ingest route including its secret, e.g. http://127.0.0.1:8000/_ingest/abc */
  ingestBase: () => string;
  /** Subscribes to the room's FLV; returns the unsubscribe function. */
  subscribe: (room: string, onData: (buf: Buffer) => void) => () => void;
  segmentSeconds?: number;
  listSize?: number;
}

interface Job {
  room: string;
  proc: TrackedProcess;
  unsubscribe: () => void;
  stopping: boolean;
}

export class HlsPackager {
  private readonly jobs = new Map<string, Job>();
  /** Rooms that should have an output: a crashed ffmpeg is restarted only for these. */
  private readonly wanted = new Set<string>();

  constructor(private readonly opts: HlsPackagerOptions) {}

  /** The room went live: start a new output (a new epoch, so the playlist starts cleanly). */
  start(room: string): void {
    this.wanted.add(room);
    void this.stopJob(room, false);
    const epoch = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    this.opts.store.begin(room, epoch);
    this.spawn(room, epoch);
  }

  /** The publisher left: let ffmpeg finish the last segment and write #EXT-X-ENDLIST. */
  async stop(room: string): Promise<void> {
    this.wanted.delete(room);
    await this.stopJob(room, true);
    this.opts.store.end(room);
  }

  async close(): Promise<void> {
    this.wanted.clear();
    await Promise.all([...this.jobs.keys()].map((room) => this.stopJob(room, true)));
  }

  private spawn(room: string, epoch: string): void {
    const args = buildHlsPackagerArgs({
      uploadBase: `${this.opts.ingestBase()}/${room}/${epoch}`,
      segmentSeconds: this.opts.segmentSeconds ?? 1,
      listSize: this.opts.listSize ?? 6,
    });
    const proc = this.opts.processes.spawn(`hls:${room}`, this.opts.ffmpegPath, args, { quitWith: 'SIGINT' });
    const stdin = proc.child.stdin!;
    const unsubscribe = this.opts.subscribe(room, (buf) => {
      if (stdin.writable) stdin.write(buf);
    });
    const job: Job = { room, proc, unsubscribe, stopping: false };
    this.jobs.set(room, job);
    void proc.exited.then((code) => {
      if (this.jobs.get(room) !== job) return;
      this.jobs.delete(room);
      job.unsubscribe();
      if (job.stopping) return;
      this.opts.log.warn(`HLS packager for room "${room}" exited (code ${code}); restarting. Last log: ${proc.stderrTail().slice(-3).join(' | ') || 'none'}`);
      // A fresh epoch: the new ffmpeg numbers its segments from 0 again.
      setTimeout(() => {
        if (this.wanted.has(room) && !this.jobs.has(room)) this.start(room);
      }, 500).unref();
    });
  }

  private async stopJob(room: string, graceful: boolean): Promise<void> {
    const job = this.jobs.get(room);
    if (!job) return;
    job.stopping = true;
    job.unsubscribe();
    if (graceful) {
      // End of input makes ffmpeg flush the final segment and playlist; kill only if it hangs.
      job.proc.child.stdin?.end();
      const timer = setTimeout(() => job.proc.child.kill('SIGKILL'), 5000);
      await job.proc.exited;
      clearTimeout(timer);
    } else {
      await job.proc.stop(2000);
    }
    if (this.jobs.get(room) === job) this.jobs.delete(room);
  }
}
