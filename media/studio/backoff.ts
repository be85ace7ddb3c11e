/** Reconnect delays: 1 s, 2 s, 4 s ... up to a cap; back to the start after a stable connection. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly firstMs = 1000, private readonly capMs = 8000) {}

  /** The delay before the next attempt (and counts the attempt). */
  next(): number {
    const delay = Math.min(this.capMs, this.firstMs * 2 ** this.attempt);
    this.attempt++;
    return delay;
  }

  get failures(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
