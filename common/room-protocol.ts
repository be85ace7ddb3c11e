/**
 * The live room protocol (socket.io namespace `/room`), shared by the hub (media/room), the studio's
 * room client (main/room), the viewer page and the overlay (renderer/). Documented in docs/protocol.md.
 * Plain types and limits only; runtime validation of what arrives lives at each edge.
 */
import { MAX_DANMAKU_CHARS } from './text-length';
import type { ReplaySessionSummary } from './replay';

export const ROOM_NAMESPACE = '/room';

/** Room ids double as RTMP stream names, so they follow node-media-server's rule. */
export const ROOM_ID_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export type Role = 'owner' | 'moderator' | 'viewer';

export interface RoomUser {
  id: string;
  name: string;
  role: Role;
}

export type DanmakuMode = 'scroll' | 'top' | 'bottom';

export interface GiftCatalogItem {
  id: string;
  name: string;
  /** Price in coins; the server computes every gift's value from this, never the client. */
  price: number;
  /** URL or emoji shown in the gift bar. */
  icon: string;
}

interface EventBase {
  /** Increases by one per room, with no gaps. */
  seq: number;
  /** Server time, ms since the epoch. */
  ts: number;
  user: RoomUser;
}

export interface DanmakuEvent extends EventBase {
  type: 'danmaku';
  text: string;
  /** #rrggbb */
  color: string;
  mode: DanmakuMode;
  /** Set (and `text` emptied) in history answers once a moderator removed this danmaku. */
  deleted?: boolean;
  /**
   * Staff only: a rule held this danmaku for review (`pending`) or staff dropped it (`denied`).
   * Viewers never receive a held danmaku until it is approved (then without this field).
   */
  held?: 'pending' | 'denied';
}

export interface GiftEvent extends EventBase {
  type: 'gift';
  giftId: string;
  name: string;
  count: number;
  /** count × catalog price, in coins. */
  value: number;
  /** Running total of this combo (same viewer, same gift, within a few seconds); 1 for a fresh gift. */
  combo: number;
}

export interface LikeEvent extends EventBase {
  type: 'like';
  /** Likes aggregated since the previous like event of this user. */
  count: number;
}

export interface EnterEvent extends EventBase {
  type: 'enter';
}

/**
 * What each system event `code` carries in `params`. Clients render system events from `code` and
 * `params` in the reader's language; `text` is an English fallback for bots and for codes a client
 * does not know yet. Names in params are display names at the time of the event.
 */
/**
 * Who did a staff action: `by` is their display name at the time; `byRole` (absent in events from
 * before it was sent) lets each reader show the owner as 主播 / Host in their own language.
 */
export type StaffActor = { by: string; byRole?: Role };
/** The owner's name when it gives none (the studio does not): readers show their own word for the host instead. */
export const DEFAULT_OWNER_NAME = 'Host';

/**
 * The name the hub gives a viewer who chose none: 观众 + four characters of their id. Stored and
 * searched as is; pages show it in the reader's language (see renderer/shared/i18n/room-events.ts).
 */
export const DEFAULT_VIEWER_NAME_PREFIX = '观众';
const DEFAULT_VIEWER_NAME = /^观众([A-Za-z0-9_-]{4})$/;
export function defaultViewerName(userId: string): string {
  return `${DEFAULT_VIEWER_NAME_PREFIX}${userId.slice(2, 6)}`;
}
/** The four-character tag of a default viewer name, or null for a name the viewer chose. */
export function defaultViewerTag(name: string): string | null {
  return DEFAULT_VIEWER_NAME.exec(name)?.[1] ?? null;
}

export interface SystemParamsByCode {
  /** The stream started. */
  live: Record<string, never>;
  /** The stream ended. */
  offline: Record<string, never>;
  /** `name` (`userId`) was muted by `by`; `until` (ms since the epoch) when the mute ends by itself. */
  ban: { userId: string; name: string; reason?: string; until?: number } & StaffActor;
  unban: { userId: string; name: string } & StaffActor;
  /** `by` removed the danmaku `seq` written by `userId`. */
  delete: { seq: number; userId: string } & StaffActor;
  /** The owner set the room title. */
  title: { title: string } & StaffActor;
  /**
   * `name` cannot post for `seconds` (a timeout), until `until` or, with `stream`, until the stream
   * ends. Ends by itself with `timeout-ended`.
   */
  timeout: { userId: string; name: string; seconds: number; until?: number; stream?: boolean; reason?: string } & StaffActor;
  'timeout-ended': { userId: string; name: string };
  /** Staff changed what viewers notice of the room's rules (slow mode, pause). */
  'chat-rules': { slowModeSeconds: number; chatPaused: boolean } & StaffActor;
  /** The owner revoked moderator `name` (`userId`). */
  'moderator-revoked': { userId: string; name: string } & StaffActor;
}
export type SystemCode = keyof SystemParamsByCode;

