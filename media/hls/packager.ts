/**
 * LL-HLS packaging in the relay's own process: for each live room it subscribes to the FLV that
 * node-media-server already has (no ffmpeg, no RTMP round trip), demuxes it, cuts parts and segments
 * and keeps them in a LiveOutput that the HTTP routes read. A new publish starts a new epoch (its
 * name is in every URI, so caches never mix two publishes); an ended one stays readable a while.
 */
import { randomBytes } from 'node:crypto';
import { LIVE_TIMING, llHlsParameters, type LiveTiming } from '../../common/live-timing';
import type { Logger } from '../log';
import { FlvDemuxer } from './flv-demux';
import { LiveOutput } from './live-output';
import { Segmenter, type SegmenterSink } from './segmenter';

export interface HlsPackagerOptions {
  log: Logger;
  /** Subscribes to the room's FLV; returns the unsubscribe function. */
  subscribe: (room: string, onData: (buf: Buffer) => void) => () => void;
  timing?: LiveTiming;
  /** A second consumer of every part and segment boundary (the replay archive), per room. */
  tap?: (room: string) => SegmenterSink;
  /** How long an ended stream's playlist and segments stay after the publisher left. */
  retainAfterEndMs?: number;
}

interface Job {
  output: LiveOutput;
  segmenter: Segmenter;
  unsubscribe: (() => void) | null;
  cleanup: NodeJS.Timeout | null;
}

export class HlsPackager {
  private readonly jobs = new Map<string, Job>();
  private readonly timing: LiveTiming;

  constructor(private readonly opts: HlsPackagerOptions) {
    this.timing = opts.timing ?? LIVE_TIMING;
  }

  /** The room went live: a new epoch with a fresh playlist. */
  start(room: string): void {
    this.drop(room);
    const epoch = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const output = new LiveOutput({ epoch, params: llHlsParameters(this.timing), listSegments: this.timing.playlistSegments });
    const demux: FlvDemuxer = new FlvDemuxer({
      frame: (f) => segmenter.push(f),
      unsupported: (what) => this.opts.log.warn(`HLS for room "${room}": ${what}; viewers can still use HTTP-FLV.`),
    });
    const segmenter = new Segmenter({
      timing: this.timing,
      sink: this.opts.tap ? tee(output, this.opts.tap(room)) : output,
      streams: () => ({ video: demux.hasVideoConfig, audio: demux.hasAudioConfig }),
    });
    const job: Job = { output, segmenter, unsubscribe: null, cleanup: null };
    this.jobs.set(room, job);
    job.unsubscribe = this.opts.subscribe(room, (buf) => {
      // Runs inside node-media-server's broadcast loop: a throw here would disturb every viewer.
      try {
        demux.push(buf);
      } catch (err) {
        this.opts.log.error(`HLS packaging for room "${room}" stopped: ${(err as Error).message}. HTTP-FLV keeps working; republish to retry.`);
        job.unsubscribe?.();
        job.unsubscribe = null;
        output.end();
      }
    });
  }

  /** The publisher left: finish the last part and segment and end the playlist. */
  stop(room: string): void {
    const job = this.jobs.get(room);
    if (!job || job.cleanup) return;
    job.unsubscribe?.();
    job.unsubscribe = null;
    job.segmenter.finish();
    job.output.end();
    job.cleanup = setTimeout(() => {
      if (this.jobs.get(room) === job) this.drop(room);
    }, this.opts.retainAfterEndMs ?? 60_000);
    job.cleanup.unref();
  }

  output(room: string): LiveOutput | null {
    return this.jobs.get(room)?.output ?? null;
  }

  close(): void {
    for (const room of [...this.jobs.keys()]) this.drop(room);
  }

  private drop(room: string): void {
    const job = this.jobs.get(room);
    if (!job) return;
    this.jobs.delete(room);
    if (job.cleanup) clearTimeout(job.cleanup);
    job.unsubscribe?.();
    job.output.close();
  }
}

/** Both sinks get every call; the live output first, and a fault in the second never reaches it. */
function tee(first: SegmenterSink, second: SegmenterSink): SegmenterSink {
  const guard = (f: () => void) => {
    try {
      f();
    } catch {
      /* the archive reports its own failures; live viewers must not notice */
    }
  };
  return {
    segmentStarted: (msn, pdt, disc) => { first.segmentStarted(msn, pdt, disc); guard(() => second.segmentStarted(msn, pdt, disc)); },
    part: (p) => { first.part(p); guard(() => second.part(p)); },
    segmentEnded: (msn, d) => { first.segmentEnded(msn, d); guard(() => second.segmentEnded(msn, d)); },
  };
}
