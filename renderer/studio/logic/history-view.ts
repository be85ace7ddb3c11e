/**
 * The history view's pure parts: its routes (kept in the URL hash so a reload, the back button and a
 * test can open any page), chart geometry and peaks, and the paging of a session's event list.
 */
import { parseSessionId } from '../../../common/history';

export type HistoryRoute =
  | { view: 'sessions' }
  | { view: 'search' }
  | { view: 'session'; id: string; at: number | null };

const PREFIX = '#/history';

/** null: the studio itself (not the history view). */
export function parseHistoryHash(hash: string): HistoryRoute | null {
  if (hash !== PREFIX && !hash.startsWith(`${PREFIX}/`)) return null;
  const rest = hash.slice(PREFIX.length + 1);
  if (rest === 'search') return { view: 'search' };
  const m = /^session\/([^@]+)(?:@(\d{1,15}))?$/.exec(rest);
  if (m) {
    const id = decodeURIComponent(m[1]!);
    if (parseSessionId(id)) return { view: 'session', id, at: m[2] ? Number(m[2]) : null };
  }
  return { view: 'sessions' };
}

export function historyHash(r: HistoryRoute): string {
  switch (r.view) {
    case 'sessions': return PREFIX;
    case 'search': return `${PREFIX}/search`;
    case 'session': return `${PREFIX}/session/${r.id}${r.at ? `@${r.at}` : ''}`;
  }
}

/** Index of the highest value, or null when all are zero (no peak to mark). */
export function peakIndex(values: readonly number[]): number | null {
  let best: number | null = null;
  for (let i = 0; i < values.length; i++) if (values[i]! > 0 && (best === null || values[i]! > values[best]!)) best = i;
  return best;
}

/** "Nice" upper bound for a chart axis: 1, 2 or 5 × 10^n at or above max. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** x positions and heights of bars in a w×h box (values ≥ 0), leaving `gap` between bars when there is room. */
export function barGeometry(values: readonly number[], w: number, h: number): { x: number; width: number; height: number }[] {
  const n = Math.max(1, values.length);
  const step = w / n;
  const gap = step > 4 ? 1 : 0;
  const top = niceMax(Math.max(0, ...values));
  return values.map((v, i) => ({ x: i * step, width: Math.max(0.5, step - gap), height: (Math.max(0, v) / top) * h }));
}

/** Pages of a session's event list: index i of the list is seq startSeq + i (a room's seq has no gaps). */
export const EVENT_PAGE = 200;
export function pagesFor(firstIndex: number, lastIndex: number): number[] {
  const out: number[] = [];
  for (let p = Math.floor(firstIndex / EVENT_PAGE); p <= Math.floor(lastIndex / EVENT_PAGE); p++) out.push(p);
  return out;
}

/** 3_725_000 → "1:02:05". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** A date-input value (YYYY-MM-DD, local time) → ms since the epoch at the start (or end) of that day. */
export function dayBound(value: string, end: boolean): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (end) d.setHours(23, 59, 59, 999);
  return d.getTime();
}
