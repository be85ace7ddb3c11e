/** Link policy: links are allowed, held for review, or refused. */
import { findLinks } from '../links';
import { ALLOW, type Rule } from './types';

export const linksRule: Rule = {
  id: 'links',
  check(ctx) {
    const policy = ctx.settings.linkPolicy;
    if (policy === 'allow') return ALLOW;
    const links = findLinks(ctx.text);
    if (links.length === 0) return ALLOW;
    const detail = links.slice(0, 3).join(' ').slice(0, 200);
    if (policy === 'hold') return { action: 'hold', detail };
    return { action: 'refuse', code: 'blocked', message: 'Links are not allowed in this room.', detail };
  },
};
