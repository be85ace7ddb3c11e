/**
 * Load average before and after a benchmark, and the verdict every bench prints: on a busy machine
 * (the 2 cores are shared) a figure is reported but never claimed to meet its target.
 */
import os from 'node:os';

export interface LoadSnapshot {
  load_avg_1m: number;
  load_avg_5m: number;
  at: string;
}

export function loadSnapshot(): LoadSnapshot {
  const [l1, l5] = os.loadavg();
  return { load_avg_1m: round2(l1 ?? 0), load_avg_5m: round2(l5 ?? 0), at: new Date().toISOString() };
}

/** Busy: more runnable work than ~70 % of the cores, before or after the run. */
export function isBusy(before: LoadSnapshot, after: LoadSnapshot, cpus = os.cpus().length): boolean {
  const limit = Math.max(1, cpus * 0.7);
  return before.load_avg_1m > limit || after.load_avg_1m > limit;
}

/** Per target: true/false on an idle machine, "not judged (busy)" on a busy one. */
export function judge(busy: boolean, checks: Record<string, boolean>): Record<string, boolean | string> {
  return Object.fromEntries(Object.entries(checks).map(([k, ok]) => [k, busy ? 'not judged (machine busy)' : ok]));
}

export function machineLine(): string {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
