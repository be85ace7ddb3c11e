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

export interface SystemEvent extends EventBase {
  type: 'system';
  text: string;
  /** Machine-readable kind, e.g. 'live', 'offline', 'ban', 'unban', 'delete'. */
  code?: string;
  /** For moderation: the user the action is about, or the seq of the removed event. */
  target?: { userId?: string; seq?: number };
}

export type RoomEvent = DanmakuEvent | GiftEvent | LikeEvent | EnterEvent | SystemEvent;
export type RoomEventType = RoomEvent['type'];

export interface Welcome {
  room: string;
  you: RoomUser;
  /** The room's latest event number (0 when none). */
  seq: number;
  live: boolean;
  viewers: number;
  gifts: GiftCatalogItem[];
  /** Signed identity token for anonymous viewers to keep across reloads. */
  token?: string;
}

export interface HandshakeAuth {
  room: string;
  /** Identity token: the anonymous viewer token from `welcome.token`, or an owner-issued moderator token. */
  token?: string;
  name?: string;
  /** The room's stream key: makes this connection the room's owner (the studio). */
  key?: string;
}

/** `connect_error` payload (`err.data`) when the hub refuses a connection. */
export interface ConnectErrorData {
  code: 'unknown_room' | 'invalid' | 'forbidden';
  message: string;
}

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
export interface ModeratorTokenRequest { name: string }

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
  /** Owner only: issues a signed moderator token for this room (pass it as `auth.token`). */
  'moderator-token': (req: ModeratorTokenRequest, ack: (a: Ack<{ token: string; userId: string }>) => void) => void;
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
} as const;
