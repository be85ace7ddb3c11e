/** Blocked terms (see ../blocked-terms.ts): mask, hold or refuse per term. */
import type { PostRule } from '../../rules/types';
import { BlockedTermMatcher, type BlockedTerm } from '../blocked-terms';
import { judged, type SettingsOf } from './context';

export function blockedTermsRule(settingsOf: SettingsOf): PostRule {
  // compiled once per term list: settings are replaced, never edited in place
  const matchers = new WeakMap<readonly BlockedTerm[], BlockedTermMatcher>();
  return {
    name: 'blocked-terms',
    check(ctx) {
      if (!judged(ctx)) return null;
      const terms = settingsOf(ctx.caller.room).blockedTerms;
      if (terms.length === 0) return null;
      let m = matchers.get(terms);
      if (!m) {
        m = new BlockedTermMatcher(terms);
        matchers.set(terms, m);
      }
      const v = m.check(ctx.text);
      if (v.action === 'allow') return null;
      const detail = [...new Set(v.hits.map((h) => h.term))].join(', ');
      if (v.action === 'mask') return { action: 'mask', text: v.text, detail };
      if (v.action === 'hold') return { action: 'hold', detail };
      return { action: 'refuse', code: 'blocked', message: 'This message contains a term that is not allowed in this room.', detail };
    },
  };
}
