/** Blocked terms (see ../blocked-terms.ts): mask, hold or refuse per term. */
import { BlockedTermMatcher, type BlockedTerm } from '../blocked-terms';
import { ALLOW, type Rule } from './types';

export class BlockedTermsRule implements Rule {
  readonly id = 'blocked-terms';
  // compiled once per settings object: settings are replaced, never edited in place
  private readonly matchers = new WeakMap<readonly BlockedTerm[], BlockedTermMatcher>();

  check: Rule['check'] = (ctx) => {
    const terms = ctx.settings.blockedTerms;
    if (terms.length === 0) return ALLOW;
    let m = this.matchers.get(terms);
    if (!m) {
      m = new BlockedTermMatcher(terms);
      this.matchers.set(terms, m);
    }
    const v = m.check(ctx.text);
    if (v.action === 'allow') return ALLOW;
    const detail = [...new Set(v.hits.map((h) => h.term))].join(', ');
    if (v.action === 'mask') return { action: 'mask', text: v.text, detail };
    if (v.action === 'hold') return { action: 'hold', detail };
    return { action: 'refuse', code: 'blocked', message: 'This message contains a term that is not allowed in this room.', detail };
  };
}
