/**
 * One encoder generation: an ffmpeg that captures, composes and encodes one scene (or a transition),
 * writing MPEG-TS on stdout for the program bus (./program-bus.ts). Reads its progress (fd 3) and
 * level meters (stderr).
 */
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { commandLine, PROGRESS_FD, type AudioFeed, type FilterCommand } from './args';
import { spawnWithFeeds } from './audio-feeds';
import type { ProcessRegistry, TrackedProcess } from '../ffmpeg/processes';
import { ProgressParser, type ProgressBlock } from '../ffmpeg/progress';
import { explainFfmpegFailure, type Explanation } from './explain';
import { isMeterLine, parseLevelLine, type LevelReading } from './levels';
import { LineRing, LineSplitter } from './lines';

export interface EncoderExit {
  code: number | null;
  /** true when we asked it to stop. */
  expected: boolean;
  explanation: Explanation;
}

interface EncoderEvents {
  progress: [ProgressBlock];
  level: [LevelReading];
  exit: [EncoderExit];
}

export class EncoderProcess extends EventEmitter<EncoderEvents> {
  private proc: TrackedProcess | null = null;
  private stopping = false;
  /** Log lines without the level meters' chatter: what an error report quotes. */
  private readonly log = new LineRing(60);
  readonly startedAt: number;

  /** The running ffmpeg's pid (for CPU and memory readings), or null between runs. */
  get pid(): number | null {
    return this.proc?.child.pid ?? null;
  }

  constructor(
    private readonly processes: ProcessRegistry,
    private readonly ffmpegPath: string,
    private readonly args: readonly string[],
    private readonly target?: string,
    /** Helper processes feeding inputs (parec on Linux without ffmpeg PulseAudio input). */
    private readonly feeds: readonly AudioFeed[] = [],
  ) {
    super();
    this.startedAt = Date.now();
  }

  /** Starts ffmpeg; returns its MPEG-TS output (hand it to the program bus, which reads it to the end). */
  start(): Readable {
    const stdio = Array.from({ length: PROGRESS_FD + 1 }, () => 'pipe' as const);
    const { proc } = spawnWithFeeds(this.processes, 'encoder', this.ffmpegPath, this.args, this.feeds, { quitWith: 'q', tailLines: 10, stdio });
    this.proc = proc;
    const progress = new ProgressParser();
    const progressOut = proc.child.stdio[PROGRESS_FD] as Readable;
    progressOut.setEncoding('utf8');
    progressOut.on('data', (chunk: string) => {
      for (const block of progress.push(chunk)) this.emit('progress', block);
    });
    progressOut.on('error', () => undefined);
    const lines = new LineSplitter();
    // The registry has set the encoding already; a second listener sees the same strings.
    proc.child.stderr?.on('data', (chunk: string | Buffer) => {
      for (const line of lines.push(chunk.toString())) {
        const level = parseLevelLine(line);
        if (level) this.emit('level', level);
        else if (!isMeterLine(line)) this.log.push(line);
      }
    });
    void proc.exited.then((code) => {
      this.proc = null;
      this.emit('exit', { code, expected: this.stopping, explanation: explainFfmpegFailure(this.log.all(), { target: this.target }) });
    });
    return proc.child.stdout as Readable;
  }

  get running(): boolean {
    return this.proc !== null;
  }

  /** Changes a running filter (fader, mute, noise suppression) through ffmpeg's stdin command line; false when not running. */
  sendCommands(commands: readonly FilterCommand[]): boolean {
    const stdin = this.proc?.child.stdin;
    if (!stdin?.writable || this.stopping) return false;
    for (const c of commands) stdin.write(commandLine(c));
    return true;
  }

  logLines(): string[] {
    return this.log.all();
  }

  /** "q" lets ffmpeg finish the files cleanly; SIGKILL after the grace period. */
  async stop(graceMs = 4000): Promise<void> {
    this.stopping = true;
    const p = this.proc;
    if (p) await p.stop(graceMs);
  }
}
