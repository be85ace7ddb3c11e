/** Users staff put under review (e.g. "hold all" from a bot-wave alert): every danmaku waits for review. */
import type { PostRule } from '../../rules/types';
import { judged } from './context';

export const heldUsersRule = (isHeld: (room: string, userId: string) => boolean): PostRule => ({
  name: 'held-user',
  check: (ctx) => (judged(ctx) && isHeld(ctx.caller.room, ctx.caller.user.id) ? { action: 'hold', detail: 'user under review' } : null),
});
