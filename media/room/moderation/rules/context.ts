/** What the moderation rules share: the room's settings, and which posts they apply to. */
import type { PostContext } from '../../rules/types';
import type { ModerationSettings } from '../settings';

export type SettingsOf = (room: string) => ModerationSettings;

/** Moderation rules judge viewers' danmaku; staff posts and gifts/likes pass (gifts are paid; likes carry no text). */
export const judged = (ctx: PostContext): ctx is PostContext & { text: string } =>
  ctx.kind === 'danmaku' && ctx.caller.user.role === 'viewer' && ctx.text !== undefined;
