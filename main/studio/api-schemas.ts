/**
 * The zod schemas for every StudioApi request (and the settings file), used at each boundary: IPC
 * (main/electron), the browser bridge (main/bridge), the settings store. Kept out of
 * common/studio-api.ts so the preload and the UI bundle stay free of zod (see that file's header).
 */
import { z } from 'zod';
import { AudioSettingsSchema, DEFAULT_TRANSITION, DestinationSchema, RecordingSettingsSchema, SceneTransitionSchema, VideoSettingsSchema } from '../../common/pipeline';
import { ROOM_ID_PATTERN } from '../../common/room-protocol';
import { SceneSchema } from '../../common/scene';
import { ROOM_MODERATION_REQUESTS, StudioError, type StudioMethod } from '../../common/studio-api';
import { countChars, MAX_DANMAKU_CHARS } from '../../common/text-length';
import { MAX_TEXT_IMAGE_BASE64 } from './text-images';

// ---------------------------------------------------------------------------------------------

const id = z.string().min(1).max(128);
const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'color must be #rrggbb');
const port = z.number().int().min(0).max(65535);

export const scenesSchema = z
  .array(SceneSchema)
  .min(1, 'keep at least one scene')
  .max(100)
  .refine((list) => new Set(list.map((x) => x.id)).size === list.length, 'scene ids must be unique');

export const studioOutputSettingsSchema = z.object({
  video: VideoSettingsSchema,
  audio: AudioSettingsSchema,
  destinations: z.array(DestinationSchema).max(10),
  recording: RecordingSettingsSchema,
  // Settings files from before transitions existed get the default.
  transition: SceneTransitionSchema.default(DEFAULT_TRANSITION),
});

export const roomIdSchema = z.string().regex(ROOM_ID_PATTERN, 'room id: 1-64 letters, digits, "_" or "-"');

/** Retention: null keeps everything (the default). At least a day / 100 MB, so a typo cannot wipe the history. */
const historyRetentionSchema = z.object({
  keepDays: z.number().int().min(1).max(36_500).nullable(),
  maxMb: z.number().int().min(100).max(10_000_000).nullable(),
});

export const studioSettingsSchema = z.object({
  room: z.object({ id: roomIdSchema, title: z.string().max(100) }),
  relay: z.object({
    rtmpPort: port,
    httpPort: port,
    publicHost: z.string().min(1).max(253).regex(/^[a-zA-Z0-9.:\-[\]]+$/, 'publicHost: a host name or IP address').nullable(),
    // Off unless the streamer turns it on: the relay listens on 127.0.0.1 only (docs/security.md).
    lanSharing: z.boolean().default(false),
  }),
  output: studioOutputSettingsSchema,
  ffmpegPath: z.string().min(1).max(4096).nullable(),
  // languageSource: missing in files written before it existed, where the saved language stands as chosen.
  ui: z.object({ language: z.enum(['en', 'zh-CN']), languageSource: z.enum(['chosen', 'system', 'browser', 'unknown']).default('chosen') }),
  history: historyRetentionSchema.default({ keepDays: null, maxMb: null }),
});

/**
 * A strict partial of an object schema for patches. Defaults are dropped first: zod fills a default
 * in even for an optional field, so `{ relay: { rtmpPort } }` would otherwise reset every defaulted
 * sibling (LAN sharing, recording options) to its default.
 */
function patchOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const shape = Object.fromEntries(Object.entries(schema.shape).map(([k, v]) => [k, v instanceof z.ZodDefault ? v.unwrap() : v]));
  return z.strictObject(shape as S).partial();
}

export const studioSettingsPatchSchema = z.strictObject({
  room: patchOf(studioSettingsSchema.shape.room).optional(),
  relay: patchOf(studioSettingsSchema.shape.relay).optional(),
  output: z
    .strictObject({
      // Field-level partials; the merged result is validated whole (e.g. even width x height).
      video: patchOf(VideoSettingsSchema).optional(),
      audio: patchOf(AudioSettingsSchema).optional(),
      destinations: studioOutputSettingsSchema.shape.destinations.optional(),
      recording: patchOf(RecordingSettingsSchema).optional(),
      transition: patchOf(SceneTransitionSchema).optional(),
    })
    .optional(),
  ffmpegPath: studioSettingsSchema.shape.ffmpegPath.optional(),
  ui: patchOf(studioSettingsSchema.shape.ui).optional(),
  history: patchOf(historyRetentionSchema).optional(),
});

export const roomSendSchema = z.strictObject({
  // Counted as the hub counts (code points after normalisation), not in UTF-16 units: an emoji is one.
  text: z.string().max(2000).trim().min(1, 'message is empty')
    .refine((t) => countChars(t) <= MAX_DANMAKU_CHARS, `message is longer than ${MAX_DANMAKU_CHARS} characters`),
  color: hexColor.optional(),
  mode: z.enum(['scroll', 'top', 'bottom']).optional(),
});

export const roomBanSchema = z.strictObject({
  userId: id,
  reason: z.string().max(200).optional(),
});

const eventTypes = z.enum(['danmaku', 'gift', 'like', 'enter', 'system']);
const epochMs = z.number().int().min(0);

