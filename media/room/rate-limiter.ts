/**
 * Token buckets keyed by viewer id or address. Pure apart from the injected clock, so tests can
 * drive time. Idle buckets are dropped by `sweep()` so the map cannot grow without bound.
 */

export interface RateLimit {
  /** Tokens refilled per second. */
  perSecond: number;
  /** Bucket size: how many may be sent at once after a quiet spell. */
  burst: number;
}

interface Bucket { tokens: number; at: number }

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit, private readonly now: () => number = Date.now) {}

  /** Takes `cost` tokens for `key` if it has them. */
  take(key: string, cost = 1): boolean {
    const t = this.now();
    const b = this.refill(key, t);
    if (b.tokens < cost) return false;
    b.tokens -= cost;
    return true;
  }

  /** Whether `take` would succeed, without taking (to check several limits before spending any). */
  peek(key: string, cost = 1): boolean {
    return this.refill(key, this.now()).tokens >= cost;
  }

  /** Forgets buckets that have refilled completely: they behave exactly like new ones. */
  sweep(): void {
    const t = this.now();
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((t - b.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string, t: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.limit.burst, at: t };
      this.buckets.set(key, b);
      return b;
    }
    b.tokens = Math.min(this.limit.burst, b.tokens + ((t - b.at) / 1000) * this.limit.perSecond);
    b.at = t;
    return b;
  }
}
