/**
 * A room's moderation settings: what staff set with `room-settings`, validated here, stored by
 * the hub, read by the rules. Defaults leave a room open (no slow mode, no terms, links allowed).
 */
import { z } from 'zod';
import type { RoomSettings } from '../../../common/room-protocol';
import { TERM_LIMITS, validateTerms } from './blocked-terms';

export const blockedTermSchema = z.object({
  term: z.string().min(1).max(TERM_LIMITS.maxTermLength * 4),
  action: z.enum(['mask', 'refuse', 'hold']).default('mask'),
  wholeWord: z.boolean().optional(),
}).strict();

export const moderationSettingsSchema = z.object({
  /** Seconds a viewer waits between danmaku (0 = off). */
  slowModeSeconds: z.number().int().min(0).max(3600),
  chatPaused: z.boolean(),
  blockedTerms: z.array(blockedTermSchema).max(TERM_LIMITS.maxTerms),
  linkPolicy: z.enum(['allow', 'hold', 'refuse']),
  /** Identities younger than this cannot post (0 = off); at most 30 days. */
  minAccountAgeSeconds: z.number().int().min(0).max(30 * 86_400),
}).strict();

export type ModerationSettings = RoomSettings;
// the schema and the protocol type must describe the same thing
const _sameShape: RoomSettings = {} as z.infer<typeof moderationSettingsSchema>;
void _sameShape;

/** A `room-settings` request: any subset, merged over the current settings. */
export const settingsPatchSchema = moderationSettingsSchema.partial().strict().superRefine((p, ctx) => {
  for (const problem of p.blockedTerms ? validateTerms(p.blockedTerms) : []) ctx.addIssue({ code: 'custom', path: ['blockedTerms'], message: problem });
});

export const DEFAULT_SETTINGS: ModerationSettings = Object.freeze({
  slowModeSeconds: 0,
  chatPaused: false,
  blockedTerms: [],
  linkPolicy: 'allow',
  minAccountAgeSeconds: 0,
}) as ModerationSettings;
