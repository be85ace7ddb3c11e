/** Users staff chose to review (e.g. "hold all" from a bot-wave alert): every post waits for review. */
import { ALLOW, type Rule } from './types';

export class HeldUsersRule implements Rule {
  readonly id = 'held-user';

  constructor(private readonly isHeld: (room: string, userId: string) => boolean) {}

  check: Rule['check'] = (ctx) => (this.isHeld(ctx.room, ctx.userId) ? { action: 'hold', detail: 'user held for review' } : ALLOW);
}
