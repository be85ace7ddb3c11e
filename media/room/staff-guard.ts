/**
 * Whether a caller may take a staff action right now. Rights are re-checked on every action against
 * the persisted appointment (not the token or the connection), so a revoked, expired or banned
 * moderator loses them at once on every open connection, on every hub process. Staff actions are
 * rate limited per identity (generously: a moderator cleaning up a raid still gets through).
 */
import type { ModeratorEntry } from '../../common/room-protocol';
import type { Caller } from './caller';
import type { RateLimiter } from './rate-limiter';
import type { Refusal } from './rules/types';

export interface StaffGuardDeps {
  moderator(room: string, userId: string): ModeratorEntry | undefined;
  isBanned(room: string, userId: string): boolean;
  rate: RateLimiter;
  now: () => number;
}

export class StaffGuard {
  constructor(private readonly d: StaffGuardDeps) {}

  /** null when allowed (and one staff-action token spent), else why not. */
  authorise(c: Caller, what: string, ownerOnly = false): Refusal | null {
    const role = c.user.role;
    if (role === 'viewer' || (ownerOnly && role !== 'owner')) {
      return { code: 'forbidden', message: ownerOnly ? `Only the owner can ${what}.` : `Only the owner and moderators can ${what}.` };
    }
    if (role === 'moderator') {
      const why = this.moderatorProblem(c.room, c.user.id);
      if (why) return { code: 'forbidden', message: `${why} You can no longer ${what}.` };
    }
    if (!this.d.rate.take(`${c.room}/${c.user.id}`)) return { code: 'rate_limited', message: 'Too many moderation actions; wait a moment.' };
    return null;
  }

  /** Why a moderator's rights are gone, or null while they hold. */
  moderatorProblem(room: string, userId: string): string | null {
    const m = this.d.moderator(room, userId);
    if (!m || m.revokedAt !== undefined) return 'Your moderator rights were revoked.';
    if (this.d.isBanned(room, userId)) return 'You are banned in this room.';
    if (m.expiresAt <= this.d.now()) return 'Your moderator link has expired.';
    return null;
  }

  sweep(): void {
    this.d.rate.sweep();
  }
}
