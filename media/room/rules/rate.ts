/**
 * Rate limits for viewers' posts: one bucket per viewer per kind, and one per network address for
 * danmaku and gifts together (all viewers behind one address share it). Staff are not limited here.
 */
import type { RateLimiter } from '../rate-limiter';
import type { PostKind, PostRule } from './types';

const isStaff = (role: string) => role === 'owner' || role === 'moderator';

export function perUserRateRule(limiters: Record<PostKind, RateLimiter>, messages: Record<PostKind, string>): PostRule {
  const key = (room: string, id: string) => `${room}/${id}`;
  return {
    name: 'rate-per-user',
    check: ({ caller, kind }) => (isStaff(caller.user.role) || limiters[kind].peek(key(caller.room, caller.user.id)) ? null : { action: 'refuse', code: 'rate_limited', message: messages[kind] }),
    commit: ({ caller, kind }) => { if (!isStaff(caller.user.role)) limiters[kind].take(key(caller.room, caller.user.id)); },
    sweep: () => { for (const l of Object.values(limiters)) l.sweep(); },
  };
}

export function perAddressRateRule(limiter: RateLimiter, kinds: readonly PostKind[]): PostRule {
  const applies = (role: string, kind: PostKind) => !isStaff(role) && kinds.includes(kind);
  return {
    name: 'rate-per-address',
    check: ({ caller, kind }) => (!applies(caller.user.role, kind) || limiter.peek(caller.address)
      ? null : { action: 'refuse', code: 'rate_limited', message: 'Too many messages from your network; try again shortly.' }),
    commit: ({ caller, kind }) => { if (applies(caller.user.role, kind)) limiter.take(caller.address); },
    sweep: () => limiter.sweep(),
  };
}
