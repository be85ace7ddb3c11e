/** Link policy: links in danmaku are allowed, held for review, or refused. */
import type { PostRule } from '../../rules/types';
import { findLinks } from '../links';
import { judged, type SettingsOf } from './context';

export const linksRule = (settingsOf: SettingsOf): PostRule => ({
  name: 'links',
  check(ctx) {
    if (!judged(ctx)) return null;
    const policy = settingsOf(ctx.caller.room).linkPolicy;
    if (policy === 'allow') return null;
    const links = findLinks(ctx.text);
    if (links.length === 0) return null;
    const detail = links.slice(0, 3).join(' ').slice(0, 200);
    if (policy === 'hold') return { action: 'hold', detail };
    return { action: 'refuse', code: 'blocked', message: 'Links are not allowed in this room.', detail };
  },
});
