/**
 * Posting rules: small modules the hub runs, in order, before a viewer's danmaku, gift or like is
 * stored. Each rule answers `check` with nothing (pass) or a verdict: refuse (the sender is told why),
 * hold (kept for staff review; the sender is told only "sent") or mask (the text with the matched
 * part hidden, passed on to the rules after it). The most severe verdict wins and the first refusal
 * stops the list. Only when nothing refused does the hub call each rule's `commit` (so a rate limit
 * or slow mode counts only a post that went through). Every verdict names its rule, for the audit log.
 */
import type { AckErrorCode } from '../../../common/room-protocol';
import type { Caller } from '../caller';

export type PostKind = 'danmaku' | 'gift' | 'like';

export interface PostContext {
  caller: Caller;
  kind: PostKind;
  /** Normalised danmaku text (danmaku only); a mask by an earlier rule is already applied. */
  text?: string;
  now: number;
}

export interface Refusal { code: AckErrorCode; message: string; retryAfterMs?: number }

export type Verdict =
  | ({ action: 'refuse'; detail?: string } & Refusal)
  | { action: 'hold'; detail: string }
  | { action: 'mask'; text: string; detail: string };

export interface PostRule {
  /** For logs and audit: which rule decided. */
  readonly name: string;
  check(ctx: PostContext): Verdict | null;
  commit?(ctx: PostContext): void;
  /** Drops idle per-user state (called every 30 s). */
  sweep?(): void;
}

export interface FiredRule { rule: string; action: Verdict['action']; detail: string }

export type Decision =
  | { action: 'allow' | 'hold'; text?: string; fired: FiredRule[] }
  | ({ action: 'refuse'; rule: string; fired: FiredRule[] } & Refusal);

/** Runs `rules` in order (see above). */
export function runRules(rules: readonly PostRule[], ctx: PostContext): Decision {
  const fired: FiredRule[] = [];
  let text = ctx.text;
  let hold = false;
  for (const r of rules) {
    const v = r.check(text === undefined ? ctx : { ...ctx, text });
    if (!v) continue;
    fired.push({ rule: r.name, action: v.action, detail: v.detail ?? v.action });
    if (v.action === 'refuse') {
      return { action: 'refuse', rule: r.name, code: v.code, message: v.message, fired, ...(v.retryAfterMs !== undefined ? { retryAfterMs: v.retryAfterMs } : {}) };
    }
    if (v.action === 'mask') text = v.text;
    else hold = true;
  }
  const done = text === undefined ? ctx : { ...ctx, text };
  for (const r of rules) r.commit?.(done);
  return { action: hold ? 'hold' : 'allow', ...(text !== undefined ? { text } : {}), fired };
}
