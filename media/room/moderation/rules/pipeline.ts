/**
 * The ordered list of moderation rules a viewer's danmaku goes through. Cheap refusals come first
 * (paused, account age, slow mode); masks rewrite the text for the rules after them; the most
 * severe verdict wins (refuse > hold > mask > allow) and every rule that fired is reported, with
 * its id, for the audit log. Staff posts skip the rules.
 */
import { accountAgeRule } from './account-age';
import { BlockedTermsRule } from './blocked-terms';
import { chatPausedRule } from './chat-paused';
import { HeldUsersRule } from './held-users';
import { linksRule } from './links';
import { SlowModeRule } from './slow-mode';
import type { PostContext, RefuseCode, Rule } from './types';

export interface FiredRule { rule: string; action: 'mask' | 'hold' | 'refuse'; detail: string }

export type Decision =
  | { action: 'allow'; text: string; fired: FiredRule[] }
  | { action: 'hold'; text: string; fired: FiredRule[] }
  | { action: 'refuse'; code: RefuseCode; message: string; retryAfterMs?: number; fired: FiredRule[] };

export class RulePipeline {
  constructor(readonly rules: readonly Rule[]) {}

  /** Decides, and records the post with the rules that remember (slow mode) unless refused. */
  decide(ctx: PostContext): Decision {
    if (ctx.role !== 'viewer') return { action: 'allow', text: ctx.text, fired: [] };
    const fired: FiredRule[] = [];
    let text = ctx.text;
    let hold = false;
    for (const rule of this.rules) {
      const v = rule.check({ ...ctx, text });
      if (v.action === 'allow') continue;
      fired.push({ rule: rule.id, action: v.action, detail: v.detail });
      if (v.action === 'refuse') {
        return { action: 'refuse', code: v.code, message: v.message, ...(v.retryAfterMs !== undefined ? { retryAfterMs: v.retryAfterMs } : {}), fired };
      }
      if (v.action === 'mask') text = v.text;
      else hold = true;
    }
    const done = { ...ctx, text };
    for (const rule of this.rules) rule.commit?.(done);
    return { action: hold ? 'hold' : 'allow', text, fired };
  }

  sweep(now: number): void {
    for (const rule of this.rules) rule.sweep?.(now);
  }
}

/** The standard rule list. `isHeld` says whether staff put a user under review. */
export function defaultRules(isHeld: (room: string, userId: string) => boolean): Rule[] {
  return [chatPausedRule, accountAgeRule, new SlowModeRule(), new HeldUsersRule(isHeld), new BlockedTermsRule(), linksRule];
}
