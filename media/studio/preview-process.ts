/**
 * One preview ffmpeg (scene composed small, or the live stream decoded small) writing JPEGs to
 * stdout: each complete frame is emitted, nothing is queued (the newest frame is all a preview
 * needs). Spawned through the ProcessRegistry, so it dies with the studio however the studio ends.
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { ProcessRegistry, TrackedProcess } from '../ffmpeg/processes';
import { JpegFrameSplitter } from './jpeg-frames';

export interface PreviewExit {
  code: number | null;
  /** true when we asked it to stop. */
  expected: boolean;
  /** Frames it delivered before it ended (0: it failed to start, e.g. a source would not open). */
  frames: number;
  logLines: string[];
}

interface PreviewProcessEvents {
  frame: [Buffer];
  exit: [PreviewExit];
}

/** Niceness of the preview ffmpeg while live (0 normal, 19 lowest): below the encoder, above idle work. */
export const PREVIEW_NICENESS = 10;

/** A 640×360 preview JPEG is ~30 kB; a frame this large is not one of ours. */
const MAX_FRAME_BYTES = 2 * 1024 * 1024;

export class PreviewProcess extends EventEmitter<PreviewProcessEvents> {
  private proc: TrackedProcess | null = null;
  private stopping = false;
  private frames = 0;

  constructor(
    private readonly processes: ProcessRegistry,
    private readonly ffmpegPath: string,
    private readonly args: readonly string[],
    private readonly name = 'preview',
    /** 0 = normal priority; PREVIEW_NICENESS while an encoder runs. */
    private readonly niceness = 0,
  ) {
    super();
  }

  get pid(): number | null {
    return this.proc?.child.pid ?? null;
  }

  start(): void {
    const proc = this.processes.spawn(this.name, this.ffmpegPath, this.args, { quitWith: 'SIGTERM', tailLines: 20 });
    this.proc = proc;
    // While live the stream wins: the preview runs at a lower priority than the encoder, so a busy
    // machine drops preview frames, not frames of the broadcast.
    if (this.niceness > 0 && proc.child.pid !== undefined) {
      try {
        os.setPriority(proc.child.pid, this.niceness);
      } catch {
        // not permitted here: the preview still runs, at normal priority
      }
    }
    const splitter = new JpegFrameSplitter({ maxFrameBytes: MAX_FRAME_BYTES });
    proc.child.stdin?.end();
    proc.child.stdout?.on('data', (chunk: Buffer) => {
      for (const f of splitter.push(chunk)) {
        this.frames++;
        this.emit('frame', f);
      }
    });
    void proc.exited.then((code) => {
      this.emit('exit', { code, expected: this.stopping, frames: this.frames, logLines: proc.stderrTail() });
    });
  }

  /** Ends it (SIGTERM, then SIGKILL after `graceMs`): a preview has no file to finish. */
  async stop(graceMs = 500): Promise<void> {
    this.stopping = true;
    await this.proc?.stop(graceMs);
  }
}
