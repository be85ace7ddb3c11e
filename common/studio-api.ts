/**
 * The one typed contract between the studio UI (renderer/studio) and the studio core (main/studio).
 *
 * The same interface is served two ways:
 *  - Electron: preload exposes `window.studio` (contextBridge) and each method is one `ipcMain.handle`
 *    channel (`studio:<method>`); events arrive on `studio:event`.
 *  - Browser mode: `POST /api/call/<method>` on the local bridge, events over socket.io namespace
 *    `/studio`. Same method names, same payload schemas, same result envelope.
 *
 * Every method takes zero or one argument; that argument is validated with zod at each boundary (IPC,
 * bridge) by `studioRequestSchemas[method]` in main/studio/api-schemas.ts. The schemas live there, not
 * here, so that this module has no runtime dependencies: the sandboxed preload and the UI bundle
 * import it without pulling zod and the pipeline's schemas in. Results travel in a `StudioCallResult` envelope because Electron's
 * IPC flattens thrown errors into a string; the clients unwrap it and throw a `StudioError` whose
 * `code` and `message` survive the trip.
 *
 * Clipboard is NOT part of this API: `navigator.clipboard.writeText` works in the renderer both under
 * Electron and in a browser on 127.0.0.1 (a secure context), so the UI copies text itself.
 *
 * Types, wire names and small pure helpers only; no Node built-ins, no runtime imports.
 */
import type {
  AuditEntry, DanmakuMode, GiftCatalogItem, HeldMessage, RoomAlert, RoomEvent, RoomEventType, RoomSettings, RoomUser, ReviewedEvent,
} from './room-protocol';
import type { AudioLevelsUpdate, AudioSettings, Destination, EncoderOption, PipelineError, PipelineNote, PipelineState, PipelineStats, RecordingSettings, SceneTransition, VideoSettings } from './pipeline';
import type { Scene } from './scene';
import type {
  HistoryAuditPage, HistoryAuditQuery, HistoryEventsPage, HistoryEventsQuery, HistoryExport, HistoryExportRequest, HistorySessionsQuery, HistoryUsage, SessionDetail, SessionId, SessionSummary, TextRange,
} from './history';

export * from './history';

export const STUDIO_API_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Relay
// ---------------------------------------------------------------------------------------------

/** Every URL the relay offers for one room (media/relay's `urls(room)` returns exactly this). */
export interface RelayUrlSet {
  /** RTMP server URL for OBS's "Server" field, e.g. rtmp://127.0.0.1:1935/live */
  rtmp: string;
  /** OBS's "Stream key": `<room>?key=<streamKey>`. A secret: show it masked by default. */
  obsStreamKey: string;
  hls: string;
  flv: string;
  /** The viewer page with the player and the danmaku room. */
  viewer: string;
  /** Transparent danmaku overlay for an OBS browser source. */
  overlay: string;
  api: string;
}

export type RelayStatus = 'starting' | 'running' | 'error' | 'stopped';

export interface RelayInfo {
  status: RelayStatus;
  /** The studio's own room id (also the RTMP stream name). */
  room: string;
  /** Loopback URLs (this machine); null until the relay runs. */
  urls: RelayUrlSet | null;
  /** The same URLs on each LAN address, for phones and other machines on the network. */
  lanUrls: { address: string; urls: RelayUrlSet }[];
  rtmpPort: number | null;
  httpPort: number | null;
  /** Human description of the ffmpeg in use ("ffmpeg version 7.1 (PATH: /usr/bin/ffmpeg)") or why none. */
  ffmpeg: string;
  ffmpegOk: boolean;
  /** True while something (our pipeline or OBS) publishes to the room. */
  ingestLive: boolean;
  /** Things a person should know, e.g. "Port 1935 is in use; the relay listens on 40123 instead." */
  notes: string[];
  /** Set when status is 'error': what failed and what to do (English: logs, CLI). */
  error: string | null;
  /** The same failure for the UI to translate (`studioNote.<code>`); null when there is none. */
  errorCode: StudioMessageCode | null;
}

// ---------------------------------------------------------------------------------------------
// Pipeline and scenes: the pipeline engineer's types (common/scene.ts, common/pipeline.ts), re-exported
// so the UI can import everything it needs from this one module.
// ---------------------------------------------------------------------------------------------

