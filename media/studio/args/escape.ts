/**
 * ffmpeg filter graphs parse values twice: once as a filter option list (":" separates options),
 * once as a graph (",", ";", "[" and "]" separate filters). A text or path must survive both.
 */
export function escapeFilterValue(value: string): string {
  // Level 1: inside an option value, escape \ ' : with a backslash.
  const option = value.replace(/[\\':]/g, (c) => `\\${c}`);
  // Level 2: the graph parser; escape \ ' [ ] , ; again.
  return option.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** Rounds down to an even number (H.264 4:2:0 and most scalers want even sizes). */
export function even(n: number): number {
  return Math.max(2, Math.floor(n / 2) * 2);
}
