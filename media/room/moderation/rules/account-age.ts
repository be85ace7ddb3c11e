/**
 * Established viewers only: identities younger than `minAccountAgeSeconds` cannot post yet. The age
 * comes from the identity token's signed issue time, so a client cannot claim an older one.
 */
import type { PostRule } from '../../rules/types';
import { judged, type SettingsOf } from './context';

export const accountAgeRule = (settingsOf: SettingsOf): PostRule => ({
  name: 'account-age',
  check(ctx) {
    if (!judged(ctx)) return null;
    const min = settingsOf(ctx.caller.room).minAccountAgeSeconds * 1000;
    const age = ctx.now - ctx.caller.createdAt;
    if (min <= 0 || age >= min) return null;
    const wait = min - age;
    return {
      action: 'refuse', code: 'too_new', retryAfterMs: wait, detail: `identity ${Math.floor(age / 1000)} s old`,
      message: `New viewers can post after ${Math.ceil(wait / 1000)} s in this room.`,
    };
  },
});
