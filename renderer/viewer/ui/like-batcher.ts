/**
 * Likes are tapped fast; the hub aggregates them anyway, so the page sends one `like {count}` per
 * interval instead of one per click (pure apart from the injected timer, unit-tested).
 */
export interface LikeTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/**
 * The browser's timers, called as plain functions: `window.setTimeout` invoked as a method of another
 * object (`timers.set(...)`) throws "TypeError: Illegal invocation" in Chromium, which silently lost
 * every like before this wrapper existed.
 */
export const browserTimers: LikeTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class LikeBatcher {
  private pending = 0;
  private timer: unknown = null;

  constructor(
    private readonly send: (count: number) => void,
    private readonly intervalMs = 500,
    private readonly maxPerBatch = 100,
    private readonly timers: LikeTimers = browserTimers,
  ) {}

  click(n = 1): void {
    this.pending += n;
    if (this.pending >= this.maxPerBatch) this.flush();
    else if (this.timer === null) this.timer = this.timers.set(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    while (this.pending > 0) {
      const n = Math.min(this.pending, this.maxPerBatch);
      this.pending -= n;
      this.send(n);
    }
  }
}
