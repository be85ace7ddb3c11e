/** How many of `items` (seq-ordered) are newer than `afterSeq`: the "N new messages" count per batch. */
export function countNewer(items: readonly { seq: number }[], afterSeq: number): number {
  let n = 0;
  for (let i = items.length - 1; i >= 0 && items[i]!.seq > afterSeq; i--) n++;
  return n;
}
