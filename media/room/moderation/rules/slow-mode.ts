/**
 * Slow mode: each viewer waits `slowModeSeconds` between danmaku. Only posts that went through
 * (delivered or held) count, so a refused attempt does not restart the wait.
 */
import { ALLOW, type Rule } from './types';

export class SlowModeRule implements Rule {
  readonly id = 'slow-mode';
  private readonly last = new Map<string, number>();

  check: Rule['check'] = (ctx) => {
    const gap = ctx.settings.slowModeSeconds * 1000;
    if (gap <= 0) return ALLOW;
    const prev = this.last.get(`${ctx.room}/${ctx.userId}`);
    if (prev === undefined || ctx.at - prev >= gap) return ALLOW;
    const wait = gap - (ctx.at - prev);
    return {
      action: 'refuse', code: 'slow_mode', retryAfterMs: wait, detail: `${ctx.settings.slowModeSeconds} s slow mode`,
      message: `Slow mode: you can send again in ${Math.ceil(wait / 1000)} s.`,
    };
  };

  commit(ctx: Parameters<Rule['check']>[0]): void {
    const key = `${ctx.room}/${ctx.userId}`;
    this.last.delete(key); // re-insert: insertion order stays time order for sweep
    this.last.set(key, ctx.at);
  }

  /** Forgets posts older than the longest slow mode allowed (an hour). */
  sweep(now: number): void {
    for (const [k, t] of this.last) {
      if (now - t < 3_600_000) break;
      this.last.delete(k);
    }
  }
}
