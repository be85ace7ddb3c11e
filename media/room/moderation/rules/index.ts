/**
 * The moderation rules, in the order the hub runs them (see media/room/hub.ts for the whole list):
 * `gates` refuse cheaply before the rate limits; `content` look at the text after them.
 */
import type { PostRule } from '../../rules/types';
import { accountAgeRule } from './account-age';
import { blockedTermsRule } from './blocked-terms';
import { chatPausedRule } from './chat-paused';
import type { SettingsOf } from './context';
import { heldUsersRule } from './held-users';
import { linksRule } from './links';
import { SlowModeRule } from './slow-mode';

export function moderationRules(settingsOf: SettingsOf, isHeld: (room: string, userId: string) => boolean, now: () => number): { gates: PostRule[]; content: PostRule[] } {
  return {
    gates: [chatPausedRule(settingsOf), accountAgeRule(settingsOf), new SlowModeRule(settingsOf, now)],
    content: [heldUsersRule(isHeld), blockedTermsRule(settingsOf), linksRule(settingsOf)],
  };
}
