/**
 * Counting things in a sliding window against the room's own normal: a count is a burst when it is
 * at least `minCount` and `factor` times the baseline, where the baseline is a slow moving average
 * of the window's count (updated once per window, so a burst cannot become its own normal quickly).
 * Shared by the new-identity burst and the chat flood detectors.
 */

export interface BurstOptions {
  windowMs: number;
  minCount: number;
  factor: number;
  /** Weight of each new window in the baseline (0–1). */
  smoothing: number;
  /** After an alert, stay quiet this long unless the count doubles. */
  cooldownMs: number;
  /** At most this many items remembered (memory bound). */
  maxItems: number;
}

export interface Burst<T> { items: T[]; count: number; baseline: number; at: number }

export class BurstWindow<T> {
  private readonly items: { at: number; item: T }[] = [];
  private baseline = 0;
  private baselineAt: number | null = null;
  private alertedAt = -Infinity;
  private alertedCount = 0;

  constructor(private readonly o: BurstOptions) {}

  /** Adds one item; returns a burst when this addition makes (or grows) one. */
  add(item: T, at: number): Burst<T> | null {
    this.advance(at);
    this.items.push({ at, item });
    if (this.items.length > this.o.maxItems) this.items.shift();
    const count = this.items.length;
    const bar = Math.max(this.o.minCount, this.o.factor * this.baseline);
    if (count < bar) return null;
    if (at - this.alertedAt < this.o.cooldownMs && count < 2 * this.alertedCount) return null;
    this.alertedAt = at;
    this.alertedCount = count;
    return { items: this.items.map((i) => i.item), count, baseline: this.baseline, at };
  }

  /** Drops what left the window and folds finished windows into the baseline. */
  advance(now: number): void {
    const from = now - this.o.windowMs;
    let drop = 0;
    while (drop < this.items.length && this.items[drop]!.at < from) drop++;
    if (drop) this.items.splice(0, drop);
    if (this.baselineAt === null) this.baselineAt = now;
    while (now - this.baselineAt >= this.o.windowMs) {
      // a window in alert does not teach the baseline that bursts are normal
      const sample = Math.min(this.items.length, Math.max(this.o.minCount, this.baseline * this.o.factor) - 1);
      this.baseline += this.o.smoothing * (Math.max(0, sample) - this.baseline);
      this.baselineAt += this.o.windowMs;
    }
  }

  get count(): number {
    return this.items.length;
  }
}
