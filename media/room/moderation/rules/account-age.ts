/**
 * Established viewers only: identities younger than `minAccountAgeSeconds` cannot post yet. The
 * age comes from the identity token's signed issue time, so a client cannot claim an older one.
 */
import { ALLOW, type Rule } from './types';

export const accountAgeRule: Rule = {
  id: 'account-age',
  check(ctx) {
    const min = ctx.settings.minAccountAgeSeconds * 1000;
    if (min <= 0) return ALLOW;
    const age = ctx.at - (ctx.accountCreatedAt ?? ctx.at);
    if (age >= min) return ALLOW;
    const wait = min - age;
    return {
      action: 'refuse', code: 'too_new', retryAfterMs: wait, detail: `identity ${Math.floor(age / 1000)} s old`,
      message: `New viewers can post after ${Math.ceil(wait / 1000)} s in this room.`,
    };
  },
};
