/** Chat paused by staff: no viewer may post until it is resumed. */
import { ALLOW, type Rule } from './types';

export const chatPausedRule: Rule = {
  id: 'chat-paused',
  check: (ctx) => (ctx.settings.chatPaused
    ? { action: 'refuse', code: 'paused', message: 'Chat is paused by the moderators.', detail: 'chat paused' }
    : ALLOW),
};