interface SystemEventOf<C extends SystemCode> extends EventBase {
  type: 'system';
  code: C;
  params: SystemParamsByCode[C];
  /** English fallback (bots, and clients that do not know `code`). */
  text: string;
  /** Kept for older clients: the user an action is about, or the seq of the removed event. */
  target?: { userId?: string; seq?: number };
}

/** A system event: live/offline, moderation, room title. The `user` is the system user (id `system`). */
export type SystemEvent = { [C in SystemCode]: SystemEventOf<C> }[SystemCode];

export type RoomEvent = DanmakuEvent | GiftEvent | LikeEvent | EnterEvent | SystemEvent;
export type RoomEventType = RoomEvent['type'];

export interface Welcome {
  room: string;
  you: RoomUser;
  /** The room's latest event number (0 when none). */
  seq: number;
  /**
   * Random id of the relay's event log, created with it. If it differs from the one a client saw
   * before, the log was reset (seq starts again at 1): forget the old seq and re-sync from 0.
   */
  epoch: string;
  /** The room title set by the owner ('' when none: show a default). */
  title: string;
  /** The room's moderation settings (viewers use them to show slow mode and pauses). */
  settings: RoomSettings;
  live: boolean;
  viewers: number;
  gifts: GiftCatalogItem[];
  /** Signed identity token for anonymous viewers to keep across reloads. */
  token?: string;
}

/**
 * What kind of client connects. An `overlay` (OBS browser source) only reads: it is not counted as a viewer and posts no `enter`.
 * A `replay` (the replay page of a past session) is not in the live room at all: it only posts `replay-danmaku`.
 */
export type ClientKind = 'viewer' | 'overlay' | 'replay';

export interface HandshakeAuth {
  room: string;
  /** Identity token: the anonymous viewer token from `welcome.token`, or an owner-issued moderator token. */
  token?: string;
  name?: string;
  /** The room's stream key: makes this connection the room's owner (the studio). */
  key?: string;
  /** Default `viewer`. */
  client?: ClientKind;
}

/** `connect_error` payload (`err.data`) when the hub refuses a connection. */
export interface ConnectErrorData {
  code: ConnectErrorCode;
  message: string;
  /** For limits: when trying again makes sense. */
  retryAfterMs?: number;
}

export type ConnectErrorCode =
  | 'unknown_room'
  | 'invalid'
  | 'forbidden'
  /** Too many open connections from your network (address, or IPv6 /64). */
  | 'too_many_connections'
  /** Too many new anonymous identities from your network recently: reconnect with your token, or later. */
  | 'too_many_identities'
  /** The moderator token was revoked by the owner (or its moderator banned). */
  | 'token_revoked'
  /** The moderator token expired: ask the owner for a new one. */
  | 'token_expired';

/** A failed ack may say when trying again makes sense (`slow_mode`, `too_new`, `timed_out`). */
export type Ack<T extends object = { seq: number }> = ({ ok: true } & T) | { ok: false; code: AckErrorCode; message: string; retryAfterMs?: number };

export type AckErrorCode =
  | 'invalid'
  | 'too_long'
  | 'rate_limited'
  | 'unknown_gift'
  | 'forbidden'
  | 'banned'
  | 'not_found'
  | 'internal'
  /** Chat is paused by the moderators. */
  | 'paused'
  /** Slow mode: wait `retryAfterMs`. */
  | 'slow_mode'
  /** Your identity is too new to post in this room: wait `retryAfterMs`. */
  | 'too_new'
  /** The message contains a blocked term or a link the room refuses. */
  | 'blocked'
  /** You are timed out: wait `retryAfterMs` (absent: until the stream ends). */
  | 'timed_out';

export interface DanmakuRequest { text: string; color?: string; mode?: DanmakuMode }
export interface GiftRequest { giftId: string; count: number }
export interface LikeRequest { count: number }
export interface HistoryRequest { since: number; limit?: number }
export interface BanRequest { userId: string; reason?: string }
export interface UnbanRequest { userId: string }
export interface DeleteRequest { seq: number }
export interface ModeratorTokenRequest {
  name: string;
  /** How long the token is valid, in seconds (default and maximum: the relay's setting, 7 days by default). */
  ttlSeconds?: number;
}
export interface RevokeModeratorRequest { userId: string }
export interface RoomTitleRequest { title: string }

