/**
 * The one registry of child processes (ffmpeg and friends). Every spawn goes through here so that
 * stop, crash and exit can end them all: no orphan encoders keep a camera or a port busy.
 * However our process ends, its children end too: a polite stop, a synchronous kill on `exit`, a
 * parent-death signal or watchdog for deaths no handler sees (./parent-death.ts), and pid files that
 * the next start sweeps (./pid-files.ts).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { defaultParentDeathMode, Watchdog, withParentDeath, type ParentDeathMode } from './parent-death';
import { removePidFile, writePidFile } from './pid-files';

export interface TrackedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or null when killed by a signal) once the process is gone. */
  readonly exited: Promise<number | null>;
  /** Last lines of stderr, for error reports a person can act on. */
  stderrTail(): string[];
  /** Ask politely (ffmpeg's "q" or SIGINT), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

export interface SpawnTrackedOptions extends SpawnOptions {
  /** How many stderr lines to keep. */
  tailLines?: number;
  /** ffmpeg finishes files cleanly on "q" on stdin; other tools get SIGINT/SIGTERM. */
  quitWith?: 'q' | 'SIGINT' | 'SIGTERM';
}

export interface ProcessRegistryOptions {
  /** Folder for one pid file per child (the data folder's `pids/`); absent = no pid files. */
  pidDir?: string | undefined;
  /** How children die when we are killed; default: the best this OS offers (see ./parent-death.ts). */
  parentDeath?: ParentDeathMode | undefined;
}

export class ProcessRegistry extends EventEmitter {
  private readonly live = new Set<TrackedProcess>();
  private readonly onExit = () => this.killAllNow();
  private readonly pidDir: string | null;
  readonly parentDeath: ParentDeathMode;
  private readonly watchdog: Watchdog | null;

  constructor(opts: ProcessRegistryOptions = {}) {
    super();
    this.pidDir = opts.pidDir ?? null;
    this.parentDeath = opts.parentDeath ?? defaultParentDeathMode();
    this.watchdog = this.parentDeath === 'watchdog' ? new Watchdog() : null;
    // A synchronous last resort: if our process exits without stopAll(), take the children with us.
    process.on('exit', this.onExit);
  }

  get size(): number {
    return this.live.size;
  }

  list(): TrackedProcess[] {
    return [...this.live];
  }

  spawn(name: string, command: string, args: readonly string[], opts: SpawnTrackedOptions = {}): TrackedProcess {
    const { tailLines = 40, quitWith = 'SIGINT', ...spawnOpts } = opts;
    const wrapped = withParentDeath(this.parentDeath, command, args, spawnOpts.env);
    const child = spawn(wrapped.command, wrapped.args, { stdio: ['pipe', 'pipe', 'pipe'], ...spawnOpts });
    const pid = child.pid;
    if (pid !== undefined) {
      this.watchdog?.add(pid);
      if (this.pidDir) {
        try {
          writePidFile(this.pidDir, name, pid, [command, ...args]);
        } catch {
          // a read-only data folder costs only the start-up sweep, never the child
        }
      }
    }
    const tail: string[] = [];
    let partial = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split(/\r?\n|\r/);
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > tailLines) tail.shift();
      }
    });
    // A child that is gone must not crash us when we write to its stdin.
    child.stdin?.on('error', () => {});
    const exited = new Promise<number | null>((resolve) => {
      child.once('error', (err) => {
        tail.push(`spawn failed: ${err.message}`);
        resolve(null);
      });
      child.once('exit', (code) => resolve(code));
    });
    const tracked: TrackedProcess = {
      name,
      child,
      exited,
      stderrTail: () => (partial ? [...tail, partial] : [...tail]),
      stop: async (graceMs = 3000) => {
        if (child.exitCode !== null || child.signalCode !== null) return exited;
        if (quitWith === 'q' && child.stdin?.writable) child.stdin.end('q\n');
        else child.kill(quitWith === 'q' ? 'SIGINT' : quitWith);
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
        }
      },
    };
    this.live.add(tracked);
    void exited.then((code) => {
      this.live.delete(tracked);
      this.forget(pid);
      this.emit('exit', tracked, code);
    });
    return tracked;
  }

  async stopAll(graceMs = 3000): Promise<void> {
    await Promise.all([...this.live].map((p) => p.stop(graceMs)));
  }

  private forget(pid: number | undefined): void {
    if (pid === undefined) return;
    this.watchdog?.remove(pid);
    this.removeFile(pid);
  }

  private removeFile(pid: number): void {
    try {
      if (this.pidDir) removePidFile(this.pidDir, pid);
    } catch {
      // a stale file is cleared by the next start's sweep (it checks the process is really ours)
    }
  }

  private killAllNow(): void {
    for (const p of this.live) {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
      // On exit no 'exit' event will run for them: the files go now (the kill is synchronous).
      if (p.child.pid !== undefined) this.removeFile(p.child.pid);
    }
  }

  dispose(): void {
    this.killAllNow();
    this.watchdog?.close();
    process.off('exit', this.onExit);
  }
}
