/** Latency histogram for the room bench: fixed memory, mergeable across processes (sparse form). */

// 0.1 ms buckets below 100 ms, then 1 ms buckets up to 60 s.
const FINE_MS = 100;
const MAX_MS = 60_000;

export class Histogram {
  private readonly buckets = new Map<number, number>();
  count = 0;

  record(ms: number): void {
    const v = Math.max(0, Math.min(ms, MAX_MS));
    const i = v < FINE_MS ? Math.floor(v * 10) : FINE_MS * 10 + Math.floor(v - FINE_MS);
    this.buckets.set(i, (this.buckets.get(i) ?? 0) + 1);
    this.count += 1;
  }

  toJSON(): [number, number][] {
    return [...this.buckets];
  }

  merge(sparse: [number, number][]): void {
    for (const [i, n] of sparse) {
      this.buckets.set(i, (this.buckets.get(i) ?? 0) + n);
      this.count += n;
    }
  }

  /** Upper edge of the bucket holding the p-th percentile, in ms (NaN when empty). */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (const i of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(i) ?? 0;
      if (seen >= rank) return i < FINE_MS * 10 ? (i + 1) / 10 : i - FINE_MS * 10 + FINE_MS + 1;
    }
    return MAX_MS;
  }
}

/** Bench danmaku carry their send time: `b|<id>|<epoch ms with decimals>`. */
export function benchText(id: string, sentAt: number): string {
  return `b|${id}|${sentAt.toFixed(2)}`;
}

export function parseBenchText(text: string): { id: string; sentAt: number } | null {
  if (!text.startsWith('b|')) return null;
  const [, id, at] = text.split('|');
  const sentAt = Number(at);
  return id && Number.isFinite(sentAt) ? { id, sentAt } : null;
}

export const preciseNow = (): number => performance.timeOrigin + performance.now();
