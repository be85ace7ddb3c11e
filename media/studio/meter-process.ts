/**
 * One offline meter: a small ffmpeg (plus parec on Linux without ffmpeg PulseAudio input) that
 * captures one audio source through the encoder's own chain and prints only level lines
 * (args/meter.ts). Emits readings; ends with a reason when the device will not open. Spawned through
 * the ProcessRegistry, so it dies with the studio however the studio dies.
 */
import { EventEmitter } from 'node:events';
import type { AudioLevel } from '../../common/pipeline';
import { LEVEL_FLOOR_DB } from '../../common/pipeline';
import type { ProcessRegistry, TrackedProcess } from '../ffmpeg/processes';
import { commandLine, type AudioMix, commandsFor, type MeterPlan } from './args';
import { spawnWithFeeds } from './audio-feeds';
import { isMeterLine, parseLevelLine } from './levels';
import { LineRing, LineSplitter } from './lines';

interface MeterEvents {
  level: [AudioLevel];
  /** It ended without being asked: `reason` is ffmpeg's (or parec's) last words. */
  failed: [string];
}

export class MeterProcess extends EventEmitter<MeterEvents> {
  private proc: TrackedProcess | null = null;
  private stopping = false;
  private level: AudioLevel = { rmsDb: LEVEL_FLOOR_DB, peakDb: LEVEL_FLOOR_DB };
  private readonly log = new LineRing(8);

  constructor(
    private readonly processes: ProcessRegistry,
    private readonly ffmpegPath: string,
    private readonly plan: MeterPlan,
    private mix: AudioMix,
    private readonly name = 'meter',
  ) {
    super();
  }

  start(): void {
    const { proc, feeds } = spawnWithFeeds(this.processes, this.name, this.ffmpegPath, this.plan.args, this.plan.feed ? [this.plan.feed] : [], { quitWith: 'q', tailLines: 8 });
    this.proc = proc;
    proc.child.stdout?.resume();
    const lines = new LineSplitter();
    proc.child.stderr?.on('data', (chunk: string | Buffer) => {
      for (const line of lines.push(chunk.toString())) {
        const r = parseLevelLine(line);
        if (r && r.tag === this.plan.tag) {
          this.level = r.kind === 'rms' ? { ...this.level, rmsDb: r.db } : { ...this.level, peakDb: r.db };
          // RMS and peak come in pairs, peak second: one reading per block.
          if (r.kind === 'peak') this.emit('level', this.level);
        } else if (!isMeterLine(line)) this.log.push(line);
      }
    });
    void proc.exited.then(() => {
      this.proc = null;
      if (this.stopping) return;
      const feedWords = feeds.flatMap((f) => f.stderrTail()).filter((l) => l.trim());
      this.emit('failed', [...feedWords, ...this.log.all()].filter((l) => !/^\s*(Input|Output|Stream|Duration|Press|Stream mapping|\[)/.test(l)).pop() ?? 'the meter stopped');
    });
  }

  /** Fader, mute, noise suppression: changed in the running chain, no restart. */
  setMix(next: AudioMix): void {
    const commands = commandsFor(this.plan.tag, this.mix, next);
    this.mix = { volume: next.volume, muted: next.muted, noiseSuppression: next.noiseSuppression };
    const stdin = this.proc?.child.stdin;
    if (commands.length && stdin?.writable) for (const c of commands) stdin.write(commandLine(c));
  }

  get running(): boolean {
    return this.proc !== null;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.proc?.stop(1500);
  }
}