/** One entry of the `bans` answer. Times in ms since the epoch. */
export interface BanEntry {
  userId: string;
  /** The banned user's display name as last seen (their id when unknown). */
  name: string;
  /** Display name of whoever banned them. */
  by: string;
  reason?: string;
  at: number;
  /** When the ban ends by itself (timeouts); absent for a ban until unbanned. */
  until?: number;
  /** A timeout "for this stream": it ends when the stream does. */
  untilStreamEnds?: boolean;
}

/** One appointed moderator (the `moderators` answer). Times in ms since the epoch. */
export interface ModeratorEntry {
  userId: string;
  name: string;
  createdAt: number;
  expiresAt: number;
  revokedAt?: number;
}

// ---- Moderation (docs/protocol.md "Moderation", docs/moderation.md) ----

export type LinkPolicy = 'allow' | 'hold' | 'refuse';
export type TermAction = 'mask' | 'refuse' | 'hold';
/** A blocked term: words or a simple pattern (`*` = a gap of 0–3 characters), matched after folding. */
export interface BlockedTermSpec { term: string; action: TermAction; wholeWord?: boolean }

/** A room's moderation settings (in `welcome`, the `room-settings` event and request). */
export interface RoomSettings {
  /** Seconds each viewer waits between danmaku; 0 = off. */
  slowModeSeconds: number;
  chatPaused: boolean;
  blockedTerms: BlockedTermSpec[];
  linkPolicy: LinkPolicy;
  /** Identities younger than this cannot post; 0 = off. */
  minAccountAgeSeconds: number;
}
export type RoomSettingsRequest = Partial<RoomSettings>;

/** Timeout presets offered by consoles (seconds), plus 'stream' = until the stream ends. */
export const TIMEOUT_PRESETS: readonly (number | 'stream')[] = [10, 60, 300, 600, 1800, 86_400, 'stream'];
export interface TimeoutRequest { userId: string; seconds: number | 'stream'; reason?: string }

/** A danmaku a rule held for review (`held` event, `held-list` answer). `holdId` is its seq. */
export interface HeldMessage {
  holdId: number;
  user: RoomUser;
  text: string;
  /** The rule that held it (e.g. `blocked-terms`, `links`, `held-user`) and what it matched. */
  rule: string;
  detail: string;
  at: number;
}
export interface ReviewRequest { holdId: number; approve: boolean }
/** Staff event after a review: the danmaku `holdId` was delivered in its place, or dropped. */
export interface ReviewedEvent { holdId: number; approve: boolean; by: string; at: number }

export type AlertKind = 'wave' | 'burst-new-identities' | 'flood';
/** Staff event: something automatic noticed a pattern. Never acts by itself. */
export interface RoomAlert {
  id: string;
  kind: AlertKind;
  users: { id: string; name: string }[];
  /** A text from the wave or flood ('' for identity bursts). */
  sample: string;
  /** wave: mean similarity (0–1); bursts and floods: times the room's usual rate. */
  score: number;
  at: number;
}

/** One action on many users at once (an alert's one-click actions). `release` ends `hold`. */
export interface BulkRequest {
  action: 'timeout' | 'ban' | 'hold' | 'release';
  userIds: string[];
  seconds?: number | 'stream';
  reason?: string;
}

/** One audit log entry: a staff action or an automatic decision. */
export interface AuditEntry {
  id: number;
  at: number;
  /** A user id, or `rule:<name>` for automatic decisions. */
  actor: string;
  actorName: string;
  /** e.g. ban, unban, timeout, timeout-ended, delete, settings, hold, approve, deny, mask, refuse, alert, forbidden. */
  action: string;
  targetUserId?: string;
  targetName?: string;
  targetSeq?: number;
  reason?: string;
  /** Which rule fired and what it matched, or what changed. */
  detail?: string;
}
export interface AuditRequest { since?: number; limit?: number }
/** HTTP audit for the owner: GET roomAuditPath(room)?since=<id>&limit=<n> with `Authorization: Bearer <stream key>`. */
export const roomAuditPath = (room: string): string => `/api/rooms/${encodeURIComponent(room)}/audit`;
export interface RoomAuditResponse { room: string; entries: AuditEntry[] }

/** Server → client event names. */
export interface ServerToClientEvents {
  welcome: (w: Welcome) => void;
  event: (e: RoomEvent) => void;
  /** Batched delivery to viewers: one packet every ~100 ms, in seq order. */
  events: (e: RoomEvent[]) => void;
  viewers: (v: { count: number }) => void;
  /** Staff only: a danmaku was held for review. */
  held: (h: HeldMessage) => void;
  /** Staff only: a held danmaku was approved or denied. */
  reviewed: (r: ReviewedEvent) => void;
  /** Staff only: a bot wave, a burst of new identities or a flood. */
  alert: (a: RoomAlert) => void;
  /** Everyone: the room's moderation settings changed. */
  'room-settings': (s: RoomSettings) => void;
  /** Staff only: a new audit log entry. */
  audit: (e: AuditEntry) => void;
}

