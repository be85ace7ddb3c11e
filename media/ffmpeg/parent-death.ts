/**
 * Children must die with us however we die, SIGKILL and the OOM killer included, when no exit
 * handler of ours gets to run. Two mechanisms, best first:
 *  - Linux: spawn through `setpriv --pdeathsig KILL` (util-linux). setpriv sets PR_SET_PDEATHSIG and
 *    execs the real command in the same pid, so the kernel SIGKILLs it when our process dies. The
 *    signal is tied to the *thread* that forked the child: Node (libuv) forks from the main thread,
 *    which lives as long as the process, so here it means "when the studio's process dies".
 *  - Other POSIX systems, or Linux without setpriv: one small `sh` watchdog per registry. It reads
 *    "+pid"/"-pid" lines on a pipe from us; when we die the pipe closes, `read` sees end of file and
 *    the watchdog SIGKILLs the pids still listed. It ignores INT/TERM/HUP so a Ctrl+C to the process
 *    group leaves it to do its job, and it exits as soon as our end of the pipe is gone.
 * Windows has neither (a job object would need native code): there the registry's exit handler and
 * the start-up sweep of pid files (./pid-files.ts) are what end strays.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export type ParentDeathMode = 'pdeathsig' | 'watchdog' | 'none';

let setprivCache: string | null | undefined;

/** The setpriv binary when it exists and knows --pdeathsig (util-linux ≥ 2.33), else null. */
export function setprivPath(): string | null {
  if (setprivCache !== undefined) return setprivCache;
  setprivCache = null;
  if (process.platform !== 'linux') return null;
  const found = resolveExecutable('setpriv');
  if (!found) return null;
  try {
    const help = execFileSync(found, ['--help'], { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] });
    if (help.includes('--pdeathsig')) setprivCache = found;
  } catch {
    // an old setpriv without --help or without the option: the watchdog takes over
  }
  return setprivCache;
}

/** The best mechanism available on this machine. */
export function defaultParentDeathMode(): ParentDeathMode {
  if (process.platform === 'win32') return 'none';
  return setprivPath() ? 'pdeathsig' : 'watchdog';
}

/** A command as spawn would find it: a path that is executable, or the first match on PATH. */
export function resolveExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const executable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (command.includes('/') || command.includes(path.sep)) return executable(command) ? command : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, command))) return path.join(dir, command);
  }
  return null;
}

/**
 * The command line that runs `command args` with a parent-death signal. A command that cannot be
 * found is not wrapped, so spawn still fails with its usual ENOENT error instead of setpriv's exit 127.
 */
export function withParentDeath(mode: ParentDeathMode, command: string, args: readonly string[], env?: NodeJS.ProcessEnv): { command: string; args: string[] } {
  const setpriv = mode === 'pdeathsig' ? setprivPath() : null;
  if (!setpriv || !resolveExecutable(command, env ?? process.env)) return { command, args: [...args] };
  return { command: setpriv, args: ['--pdeathsig', 'KILL', '--', command, ...args] };
}

const WATCHDOG_SCRIPT = `trap '' INT TERM HUP
pids=" "
while IFS= read -r l; do
  case "$l" in
    +*) pids="$pids\${l#+} " ;;
    -*) pids=$(printf '%s' "$pids" | sed "s/ \${l#-} / /") ;;
  esac
done
for p in $pids; do kill -9 "$p" 2>/dev/null; done
exit 0`;

/** One watchdog per registry (see the header). Started on the first child; never keeps us alive. */
export class Watchdog {
  private proc: ChildProcess | null = null;

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  add(pid: number): void {
    this.send(`+${pid}`);
  }

  remove(pid: number): void {
    if (this.proc) this.send(`-${pid}`);
  }

  private send(line: string): void {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) this.proc = this.start();
    this.proc.stdin?.write(`${line}\n`);
  }

  private start(): ChildProcess {
    const proc = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'] });
    proc.on('error', () => {});
    proc.stdin?.on('error', () => {});
    proc.unref();
    (proc.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return proc;
  }

  /** Normal shutdown: the children were stopped; let the watchdog go (nothing left to kill). */
  close(): void {
    this.proc?.stdin?.end();
    this.proc = null;
  }
}
