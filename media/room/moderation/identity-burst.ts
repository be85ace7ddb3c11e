/**
 * A burst of new identities: many anonymous identities created in the room within a short window,
 * well above the room's usual rate (a bot farm arriving, or one person scripting reconnects). The
 * alert lists the new identities so staff can hold or ban them in one click.
 */
import { BurstWindow, type BurstOptions } from './rate-window';

/** `sample` is empty: there is no text; `users.length` and `score` tell the size. */
export interface IdentityBurstAlert { kind: 'burst-new-identities'; users: string[]; sample: string; score: number; at: number }

export const DEFAULT_IDENTITY_BURST: BurstOptions = {
  windowMs: 30_000, minCount: 30, factor: 4, smoothing: 0.1, cooldownMs: 30_000, maxItems: 5_000,
};

export class IdentityBurstDetector {
  private readonly window: BurstWindow<string>;

  constructor(opts: Partial<BurstOptions> = {}) {
    this.window = new BurstWindow({ ...DEFAULT_IDENTITY_BURST, ...opts });
  }

  /** Call when the hub creates a new identity (not for returning viewers). */
  observe(userId: string, at: number): IdentityBurstAlert | null {
    const b = this.window.add(userId, at);
    if (!b) return null;
    const users = b.items.slice(-200).reverse();
    return {
      kind: 'burst-new-identities', users, at,
      sample: '',
      // how many times the usual rate (the bar is `factor` times it)
      score: Math.round((b.count / Math.max(1, b.baseline)) * 10) / 10,
    };
  }

  sweep(now: number): void {
    this.window.advance(now);
  }
}
