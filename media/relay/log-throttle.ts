/**
 * Per-connection warnings (refusals, dropped viewers, malformed RTMP) are what an operator needs,
 * but a flood of bad connections must not turn into a flood of log lines: at most `burst` lines per
 * window, then one summary of how many were left out.
 */
import type { Logger } from '../log';

export class LogThrottle {
  private windowStart = 0;
  private used = 0;
  private suppressed = 0;

  constructor(private readonly log: Logger, private readonly burst = 20, private readonly windowMs = 10_000, private readonly now: () => number = Date.now) {}

  warn(line: string): void {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      if (this.suppressed > 0) this.log.warn(`(${this.suppressed} similar relay warnings left out in the last ${Math.round(this.windowMs / 1000)} s)`);
      this.windowStart = t;
      this.used = 0;
      this.suppressed = 0;
    }
    if (this.used < this.burst) {
      this.used++;
      this.log.warn(line);
    } else {
      this.suppressed++;
    }
  }
}