export type { Scene, Layer, VideoSource, AudioSource, SceneCollection, Rect } from './scene';
export type {
  PipelineState,
  PipelineStats,
  PipelineStatus,
  PipelineError,
  PipelineSettings,
  VideoSettings,
  AudioSettings,
  RecordingSettings,
  Destination,
  OutputStatus,
  EncoderOption,
  PipelineNote,
  PipelineNoteCode,
  GoLiveStep,
  OutputError,
  OverloadWarning,
  AudioLevel,
  AudioLevelsUpdate,
  AudioSourceMeterState,
} from './pipeline';

/** A stored text raster: its content id (SHA-256 of the PNG) and size in pixels. */
export interface TextImageInfo {
  id: string;
  width: number;
  height: number;
}

/** What device listing found (mirrors media/studio's DeviceInventory, which common/ cannot import). */
export interface Devices {
  platform: 'linux' | 'win32' | 'darwin';
  /** Display ids go into a display layer's `device` (Linux ":0.0", Windows "desktop", macOS index). */
  displays: { id: string; name: string; width: number | null; height: number | null; x: number; y: number; primary: boolean }[];
  cameras: { id: string; name: string }[];
  /** Microphones and loopback (desktop audio) sources. */
  audio: { id: string; name: string; loopback: boolean }[];
  /** Why a list is empty or partial, e.g. "no DISPLAY: screen capture unavailable". */
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Live preview (the scene editor) and source thumbnails (the source picker)
// ---------------------------------------------------------------------------------------------

/** Ask for the next preview frame of a scene: the core waits (up to ~2 s) for one newer than `after`. */
export interface PreviewFrameRequest {
  sceneId: string;
  /** The seq of the last frame the page has; absent = whatever is newest. */
  after?: number;
}

export interface PreviewFrame {
  /** Increases with every frame (across restarts of the preview). */
  seq: number;
  sceneId: string;
  /** ms since the epoch when the frame was finished. */
  at: number;
  /** 'scene': composed from the sources (offline, or a scene that is not on air); 'stream': what the live stream carries. */
  origin: 'scene' | 'stream';
  jpegBase64: string;
  /** Sources the preview left out, and why (same codes as the pipeline's notes). */
  notes: PipelineNote[];
}

/** What the preview answers: a frame, or (no frame in time) why not; `error` says what to do. */
export interface PreviewAnswer {
  frame: PreviewFrame | null;
  /** null while starting or when simply no new frame came in time; `detail` is ffmpeg's own words (English). */
  error: { code: 'no-ffmpeg' | 'failed'; detail: string } | null;
}

/** A source the picker shows a thumbnail of. */
export type ThumbnailRequest = { kind: 'display'; device: string } | { kind: 'camera'; device: string } | { kind: 'window'; title: string };

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

export type UiLanguage = 'en' | 'zh-CN';
/**
 * Where `ui.language` came from: the streamer's choice, the OS locale, the studio page's browser
 * (settled once on a first run whose OS locale named no language), or nothing yet ('unknown': C/POSIX
 * or unset locale; the studio page then follows its browser). Settings files from before default to 'chosen'.
 */
export type UiLanguageSource = 'chosen' | 'system' | 'browser' | 'unknown';

export interface StudioOutputSettings {
  video: VideoSettings;
  audio: AudioSettings;
  destinations: Destination[];
  recording: RecordingSettings;
  /** The transition of scene switches while live (cut, or fade with a duration). */
  transition: SceneTransition;
}

export interface StudioSettings {
  room: { id: string; title: string };
  relay: {
    /** Preferred ports; when taken the relay falls back to a free port and says so in RelayInfo.notes. */
    rtmpPort: number;
    httpPort: number;
    /** Host name or address put into shared URLs (LAN IP); null = detect. */
    publicHost: string | null;
    /**
     * LAN sharing: false (default) = the relay listens on 127.0.0.1, only this machine can watch;
     * true = it listens on every interface and the viewer link and QR code show the LAN address.
     */
    lanSharing: boolean;
  };
  /**
   * What the pipeline encodes and where it also pushes. The relay publish URL is not a setting: the
   * core builds it from the relay it started.
   */
  output: StudioOutputSettings;
  /** Explicit ffmpeg path; null = locate (DANMU_FFMPEG, bundled, PATH). */
  ffmpegPath: string | null;
  ui: { language: UiLanguage; languageSource: UiLanguageSource };
  /**
   * How long the history keeps room events (null = no limit, the default). Whole sessions go, oldest
   * first; recording files and published replays are never deleted by this.
   */
  history: { keepDays: number | null; maxMb: number | null };
}

/** Deep-partial patch accepted by updateSettings. */
export type StudioSettingsPatch = {
  room?: Partial<StudioSettings['room']>;
  relay?: Partial<StudioSettings['relay']>;
  output?: {
    video?: Partial<VideoSettings>;
    audio?: Partial<AudioSettings>;
    destinations?: Destination[];
    recording?: Partial<RecordingSettings>;
    transition?: Partial<SceneTransition>;
  };
  ffmpegPath?: string | null;
  ui?: Partial<StudioSettings['ui']>;
  history?: Partial<StudioSettings['history']>;
};

// ---------------------------------------------------------------------------------------------
// Room and history
// ---------------------------------------------------------------------------------------------

export interface RoomInfo {
  /** Connected to the room hub as its owner. */
  connected: boolean;
  room: string;
  you: RoomUser | null;
  live: boolean;
  viewers: number;
  /** The room's gifts (names, prices, icons) from the hub's welcome; [] until connected. */
  gifts: GiftCatalogItem[];
  /** Latest events, oldest first (bounded, e.g. 200). */
  recentEvents: RoomEvent[];
  /** The room's moderation settings from the hub (null until connected). */
  settings: RoomSettings | null;
  error: string | null;
}

/**
 * Room-protocol requests the studio's moderator console may pass through `room.moderate` (as the
 * owner); the hub checks rights and payloads as for any client.
 */
export const ROOM_MODERATION_REQUESTS = [
  'history', 'delete', 'ban', 'unban', 'bans', 'timeout', 'room-settings', 'held-list', 'review', 'bulk', 'audit',
  'moderator-token', 'moderators', 'revoke-moderator',
  // Owner: the relay's archived sessions and their "publish replay for viewers" flag (media/replay).
  'replay-sessions', 'replay-publish',
] as const;
export type RoomModerationRequestName = (typeof ROOM_MODERATION_REQUESTS)[number];
export interface RoomModerateRequest { name: RoomModerationRequestName; payload: unknown }

/** Staff-only room packets, forwarded to the studio UI as `room.staff` events. */
export type RoomStaffMessage =
  | { kind: 'held'; held: HeldMessage }
  | { kind: 'reviewed'; reviewed: ReviewedEvent }
  | { kind: 'alert'; alert: RoomAlert }
  | { kind: 'audit'; entry: AuditEntry }
  | { kind: 'settings'; settings: RoomSettings };

export interface RoomSendRequest {
  text: string;
  color?: string;
  mode?: DanmakuMode;
}

export interface RoomBanRequest {
  userId: string;
  reason?: string;
}

export interface HistoryQuery {
  /** Substring of danmaku text (Chinese substrings included). */
  text?: string;
  types?: RoomEventType[];
  userId?: string;
  /** A user id, or part of a user name. */
  user?: string;
  /** Only within this session. */
  session?: SessionId;
  /** ms since the epoch, inclusive. */
  from?: number;
  to?: number;
  limit?: number;
  /** Pagination: skip this many matches (newest first). */
  offset?: number;
}

export interface HistoryResult {
  /** Newest first; `session` is the session the event belongs to (null between sessions), `highlights` where the text matched. */
  events: (RoomEvent & { room: string; session: SessionId | null; highlights: TextRange[] })[];
  /** Matches found, counted up to a cap (then `capped`). */
  total: number;
  capped: boolean;
}

/** Totals and top gifters cover the room's whole history; the range applies to danmakuPerMinute. */
export interface HistoryStatsQuery {
  from?: number;
  to?: number;
}

export interface HistoryStats {
  danmaku: number;
  gifts: number;
  /** Sum of gift values, in coins. */
  giftValue: number;
  likes: number;
  uniqueUsers: number;
  topGifters: { user: RoomUser; value: number }[];
  /** Danmaku per minute within the query's time range (minute = start, ms since the epoch); quiet minutes omitted. */
  danmakuPerMinute: { minute: number; count: number }[];
}

/** See StudioApi.audio.watchMeters. */
export interface WatchMetersRequest {
  sceneId: string;
  watching: boolean;
}

// ---------------------------------------------------------------------------------------------
// Snapshot, notes, events
// ---------------------------------------------------------------------------------------------

/** Notes the UI translates (`studioNote.<code>` in the i18n catalogs, `params` fill the placeholders). */
export const STUDIO_NOTE_CODES = [
  'recording-saved', 'settings-unreadable', 'scenes-unreadable', 'history-moved-aside', 'history-write-failed', 'history-write-lost', 'history-write-recovered',
  'relay-failed', 'relay-rtmp-port-taken', 'relay-http-port-taken', 'ffmpeg-fallback',
  'lan-sharing-on', 'lan-sharing-off', 'lan-sharing-next-start',
  'ffmpeg-missing', 'next-start-relay-ports', 'next-start-room-id', 'next-start-ffmpeg-path', 'studio-link-reset',
  'relay-port-in-use', 'relay-address-unavailable',
] as const;
export type StudioNoteCode = (typeof STUDIO_NOTE_CODES)[number];

/** A coded message without its English text: what crosses to the UI beside an English field. */
export interface StudioMessageCode {
  code: StudioNoteCode;
  params?: Record<string, string | number>;
}

/**
 * Refusals the UI translates, as notes are: a StudioError carries one of these codes + params
 * (`studioError.<code>` in the i18n catalogs) beside its English message (logs, fallback).
 */
export const STUDIO_ERROR_CODES = [
  'request-invalid', 'method-unknown', 'scene-unknown', 'internal',
  'stream-relay-down', 'stream-unavailable', 'pipeline-invalid', 'pipeline-failed', 'encoder-unusable', 'ffmpeg-path-unusable',
  'room-offline', 'room-not-connected', 'room-unreachable', 'room-refused',
  'settings-invalid', 'scenes-invalid', 'recording-folder-unusable',
  'text-images-unavailable', 'text-image-refused', 'link-forbidden', 'studio-link-desktop', 'folder-picker-browser',
  'meters-unavailable', 'preview-unavailable', 'history-unavailable',
  'studio-unreachable', 'studio-bad-answer', 'studio-not-authorised',
] as const;
export type StudioErrorDetailCode = (typeof STUDIO_ERROR_CODES)[number];

/** The translatable part of a StudioError. */
export interface StudioErrorDetail {
  code: StudioErrorDetailCode;
  params?: Record<string, string | number>;
}

/** A message for the streamer: a stable code + params for the UI, and the English text (logs, fallback). */
export interface CodedMessage {
  code: StudioNoteCode;
  params?: Record<string, string | number>;
  text: string;
}

export interface StudioNote {
  id: string;
  level: 'info' | 'warn' | 'error';
  /** What happened, why, and what to do (English; the UI shows `code` translated when it has one). */
  text: string;
  code?: StudioNoteCode;
  params?: Record<string, string | number>;
  ts: number;
}

export interface StudioSnapshot {
  version: typeof STUDIO_API_VERSION;
  relay: RelayInfo;
  /** `encoders`: what the trial-encode probe found (x264 only until it has answered; see `pipeline.encoders`). */
  pipeline: { state: PipelineState; stats: PipelineStats | null; encoders: EncoderOption[] };
  scenes: Scene[];
  activeSceneId: string | null;
  settings: StudioSettings;
  devices: Devices;
  room: RoomInfo;
  /** Visible notes, e.g. "settings file was corrupt; backed up to … and reset to defaults". */
  notes: StudioNote[];
  /** Where recordings go now: the chosen folder, else the default (the user's Videos folder + "Danmu Studio"). */
  recordingFolder: string;
}

export type StudioEvent =
  | { type: 'pipeline.stats'; stats: PipelineStats }
  | { type: 'pipeline.state'; state: PipelineState }
  | { type: 'pipeline.error'; error: PipelineError }
  | { type: 'pipeline.encoders'; encoders: EncoderOption[] }
  | { type: 'room.event'; event: RoomEvent }
  | { type: 'room.state'; room: RoomInfo }
  | { type: 'room.staff'; message: RoomStaffMessage }
  | { type: 'relay.state'; relay: RelayInfo }
  | { type: 'settings.changed'; settings: StudioSettings }
  | { type: 'scenes.changed'; scenes: Scene[]; activeSceneId: string | null }
  | { type: 'notes.changed'; notes: StudioNote[] }
  | { type: 'audio.levels'; update: AudioLevelsUpdate };

export type StudioEventType = StudioEvent['type'];
export type StudioEventListener = (event: StudioEvent) => void;

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

export interface StudioApi {
  getSnapshot(): Promise<StudioSnapshot>;
  goLive(): Promise<PipelineState>;
  stop(): Promise<PipelineState>;
  switchScene(sceneId: string): Promise<void>;
  /** Replaces the scene list (validated); the active scene stays if it still exists. */
  saveScenes(scenes: Scene[]): Promise<Scene[]>;
  /**
   * Stores a text layer's raster (a PNG drawn by the UI with the platform's fonts, base64) in the data
   * folder under its SHA-256; the layer then refers to it as `source.raster` (see common/scene.ts).
   * Refused with 'invalid' unless it is a PNG within the size caps.
   */
  saveTextImage(pngBase64: string): Promise<TextImageInfo>;
  /** Validated deep-partial update; a refused patch changes nothing. Returns the new settings. */
  updateSettings(patch: StudioSettingsPatch): Promise<StudioSettings>;
  listDevices(): Promise<Devices>;
  dismissNote(noteId: string): Promise<void>;
  /**
   * Opens a URL in the OS browser. Only the studio's own relay URLs (viewer, overlay, hls, flv, api)
   * are allowed; anything else is refused with code 'forbidden'. In browser mode the page opens it.
   */
  openExternal(url: string): Promise<void>;
  /**
   * Browser mode: a new studio link (token); every page and link using the old one is refused from
   * then on (the calling page keeps working). Returns the new link. 'unavailable' in the desktop app.
   */
  resetStudioLink(): Promise<{ url: string }>;
  /** Desktop app: the OS folder picker, starting at `initial`; null when cancelled. 'unavailable' in browser mode. */
  chooseFolder(initial?: string): Promise<string | null>;
  audio: {
    /**
     * A mixer is showing `sceneId`'s sources (or stopped showing them: `watching: false`). Levels
     * arrive as `audio.levels` events until the lease runs out: call again before `leaseMs`.
     * Nobody watching = no meter process runs.
     */
    watchMeters(req: WatchMetersRequest): Promise<{ leaseMs: number }>;
  };
  room: {
    send(req: RoomSendRequest): Promise<{ seq: number }>;
    ban(req: RoomBanRequest): Promise<void>;
    unban(userId: string): Promise<void>;
    deleteEvent(seq: number): Promise<void>;
    /** The moderator console: one room-protocol request as the owner; resolves with the hub's answer (without `ok`). */
    moderate(req: RoomModerateRequest): Promise<object>;
  };
  history: {
    search(q: HistoryQuery): Promise<HistoryResult>;
    stats(q?: HistoryStatsQuery): Promise<HistoryStats>;
    /** Past and current live sessions of the studio's room, newest first (read from the local file: works with the relay stopped). */
    sessions(q?: HistorySessionsQuery): Promise<SessionSummary[]>;
    /** A session's page: charts per minute, supporters, chatters, analytics, moderation. */
    session(id: SessionId): Promise<SessionDetail>;
    /** A page of a session's events in seq order. */
    events(q: HistoryEventsQuery): Promise<HistoryEventsPage>;
    /** A session as CSV, JSON (with its audit log) or bilibili-style danmaku XML, or its audit log as CSV. */
    export(req: HistoryExportRequest): Promise<HistoryExport>;
    /** The room's audit log as cached by the studio (readable with the relay stopped), oldest first. */
    audit(q?: HistoryAuditQuery): Promise<HistoryAuditPage>;
    /** How big the history is and what retention last removed (the policy itself is in settings.history). */
    usage(): Promise<HistoryUsage>;
  };
  preview: {
    /**
     * The scene editor's live picture (long poll): the next JPEG of the scene composed as the stream
     * will be, newer than `after`. Asking keeps the preview running; nobody asking for a few seconds
     * stops it. While live the on-air scene is what the stream carries.
     */
    frame(req: PreviewFrameRequest): Promise<PreviewAnswer>;
    /** One small JPEG (base64) of a screen, window or camera for the source picker; null where the platform gives none. */
    thumbnail(req: ThumbnailRequest): Promise<string | null>;
  };
  /** One subscription for every push event; returns the unsubscribe function. */
  onEvent(listener: StudioEventListener): () => void;
}

/** Flat method names used on the wire (IPC channel suffix and bridge path). */
export const STUDIO_METHODS = [
  'getSnapshot',
  'goLive',
  'stop',
  'switchScene',
  'saveScenes',
  'saveTextImage',
  'updateSettings',
  'listDevices',
  'dismissNote',
  'openExternal',
  'room.send',
  'room.ban',
  'room.unban',
  'room.deleteEvent',
  'room.moderate',
  'history.search',
  'history.stats',
  'resetStudioLink',
  'chooseFolder',
  'history.sessions',
  'history.session',
  'history.events',
  'history.export',
  'history.audit',
  'history.usage',
  'preview.frame',
  'preview.thumbnail',
  'audio.watchMeters',
] as const;

export type StudioMethod = (typeof STUDIO_METHODS)[number];

export function isStudioMethod(name: unknown): name is StudioMethod {
  return typeof name === 'string' && (STUDIO_METHODS as readonly string[]).includes(name);
}

/** IPC channel names (Electron). */
export const STUDIO_IPC_PREFIX = 'studio:';
export const STUDIO_EVENT_CHANNEL = 'studio:event';
export function ipcChannel(method: StudioMethod): string {
  return `${STUDIO_IPC_PREFIX}${method}`;
}

/** Browser-mode bridge paths. */
export const BRIDGE_CALL_PATH = '/api/call/';
export const BRIDGE_EVENTS_NAMESPACE = '/studio';
export const BRIDGE_TOKEN_COOKIE = 'danmu_studio_token';
export const BRIDGE_TOKEN_HEADER = 'x-studio-token';

// ---------------------------------------------------------------------------------------------
// Result envelope and errors
// ---------------------------------------------------------------------------------------------

export type StudioErrorCode = 'invalid' | 'forbidden' | 'not_found' | 'unavailable' | 'conflict' | 'internal';

export type StudioCallResult<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: { code: StudioErrorCode; message: string; issues?: string[]; detail?: StudioErrorDetail } };

