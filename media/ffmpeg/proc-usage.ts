/**
 * CPU time and resident memory of child processes, read from Linux's /proc (no dependency, no
 * `ps` per second). The parsers are pure so they are tested with sample text; `UsageMeter` turns two
 * readings into a CPU percentage. Elsewhere than Linux the readers return null and callers leave
 * the numbers out.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on every Linux we ship to). */
export const CLOCK_TICKS_PER_SEC = 100;

export interface ProcStat {
  pid: number;
  /** The executable's name (at most 15 characters), e.g. "ffmpeg". */
  comm: string;
  ppid: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
}

/**
 * One /proc/<pid>/stat line. The name sits in parentheses and may itself contain spaces or ")", so
 * the fields are counted from the last ")".
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  const pid = Number(text.slice(0, open).trim());
  const ppid = Number(rest[1]);
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (![pid, ppid, utime, stime].every(Number.isFinite)) return null;
  return { pid, comm: text.slice(open + 1, close), ppid, cpuTicks: utime + stime };
}

/** VmRSS from /proc/<pid>/status, in kB (0 for a zombie, which has no VmRSS line). */
export function parseProcStatusRssKb(text: string): number {
  const m = /^VmRSS:\s+(\d+)\s*kB/m.exec(text);
  return m ? Number(m[1]) : 0;
}

export interface ProcReading {
  cpuTicks: number;
  rssKb: number;
}

/** Reads one process; null when it is gone or this is not Linux. */
export function readProcUsage(pid: number, procRoot = '/proc'): ProcReading | null {
  try {
    const stat = parseProcStat(readFileSync(`${procRoot}/${pid}/stat`, 'utf8'));
    if (!stat) return null;
    return { cpuTicks: stat.cpuTicks, rssKb: parseProcStatusRssKb(readFileSync(`${procRoot}/${pid}/status`, 'utf8')) };
  } catch {
    return null;
  }
}

/** The pids and all their descendants (one scan of /proc); [] where there is no /proc. */
export function processTree(roots: readonly number[], procRoot = '/proc'): number[] {
  const kids = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync(procRoot);
  } catch {
    return [];
  }
  for (const d of entries) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = parseProcStat(readFileSync(`${procRoot}/${d}/stat`, 'utf8'));
      if (s) kids.set(s.ppid, [...(kids.get(s.ppid) ?? []), s.pid]);
    } catch { /* exited while we looked */ }
  }
  const out: number[] = [];
  const stack = [...roots];
  while (stack.length) {
    const p = stack.pop() as number;
    out.push(p);
    stack.push(...(kids.get(p) ?? []));
  }
  return out;
}

export interface UsageSample {
  /** CPU used since the previous sample, as % of ONE core (two busy cores = 200). */
  cpuPercentOfCore: number;
  /** CPU seconds used since the previous sample. */
  cpuSec: number;
  rssMb: number;
}

/**
 * Samples a changing set of processes (an encoder restarts on a scene switch): CPU is the ticks each
 * pid used since the previous sample; a pid first seen after the baseline started since then, so all
 * of its ticks count; an exited one drops out.
 */
export class UsageMeter {
  private last = new Map<number, number>();
  private lastAt: number | null = null;

  constructor(private readonly read: (pid: number) => ProcReading | null = readProcUsage) {}

  /** null when nothing could be read (no /proc, or every process gone). The first call only sets the baseline CPU. */
  sample(pids: readonly number[], now = Date.now()): UsageSample | null {
    const next = new Map<number, number>();
    let ticks = 0;
    let rssKb = 0;
    for (const pid of pids) {
      const r = this.read(pid);
      if (!r) continue;
      next.set(pid, r.cpuTicks);
      const prev = this.last.get(pid);
      if (this.lastAt !== null) ticks += Math.max(0, r.cpuTicks - (prev ?? 0));
      rssKb += r.rssKb;
    }
    const elapsedSec = this.lastAt === null ? 0 : (now - this.lastAt) / 1000;
    this.last = next;
    this.lastAt = now;
    if (next.size === 0) return null;
    const cpuSec = ticks / CLOCK_TICKS_PER_SEC;
    return {
      cpuPercentOfCore: elapsedSec > 0 ? Math.round((cpuSec / elapsedSec) * 1000) / 10 : 0,
      cpuSec,
      rssMb: Math.round(rssKb / 102.4) / 10,
    };
  }
}
