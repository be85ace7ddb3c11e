/** The room hub's options (every limit with its default) and its handle. */
import type http from 'node:http';
import type { GiftCatalogItem } from '../../common/room-protocol';
import type { Logger } from '../log';
import type { RoomRegistry } from '../relay/rooms';
import type { HttpRoute } from '../relay/types';
import type { Admission, AdmissionLimits } from './admission';
import type { AlertOptions } from './moderation/alerts';
import type { RateLimit } from './rate-limiter';
import type { VodCatalog } from '../replay/catalog';
import type { ReplayLimits } from '../replay/service';

export interface RoomHubOptions {
  server: http.Server;
  rooms: Pick<RoomRegistry, 'has' | 'verifyKey'>;
  /** Where the event log and the token secret live; null keeps everything in memory. */
  dataDir: string | null;
  log: Logger;
  gifts?: GiftCatalogItem[];
  /** Max danmaku length in characters after normalisation (default 60). */
  textMaxLength?: number;
  /** Per viewer (default 1/s, burst 3). */
  danmakuRate?: RateLimit;
  /** Per viewer (default 5/s, burst 10). */
  giftRate?: RateLimit;
  /** Like *messages* per viewer (default 10/s, burst 20); each may carry up to 100 clicks. */
  likeRate?: RateLimit;
  /** History requests per viewer (default 2/s, burst 10); owner and moderators are not limited. */
  historyRate?: RateLimit;
  /** Danmaku + gifts per remote address, all viewers behind it together (default 10/s, burst 20). */
  addressRate?: RateLimit;
  /** Any message per connection, including invalid ones (default 20/s, burst 40). */
  messageRate?: RateLimit;
  /** Staff actions (ban, unban, delete, lists, title, moderator tokens) per identity (default 10/s, burst 30). */
  staffRate?: RateLimit;
  /** Per-address connection, identity and `enter` limits (defaults in ./admission.ts). */
  admission?: Partial<AdmissionLimits>;
  /**
   * Proxies (IPs or CIDR ranges) whose X-Forwarded-For is believed, e.g. ['127.0.0.1'] behind a local
   * nginx. Default none: the peer address is the client's address.
   */
  trustedProxies?: string[];
  /** How long moderator tokens are valid, and the most an owner may ask for (default 7 days). */
  moderatorTokenTtlMs?: number;
  /** Same viewer + same gift within this window continues a combo (default 5000 ms). */
  comboWindowMs?: number;
  /** Viewer batch interval (default 100 ms) and cap per batch per room (default 60 events). */
  batchMs?: number;
  viewerBatchMax?: number;
  /**
   * Viewers of a room are spread over this many socket.io rooms (default 4), each sent its batch in
   * its own turn of the event loop, so a big room's fan-out never holds up the studio's events for
   * the whole write loop.
   */
  viewerPartitions?: number;
  /** Likes and viewer counts are aggregated and sent at most this often (default 1000 ms). */
  likeFlushMs?: number;
  viewerCountMs?: number;
  /** Packets above this size close the connection at the transport (default 100 kB); smaller bad ones get an error ack. */
  maxPacketBytes?: number;
  /** Bot-wave detector tuning (defaults in media/room/moderation/wave-detector.ts). */
  alerts?: AlertOptions;
  /** Replays of past sessions (media/replay): the archive's catalog and where the replay page is built. Absent: replays are off. */
  vod?: { catalog: VodCatalog; webRoot: string; limits?: Partial<ReplayLimits> };
  /** socket.io path (default /socket.io). */
  path?: string;
  /** Enables the socket.io Redis adapter for fan-out across several hub processes (see docs/protocol.md). */
  redisUrl?: string;
  now?: () => number;
}

export interface RoomHub {
  readonly httpRoute: HttpRoute;
  /** Records the live/offline mark and returns its seq (null when the room already was in that state). */
  setLive(room: string, live: boolean): number | null;
  /** Ends a stream the last run left marked live (it was killed or stopped mid-stream). */
  endUnendedStream(room: string, archivedUntil?: (session: number) => number | undefined): void;
  /** Whether a session's replay is published (retention never removes those); null when replays are off. */
  readonly replays: { isPublished(room: string, session: number): boolean } | null;
  /** Refusals by the per-address limits since start. */
  readonly admission: Admission['refused'];
  close(): Promise<void>;
}

export const DEFAULT_MODERATOR_TOKEN_TTL_MS = 7 * 24 * 3600_000;