/**
 * Thrown by the core and by both clients; `message` says what failed, why and what to do (English:
 * logs, fallback), `detail` is the same for the UI to show in the user's language.
 */
export class StudioError extends Error {
  constructor(
    readonly code: StudioErrorCode,
    message: string,
    readonly issues: string[] = [],
    readonly detail: StudioErrorDetail | null = null,
  ) {
    super(message);
    this.name = 'StudioError';
  }
}

export function unwrapResult<T>(r: StudioCallResult<T>): T {
  if (r.ok) return r.value;
  throw new StudioError(r.error.code, r.error.message, r.error.issues ?? [], r.error.detail ?? null);
}

/** Separates the message from the JSON tail (issues, detail) in an encoded error message. */
const ENCODED_TAIL = '\n\u2063';

/**
 * Electron's contextBridge copies only an Error's message, so the preload puts the code in front
 * and the issues and coded detail behind an invisible separator: "[invalid] updateSettings: …".
 * Still readable as is; `toStudioError` turns it back into a StudioError.
 */
export function encodeErrorMessage(code: StudioErrorCode, message: string, issues: string[] = [], detail: StudioErrorDetail | null = null): string {
  const tail = issues.length || detail ? `${ENCODED_TAIL}${JSON.stringify({ issues, detail })}` : '';
  return `[${code}] ${message}${tail}`;
}

