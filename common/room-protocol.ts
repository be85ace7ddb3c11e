/**
 * The live room protocol (socket.io namespace `/room`), shared by the hub (media/room), the studio's
 * room client (main/room), the viewer page and the overlay (renderer/). Documented in docs/protocol.md.
 * Plain types and limits only; runtime validation of what arrives lives at each edge.
 */
import { MAX_DANMAKU_CHARS } from './text-length';

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
export interface SystemParamsByCode {
  /** The stream started. */
  live: Record<string, never>;
  /** The stream ended. */
  offline: Record<string, never>;
  /** `name` (`userId`) was muted by `by`; `until` (ms since the epoch) when the mute ends by itself. */
  ban: { userId: string; name: string; by: string; reason?: string; until?: number };
  unban: { userId: string; name: string; by: string };
  /** `by` removed the danmaku `seq` written by `userId`. */
  delete: { seq: number; userId: string; by: string };
  /** The owner set the room title. */
  title: { title: string; by: string };
  /** The owner revoked moderator `name` (`userId`). */
  'moderator-revoked': { userId: string; name: string; by: string };
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
  live: boolean;
  viewers: number;
  gifts: GiftCatalogItem[];
  /** Signed identity token for anonymous viewers to keep across reloads. */
  token?: string;
}

/** What kind of client connects. An `overlay` (OBS browser source) only reads: it is not counted as a viewer and posts no `enter`. */
export type ClientKind = 'viewer' | 'overlay';

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

export type Ack<T extends object = { seq: number }> = ({ ok: true } & T) | { ok: false; code: AckErrorCode; message: string };

export type AckErrorCode =
  | 'invalid'
  | 'too_long'
  | 'rate_limited'
  | 'unknown_gift'
  | 'forbidden'
  | 'banned'
  | 'not_found'
  | 'internal';

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
}

/** One appointed moderator (the `moderators` answer). Times in ms since the epoch. */
export interface ModeratorEntry {
  userId: string;
  name: string;
  createdAt: number;
  expiresAt: number;
  revokedAt?: number;
}

/** Server → client event names. */
export interface ServerToClientEvents {
  welcome: (w: Welcome) => void;
  event: (e: RoomEvent) => void;
  /** Batched delivery to viewers: one packet every ~100 ms, in seq order. */
  events: (e: RoomEvent[]) => void;
  viewers: (v: { count: number }) => void;
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
}

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
