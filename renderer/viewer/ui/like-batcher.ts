/**
 * Likes are tapped fast; the hub aggregates them anyway, so the page sends one `like {count}` per
 * interval instead of one per click (pure apart from the injected timer, unit-tested).
 */
export class LikeBatcher {
  private pending = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (count: number) => void,
    private readonly intervalMs = 500,
    private readonly maxPerBatch = 100,
    private readonly timers: { set: typeof setTimeout; clear: typeof clearTimeout } = { set: setTimeout, clear: clearTimeout },
  ) {}

  click(n = 1): void {
    this.pending += n;
    if (this.pending >= this.maxPerBatch) this.flush();
    else if (!this.timer) this.timer = this.timers.set(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) this.timers.clear(this.timer);
    this.timer = null;
    while (this.pending > 0) {
      const n = Math.min(this.pending, this.maxPerBatch);
      this.pending -= n;
      this.send(n);
    }
  }
}