const ERROR_CODES: readonly StudioErrorCode[] = ['invalid', 'forbidden', 'not_found', 'unavailable', 'conflict', 'internal'];

export function toStudioError(err: unknown): StudioError {
  if (err instanceof StudioError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const m = /^\[(\w+)\] ([\s\S]*)$/.exec(message);
  if (!m || !(ERROR_CODES as readonly string[]).includes(m[1]!)) return new StudioError('internal', message);
  const [text, tail] = m[2]!.split(ENCODED_TAIL);
  let extra: { issues?: unknown; detail?: unknown } = {};
  try {
    if (tail) extra = JSON.parse(tail) as typeof extra;
  } catch {
    extra = {};
  }
  const issues = Array.isArray(extra.issues) ? extra.issues.filter((i): i is string => typeof i === 'string') : [];
  const d = extra.detail as StudioErrorDetail | null | undefined;
  const detail = d && typeof d === 'object' && (STUDIO_ERROR_CODES as readonly string[]).includes(d.code) ? d : null;
  return new StudioError(m[1] as StudioErrorCode, text!, issues, detail);
}

/**
 * Maps a flat method name to a call on a StudioApi. Both the IPC wiring and the bridge use it so the
 * two transports cannot drift apart.
 */
export function invokeStudioMethod(api: Omit<StudioApi, 'onEvent'>, method: StudioMethod, arg: unknown): Promise<unknown> {
  switch (method) {
    case 'getSnapshot': return api.getSnapshot();
    case 'goLive': return api.goLive();
    case 'stop': return api.stop();
    case 'switchScene': return api.switchScene(arg as string);
    case 'saveScenes': return api.saveScenes(arg as Scene[]);
    case 'saveTextImage': return api.saveTextImage(arg as string);
    case 'updateSettings': return api.updateSettings(arg as StudioSettingsPatch);
    case 'listDevices': return api.listDevices();
    case 'dismissNote': return api.dismissNote(arg as string);
    case 'openExternal': return api.openExternal(arg as string);
    case 'room.send': return api.room.send(arg as RoomSendRequest);
    case 'room.ban': return api.room.ban(arg as RoomBanRequest);
    case 'room.unban': return api.room.unban(arg as string);
    case 'room.deleteEvent': return api.room.deleteEvent(arg as number);
    case 'room.moderate': return api.room.moderate(arg as RoomModerateRequest);
    case 'history.search': return api.history.search(arg as HistoryQuery);
    case 'history.stats': return api.history.stats(arg as HistoryStatsQuery | undefined);
    case 'resetStudioLink': return api.resetStudioLink();
    case 'chooseFolder': return api.chooseFolder(arg as string | undefined);
    case 'history.sessions': return api.history.sessions(arg as HistorySessionsQuery | undefined);
    case 'history.session': return api.history.session(arg as SessionId);
    case 'history.events': return api.history.events(arg as HistoryEventsQuery);
    case 'history.export': return api.history.export(arg as HistoryExportRequest);
    case 'history.audit': return api.history.audit(arg as HistoryAuditQuery | undefined);
    case 'history.usage': return api.history.usage();
    case 'preview.frame': return api.preview.frame(arg as PreviewFrameRequest);
    case 'preview.thumbnail': return api.preview.thumbnail(arg as ThumbnailRequest);
    case 'audio.watchMeters': return api.audio.watchMeters(arg as WatchMetersRequest);
  }
}

/**
 * Builds a StudioApi from a transport `call(method, arg)` plus an event subscription. The preload
 * and the browser bridge client are both this, so the UI sees one identical object.
 */
export function createStudioApiFromTransport(
  call: (method: StudioMethod, arg?: unknown) => Promise<unknown>,
  onEvent: (listener: StudioEventListener) => () => void,
): StudioApi {
  const c = <T>(method: StudioMethod, arg?: unknown) => call(method, arg) as Promise<T>;
  return {
    getSnapshot: () => c('getSnapshot'),
    goLive: () => c('goLive'),
    stop: () => c('stop'),
    switchScene: (sceneId) => c('switchScene', sceneId),
    saveScenes: (scenes) => c('saveScenes', scenes),
    saveTextImage: (png) => c('saveTextImage', png),
    updateSettings: (patch) => c('updateSettings', patch),
    listDevices: () => c('listDevices'),
    dismissNote: (noteId) => c('dismissNote', noteId),
    openExternal: (url) => c('openExternal', url),
    resetStudioLink: () => c('resetStudioLink'),
    chooseFolder: (initial) => c('chooseFolder', initial),
    audio: {
      watchMeters: (req) => c('audio.watchMeters', req),
    },
    room: {
      send: (req) => c('room.send', req),
      ban: (req) => c('room.ban', req),
      unban: (userId) => c('room.unban', userId),
      deleteEvent: (seq) => c('room.deleteEvent', seq),
      moderate: (req) => c('room.moderate', req),
    },
    history: {
      search: (q) => c('history.search', q),
      stats: (q) => c('history.stats', q),
      sessions: (q) => c('history.sessions', q),
      session: (id) => c('history.session', id),
      events: (q) => c('history.events', q),
      export: (req) => c('history.export', req),
      audit: (q) => c('history.audit', q),
      usage: () => c('history.usage'),
    },
    preview: {
      frame: (req) => c('preview.frame', req),
      thumbnail: (req) => c('preview.thumbnail', req),
    },
    onEvent,
  };
}
