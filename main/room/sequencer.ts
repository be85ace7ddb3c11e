/**
 * Turns events that may arrive twice or out of order (live pushes racing history pages after a
 * reconnect) into a stream delivered exactly once in seq order. Pure: no timers, no I/O.
 */

export class Sequencer<T extends { seq: number }> {
  private readonly buffer = new Map<number, T>();

  /** `last`: the seq already delivered (0 = nothing yet). */
  constructor(private last = 0) {}

  get lastSeq(): number {
    return this.last;
  }

  /** Moves the start point (before anything was delivered, e.g. to the seq of the first welcome). */
  reset(last: number): void {
    this.last = last;
    for (const seq of this.buffer.keys()) if (seq <= last) this.buffer.delete(seq);
  }

  /** Starts over at `last`, forgetting everything buffered (the relay's log was reset: old seqs mean nothing now). */
  clear(last = 0): void {
    this.last = last;
    this.buffer.clear();
  }

  /** Adds events and returns those now deliverable, in order. Duplicates and old events are dropped. */
  push(...events: T[]): T[] {
    for (const e of events) if (e.seq > this.last && !this.buffer.has(e.seq)) this.buffer.set(e.seq, e);
    const out: T[] = [];
    for (let next = this.buffer.get(this.last + 1); next; next = this.buffer.get(this.last + 1)) {
      this.buffer.delete(next.seq);
      this.last = next.seq;
      out.push(next);
    }
    return out;
  }

  /** The highest buffered seq when events are waiting behind a gap, else null. */
  get waitingFor(): { after: number; upTo: number } | null {
    if (this.buffer.size === 0) return null;
    return { after: this.last, upTo: Math.max(...this.buffer.keys()) };
  }

  get buffered(): number {
    return this.buffer.size;
  }
}
