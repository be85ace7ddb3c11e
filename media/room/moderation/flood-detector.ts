/**
 * Chat flood: far more danmaku in the window than the room usually sees. The alert names the
 * accounts that posted most in the window, so staff can slow the room down or act on the loudest.
 */
import { BurstWindow, type BurstOptions } from './rate-window';

export interface FloodAlert { kind: 'flood'; users: string[]; sample: string; score: number; at: number }

export const DEFAULT_FLOOD: BurstOptions = {
  windowMs: 10_000, minCount: 300, factor: 5, smoothing: 0.05, cooldownMs: 60_000, maxItems: 20_000,
};

export class FloodDetector {
  private readonly window: BurstWindow<{ userId: string; text: string }>;
  private readonly o: BurstOptions;

  constructor(opts: Partial<BurstOptions> = {}) {
    this.o = { ...DEFAULT_FLOOD, ...opts };
    this.window = new BurstWindow(this.o);
  }

  observe(userId: string, text: string, at: number): FloodAlert | null {
    const b = this.window.add({ userId, text }, at);
    if (!b) return null;
    const per = new Map<string, number>();
    for (const i of b.items) per.set(i.userId, (per.get(i.userId) ?? 0) + 1);
    const users = [...per].sort((x, y) => y[1] - x[1]).slice(0, 50).map(([u]) => u);
    return {
      kind: 'flood', users, at,
      sample: b.items[b.items.length - 1]!.text,
      score: Math.round((b.count / Math.max(1, b.baseline)) * 10) / 10,
    };
  }

  sweep(now: number): void {
    this.window.advance(now);
  }
}