const sessionIdSchema = z.string().max(100).regex(/^[a-zA-Z0-9_-]{1,64}(~[1-9][0-9]{0,5})?\/[1-9][0-9]{0,14}$/, 'session: "<room>/<seq>"');

export const historyQuerySchema = z.strictObject({
  text: z.string().max(200).optional(),
  types: z.array(eventTypes).max(5).optional(),
  userId: id.optional(),
  user: z.string().max(100).optional(),
  session: sessionIdSchema.optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
  limit: z.number().int().min(1).max(500).optional(),
  offset: z.number().int().min(0).optional(),
});

export const historyStatsQuerySchema = z.strictObject({ from: epochMs.optional(), to: epochMs.optional() });

export const historySessionsQuerySchema = z.strictObject({ before: epochMs.optional(), limit: z.number().int().min(1).max(500).optional() });

export const historyEventsQuerySchema = z.strictObject({
  session: sessionIdSchema,
  fromSeq: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

export const historyExportSchema = z.strictObject({ session: sessionIdSchema, format: z.enum(['csv', 'json', 'xml', 'audit']) });

export const historyAuditQuerySchema = z.strictObject({
  since: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  session: sessionIdSchema.optional(),
});

export const externalUrlSchema = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u), 'only http(s) URLs can be opened');

const none = z.undefined();

export const previewFrameSchema = z.strictObject({ sceneId: id, after: z.number().int().min(0).optional() });
const deviceId = z.string().min(1).max(512);
export const thumbnailSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('display'), device: deviceId }),
  z.strictObject({ kind: z.literal('camera'), device: deviceId }),
  z.strictObject({ kind: z.literal('window'), title: z.string().min(1).max(512) }),
]);

/** The schema for each method's single argument (`z.undefined()` for methods without one). */
export const studioRequestSchemas = {
  getSnapshot: none,
  goLive: none,
  stop: none,
  switchScene: id,
  saveScenes: scenesSchema,
  // Size capped here (before any decoding); the PNG itself is checked by main/studio/text-images.ts.
  saveTextImage: z.string().min(1).max(MAX_TEXT_IMAGE_BASE64, 'the text image is too large'),
  updateSettings: studioSettingsPatchSchema,
  listDevices: none,
  dismissNote: id,
  openExternal: externalUrlSchema,
  'room.send': roomSendSchema,
  'room.ban': roomBanSchema,
  'room.unban': id,
  'room.deleteEvent': z.number().int().min(1),
  // the payload is the hub's to validate (it does, for every client)
  'room.moderate': z.strictObject({ name: z.enum(ROOM_MODERATION_REQUESTS), payload: z.unknown() }),
  'history.search': historyQuerySchema,
  'history.stats': historyStatsQuerySchema.optional(),
  resetStudioLink: none,
  chooseFolder: z.string().min(1).max(4096).optional(),
  'history.sessions': historySessionsQuerySchema.optional(),
  'history.session': sessionIdSchema,
  'history.events': historyEventsQuerySchema,
  'history.export': historyExportSchema,
  'history.audit': historyAuditQuerySchema.optional(),
  'history.usage': none,
  'preview.frame': previewFrameSchema,
  'preview.thumbnail': thumbnailSchema,
  'audio.watchMeters': z.object({ sceneId: z.string().min(1).max(64), watching: z.boolean() }).strict(),
} as const satisfies Record<StudioMethod, z.ZodType>;

/** Formats zod issues as short "path: message" lines a person can act on. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

/** The ids that exist now, which a request may name (read only for methods that name one). */
export interface RequestRefs {
  sceneIds: readonly string[];
}

/**
 * The methods whose argument names a scene, and where: an unknown scene is refused here, before the
 * core starts anything for it (a preview or meter process for a scene that does not exist).
 */
const SCENE_REFS: Partial<Record<StudioMethod, (arg: never) => { path: (string | number)[]; id: string }>> = {
  switchScene: (id: string) => ({ path: [], id }),
  'preview.frame': (req: { sceneId: string }) => ({ path: ['sceneId'], id: req.sceneId }),
  'audio.watchMeters': (req: { sceneId: string }) => ({ path: ['sceneId'], id: req.sceneId }),
};

/**
 * Validates one call's argument (the schema, then the scene it names against `refs`); throws
 * StudioError('invalid') with readable issues, or 'not_found' for a scene that does not exist.
 */
export function parseStudioRequest<M extends StudioMethod>(method: M, arg: unknown, refs?: () => RequestRefs): z.output<(typeof studioRequestSchemas)[M]> {
  const parsed = studioRequestSchemas[method].safeParse(arg);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    throw new StudioError('invalid', `${method}: invalid request (${issues.join('; ')})`, issues, { code: 'request-invalid', params: { method, issues: issues.join('; ') } });
  }
  const ref = SCENE_REFS[method]?.(parsed.data as never);
  if (ref && refs && !refs().sceneIds.includes(ref.id)) {
    const sceneId = ref.id.slice(0, 64);
    const issue = `${ref.path.length ? `${ref.path.join('.')}: ` : ''}there is no scene "${sceneId}"`;
    throw new StudioError('not_found', `${method}: there is no scene "${sceneId}" (it may have been deleted in another window). Pick a scene from the list.`, [issue], { code: 'scene-unknown', params: { sceneId } });
  }
  return parsed.data as z.output<(typeof studioRequestSchemas)[M]>;
}

