/**
 * One pid file per child in `<data folder>/pids/`, so a studio that died without cleaning up (power
 * loss, SIGKILL on a system without a parent-death signal) can end what it left at its next start.
 * The file holds the pid, the process's start time (Linux) and hashes of its command line, never the
 * command line itself (it carries stream keys). Before a stray is ended it must still be the process
 * recorded: a pid the OS has since given to an unrelated program is never touched.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const pidFileSchema = z.object({
  v: z.literal(1),
  pid: z.number().int().positive(),
  name: z.string().max(200),
  /** Basename of the executable (e.g. "ffmpeg"), for tasklist on Windows. */
  image: z.string().max(260),
  /** sha256 of argv joined with NUL (Linux /proc/<pid>/cmdline) and with spaces (ps on macOS). */
  argvNul: z.string().regex(/^[0-9a-f]{64}$/),
  argvSpace: z.string().regex(/^[0-9a-f]{64}$/),
  /** Start time as the OS counts it (Linux: clock ticks since boot), null where unknown. */
  startTime: z.string().max(64).nullable(),
  /** The studio process that owned it: a live owner means another studio still uses this folder. */
  parent: z.object({ pid: z.number().int().positive(), startTime: z.string().max(64).nullable() }),
  createdAt: z.number(),
});
export type PidFile = z.infer<typeof pidFileSchema>;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface ProcessIdentity {
  startTime: string | null;
  /** The running command line, as the OS reports it: argv on Linux, a space-joined string on macOS. */
  argv: string[] | null;
  command: string | null;
  /** Image name (Windows tasklist). */
  image: string | null;
}

/** Linux: field 22 of /proc/<pid>/stat (after the parenthesised name, which may hold spaces). */
function linuxStat(pid: number): { state: string; startTime: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '', startTime: rest[19] ?? '' };
  } catch {
    return null;
  }
}

/** What the OS says about a pid now; null when no such (live, non-zombie) process exists. */
export function readIdentity(pid: number, platform: NodeJS.Platform = process.platform): ProcessIdentity | null {
  try {
    if (platform === 'linux') {
      const st = linuxStat(pid);
      if (!st || st.state === 'Z' || st.state === 'X') return null;
      const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const argv = raw.split('\0');
      if (argv.at(-1) === '') argv.pop();
      return { startTime: st.startTime, argv, command: null, image: null };
    }
    if (platform === 'win32') {
      const out = execFileSync('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH'], { encoding: 'utf8', timeout: 5000, windowsHide: true });
      const m = /^"([^"]+)","(\d+)"/m.exec(out);
      return m && Number(m[2]) === pid ? { startTime: null, argv: null, command: null, image: m[1]! } : null;
    }
    const out = execFileSync('ps', ['-ww', '-o', 'lstart=', '-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 }).replace(/\n$/, '');
    if (!out.trim()) return null;
    // lstart is fixed width: "Tue Dec  1 08:25:32 2026" (24 characters), then the command.
    return { startTime: out.slice(0, 24).trim(), argv: null, command: out.slice(25), image: null };
  } catch {
    return null; // ps exits 1 for a pid that does not exist
  }
}

/** Is the running process `pid` the one this file describes? */
export function identityMatches(rec: PidFile, id: ProcessIdentity): boolean {
  if (rec.startTime !== null && id.startTime !== null && rec.startTime !== id.startTime) return false;
  if (id.argv) return sha256(id.argv.join('\0')) === rec.argvNul;
  if (id.command !== null) return sha256(id.command) === rec.argvSpace;
  if (id.image !== null) return id.image.toLowerCase() === rec.image.toLowerCase() || id.image.toLowerCase() === `${rec.image.toLowerCase()}.exe`;
  return false;
}

let ownStart: string | null | undefined;
function ownStartTime(): string | null {
  ownStart ??= process.platform === 'linux' ? (linuxStat(process.pid)?.startTime ?? null) : null;
  return ownStart;
}

export function pidFilePath(dir: string, pid: number): string {
  return path.join(dir, `${pid}.json`);
}

/** Records a child just spawned (`argv` = the command line it runs, after any wrapper has exec'd). */
export function writePidFile(dir: string, name: string, pid: number, argv: readonly string[]): void {
  const rec: PidFile = {
    v: 1,
    pid,
    name: name.slice(0, 200),
    image: path.basename(argv[0] ?? '').replace(/\.exe$/i, '').slice(0, 260),
    argvNul: sha256(argv.join('\0')),
    argvSpace: sha256(argv.join(' ')),
    // Linux: the start time is set at fork and survives exec, so it is right even before setpriv execs.
    startTime: process.platform === 'linux' ? (linuxStat(pid)?.startTime ?? null) : null,
    parent: { pid: process.pid, startTime: ownStartTime() },
    createdAt: Date.now(),
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(pidFilePath(dir, pid), JSON.stringify(rec) + '\n', { mode: 0o600 });
}

export function removePidFile(dir: string, pid: number): void {
  rmSync(pidFilePath(dir, pid), { force: true });
}

export interface SweepResult {
  /** Strays that were ours and were ended. */
  ended: { pid: number; name: string }[];
  /** Pid files whose process is gone or is now someone else's (file removed, nothing killed). */
  cleared: number;
  /** Files left alone because the studio that wrote them is still running. */
  skipped: number;
}

const alive = (pid: number) => readIdentity(pid) !== null;

/**
 * Ends the children an earlier run of this data folder left behind (verified, see the header), then
 * removes their pid files. Polite first (SIGTERM lets ffmpeg close its files), SIGKILL after `graceMs`.
 */
export async function sweepStrayChildren(dir: string, graceMs = 2000): Promise<SweepResult> {
  const result: SweepResult = { ended: [], cleared: 0, skipped: 0 };
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return result; // no folder: nothing was left
  }
  const toEnd: PidFile[] = [];
  for (const n of names.slice(0, 1000)) {
    const file = path.join(dir, n);
    let rec: PidFile;
    try {
      rec = pidFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      rmSync(file, { force: true }); // unreadable: it cannot prove anything is ours
      result.cleared++;
      continue;
    }
    const owner = rec.parent.pid === process.pid ? null : readIdentity(rec.parent.pid);
    if (rec.parent.pid === process.pid || (owner && (rec.parent.startTime === null || owner.startTime === rec.parent.startTime))) {
      result.skipped++; // ours, or a studio still running on this folder
      continue;
    }
    const id = readIdentity(rec.pid);
    if (!id || !identityMatches(rec, id)) {
      rmSync(file, { force: true });
      result.cleared++;
      continue;
    }
    toEnd.push(rec);
  }
  for (const rec of toEnd) signal(rec.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (toEnd.some((r) => alive(r.pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const rec of toEnd) {
    const id = readIdentity(rec.pid);
    if (id && identityMatches(rec, id)) signal(rec.pid, 'SIGKILL');
    removePidFile(dir, rec.pid);
    result.ended.push({ pid: rec.pid, name: rec.name });
  }
  return result;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
