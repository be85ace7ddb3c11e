/** Linux process-tree look-ups for the orphan tests (/proc only: what the kernel says, no ps). */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcInfo { pid: number; comm: string; ppid: number; state: string; startTime: string }

export function procInfo(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, comm, state: rest[0]!, ppid: Number(rest[1]), startTime: rest[19]! };
  } catch {
    return null;
  }
}

/** Every live descendant of `root` (children, grandchildren, …). */
export function descendants(root: number): ProcInfo[] {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => procInfo(Number(d))).filter((p): p is ProcInfo => p !== null);
  const out: ProcInfo[] = [];
  let frontier = [root];
  while (frontier.length) {
    const next = all.filter((p) => frontier.includes(p.ppid));
    out.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return out;
}

/** True while the very process recorded (same pid and start time) still runs (zombies count as gone). */
export function stillRunning(p: { pid: number; startTime: string }): boolean {
  const now = procInfo(p.pid);
  return now !== null && now.startTime === p.startTime && now.state !== 'Z';
}

/** Polls until none of `procs` runs; returns the milliseconds it took, or null after `timeoutMs`. */
export async function waitAllGone(procs: { pid: number; startTime: string }[], timeoutMs: number): Promise<number | null> {
  const t0 = Date.now();
  while (Date.now() - t0 <= timeoutMs) {
    if (!procs.some(stillRunning)) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 25));
  }
  return null;
}
