/**
 * Posting rules: small modules the hub runs, in order, before a viewer's danmaku, gift or like is
 * stored. Each rule answers `check` (refuse, or let it pass); only when every rule passed does the hub
 * call each rule's `commit` (so a rate limit spends a token only for a post that is really stored).
 * Moderation rules (slow mode, blocked terms, holds, …) are added to the same list.
 */
import type { AckErrorCode } from '../../../common/room-protocol';
import type { Caller } from '../caller';

export type PostKind = 'danmaku' | 'gift' | 'like';

export interface PostContext {
  caller: Caller;
  kind: PostKind;
  /** Normalised danmaku text (danmaku only). */
  text?: string;
  now: number;
}

export interface Refusal { code: AckErrorCode; message: string }

export interface PostRule {
  /** For logs and audit: which rule refused. */
  readonly name: string;
  check(ctx: PostContext): Refusal | null;
  commit?(ctx: PostContext): void;
  /** Drops idle per-user state (called every 30 s). */
  sweep?(): void;
}

/** Runs `rules` in order: the first refusal wins and nothing is committed. */
export function runRules(rules: readonly PostRule[], ctx: PostContext): Refusal | null {
  for (const r of rules) {
    const refused = r.check(ctx);
    if (refused) return refused;
  }
  for (const r of rules) r.commit?.(ctx);
  return null;
}