/** Client → server event names; every one is acknowledged. */
export interface ClientToServerEvents {
  danmaku: (req: DanmakuRequest, ack: (a: Ack) => void) => void;
  gift: (req: GiftRequest, ack: (a: Ack) => void) => void;
  like: (req: LikeRequest, ack: (a: Ack) => void) => void;
  history: (req: HistoryRequest, ack: (a: Ack<{ events: RoomEvent[] }>) => void) => void;
  /** Moderation (owner and moderators): each records a `system` event and acks its seq. */
  ban: (req: BanRequest, ack: (a: Ack) => void) => void;
  unban: (req: UnbanRequest, ack: (a: Ack) => void) => void;
  delete: (req: DeleteRequest, ack: (a: Ack) => void) => void;
  /** Owner and moderators: the room's current bans. */
  bans: (req: Record<string, never>, ack: (a: Ack<{ bans: BanEntry[] }>) => void) => void;
  /** Owner only: issues a signed, expiring moderator token for this room (pass it as `auth.token`). */
  'moderator-token': (req: ModeratorTokenRequest, ack: (a: Ack<{ token: string; userId: string; expiresAt: number }>) => void) => void;
  /** Owner only: every moderator appointed in this room, newest first, revoked and expired ones included. */
  moderators: (req: Record<string, never>, ack: (a: Ack<{ moderators: ModeratorEntry[] }>) => void) => void;
  /** Owner only: the moderator loses every right at once, on every connection. */
  'revoke-moderator': (req: RevokeModeratorRequest, ack: (a: Ack) => void) => void;
  /** Owner only: sets the room title (records a `title` system event). */
  'room-title': (req: RoomTitleRequest, ack: (a: Ack) => void) => void;
  /** Staff: mutes a user for a while (records a `timeout` system event; it ends by itself). */
  timeout: (req: TimeoutRequest, ack: (a: Ack) => void) => void;
  /** Staff: changes moderation settings (any subset); answers the full new settings. */
  'room-settings': (req: RoomSettingsRequest, ack: (a: Ack<{ settings: RoomSettings }>) => void) => void;
  /** Staff: the review queue (pending held danmaku, oldest first). */
  'held-list': (req: Record<string, never>, ack: (a: Ack<{ held: HeldMessage[] }>) => void) => void;
  /** Staff: approve (deliver in its place) or deny (drop) a held danmaku. */
  review: (req: ReviewRequest, ack: (a: Ack<object>) => void) => void;
  /** Staff: one action on many users (alerts' one-click actions). */
  bulk: (req: BulkRequest, ack: (a: Ack<{ done: string[]; failed: { userId: string; code: AckErrorCode }[] }>) => void) => void;
  /** Staff: audit log entries with id > since (default: the newest), oldest first, at most `limit` (default 100, max 500). */
  audit: (req: AuditRequest, ack: (a: Ack<{ entries: AuditEntry[] }>) => void) => void;
  /** Owner only: every archived session of the room (published or not), newest first. */
  'replay-sessions': (req: Record<string, never>, ack: (a: Ack<{ sessions: ReplaySessionSummary[] }>) => void) => void;
  /** Owner only: publish (or take back) a past session's replay for viewers. */
  'replay-publish': (req: ReplayPublishRequest, ack: (a: Ack<{ session: number; published: boolean }>) => void) => void;
  /** `replay` clients only: a comment at `t` seconds into a published replay (never reaches the live room). */
  'replay-danmaku': (req: ReplayDanmakuRequest, ack: (a: Ack<{ id: string }>) => void) => void;
}

export interface ReplayPublishRequest { session: number; published: boolean }
export interface ReplayDanmakuRequest { session: number; t: number; text: string; color?: string; mode?: DanmakuMode }

/** HTTP history for bots: GET roomEventsPath(room)?since=<seq>&limit=<n> → RoomEventsResponse. */
export const roomEventsPath = (room: string): string => `/api/rooms/${encodeURIComponent(room)}/events`;
export interface RoomEventsResponse { room: string; events: RoomEvent[]; seq: number }

export const DEFAULT_LIMITS = {
  /** Code points after normalisation: see common/text-length.ts (countChars). */
  textMaxLength: MAX_DANMAKU_CHARS,
  giftCountMin: 1,
  giftCountMax: 999,
  historyMaxLimit: 500,
  nameMaxLength: 20,
  likeCountMax: 100,
  titleMaxLength: 40,
} as const;
