/** Chat paused by staff: no viewer may post danmaku until it is resumed. */
import type { PostRule } from '../../rules/types';
import { judged, type SettingsOf } from './context';

export const chatPausedRule = (settingsOf: SettingsOf): PostRule => ({
  name: 'chat-paused',
  check: (ctx) => (judged(ctx) && settingsOf(ctx.caller.room).chatPaused
    ? { action: 'refuse', code: 'paused', message: 'Chat is paused by the moderators.', detail: 'chat paused' }
    : null),
});
