/**
 * Tracks which room events a page has seen, by their gap-free `seq`, pure so it can be unit-tested.
 * Live events and `history` replies can arrive interleaved (a reconnect replays while new events
 * flow), so de-duplication is by seq, and a jump in seq reveals events that were missed.
 */
export class SeqTracker {
  private seen = new Set<number>();
  private order: number[] = [];
  /** Highest seq accepted so far (0 before any). */
  max = 0;

  constructor(private readonly window = 2000) {}

  /** Sets the starting point (from `welcome.seq`) without pretending those events were seen. */
  startAt(seq: number): void {
    if (seq > this.max) this.max = seq;
  }

  has(seq: number): boolean {
    return this.seen.has(seq) || seq <= this.max - this.window;
  }

  /** Returns true the first time a seq is offered. */
  accept(seq: number): boolean {
    if (this.has(seq)) return false;
    this.seen.add(seq);
    this.order.push(seq);
    if (this.order.length > this.window) {
      const old = this.order.shift();
      if (old !== undefined) this.seen.delete(old);
    }
    if (seq > this.max) this.max = seq;
    return true;
  }

  /** True when `seq` would leave a hole after what we hold: fetch history since `max` first. */
  isGap(seq: number): boolean {
    return seq > this.max + 1;
  }
}
