/**
 * Slow mode: each viewer waits `slowModeSeconds` between danmaku. Only posts that went through
 * (delivered or held) count, so a refused attempt does not restart the wait.
 */
import type { PostContext, PostRule } from '../../rules/types';
import { judged, type SettingsOf } from './context';

export class SlowModeRule implements PostRule {
  readonly name = 'slow-mode';
  /** room/user → last post; insertion order is time order (re-inserted on each post). */
  private readonly last = new Map<string, number>();

  constructor(private readonly settingsOf: SettingsOf, private readonly now: () => number = Date.now) {}

  check(ctx: PostContext): ReturnType<PostRule['check']> {
    if (!judged(ctx)) return null;
    const seconds = this.settingsOf(ctx.caller.room).slowModeSeconds;
    const prev = this.last.get(`${ctx.caller.room}/${ctx.caller.user.id}`);
    if (seconds <= 0 || prev === undefined || ctx.now - prev >= seconds * 1000) return null;
    const wait = seconds * 1000 - (ctx.now - prev);
    return {
      action: 'refuse', code: 'slow_mode', retryAfterMs: wait, detail: `${seconds} s slow mode`,
      message: `Slow mode: you can send again in ${Math.ceil(wait / 1000)} s.`,
    };
  }

  commit(ctx: PostContext): void {
    if (!judged(ctx)) return;
    const key = `${ctx.caller.room}/${ctx.caller.user.id}`;
    this.last.delete(key);
    this.last.set(key, ctx.now);
  }

  /** Forgets posts older than the longest slow mode allowed (an hour). */
  sweep(): void {
    const now = this.now();
    for (const [k, t] of this.last) {
      if (now - t < 3_600_000) break;
      this.last.delete(k);
    }
  }
}
