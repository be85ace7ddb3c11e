/**
 * The moderation rule contract. A rule looks at one viewer post and answers allow, mask (with the
 * new text), hold (for review) or refuse (with a code the sender sees); every verdict carries the
 * rule's id so the audit log and the console can say which rule fired. Rules are small modules
 * in one ordered list (pipeline.ts); the hub never special-cases one.
 */
import type { Role } from '../../../../common/room-protocol';
import type { ModerationSettings } from '../settings';

export interface PostContext {
  room: string;
  userId: string;
  role: Role;
  /** Normalised text; a mask by an earlier rule is already applied. */
  text: string;
  at: number;
  /** When the identity was created (its token's issue time); unknown = just now. */
  accountCreatedAt?: number;
  settings: ModerationSettings;
}

/** What the sender is told when a rule refuses. */
export type RefuseCode = 'paused' | 'slow_mode' | 'too_new' | 'blocked';

export type RuleVerdict =
  | { action: 'allow' }
  | { action: 'mask'; text: string; detail: string }
  | { action: 'hold'; detail: string }
  | { action: 'refuse'; code: RefuseCode; message: string; detail: string; retryAfterMs?: number };

export interface Rule {
  readonly id: string;
  check(ctx: PostContext): RuleVerdict;
  /** The post went through (delivered or held): rules with memory record it here, not in check. */
  commit?(ctx: PostContext): void;
  /** Drop memory older than anything the rule still needs. */
  sweep?(now: number): void;
}

export const ALLOW: RuleVerdict = { action: 'allow' };
