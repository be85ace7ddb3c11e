/**
 * Binary search over a list sorted by a number: the index of the first item whose key is at or after
 * `t` (or strictly after it, with `after`), i.e. where `t` would be inserted.
 */
export function boundIndex<T>(list: readonly T[], key: (item: T) => number, t: number, after = false): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = key(list[mid]!);
    if (k < t || (after && k === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
