/**
 * How the moderator console talks to the room. The same console runs in the studio (through the
 * studio API, as the owner) and in any browser (socket.io with a moderator link, served by the
 * relay); each provides this. Requests are the room protocol's, answered by its acks.
 */
import type { Ack, AuditEntry, HeldMessage, RoomAlert, RoomEvent, RoomSettings, ReviewedEvent, Welcome } from '../../../common/room-protocol';

export type ConsoleMessage =
  | { type: 'welcome'; welcome: Welcome }
  | { type: 'event'; event: RoomEvent }
  | { type: 'held'; held: HeldMessage }
  | { type: 'reviewed'; reviewed: ReviewedEvent }
  | { type: 'alert'; alert: RoomAlert }
  | { type: 'audit'; entry: AuditEntry }
  | { type: 'settings'; settings: RoomSettings }
  | { type: 'connection'; connected: boolean; problem?: { code: string; message: string } };

export interface ConsoleTransport {
  request<T extends object = { seq: number }>(name: string, payload: unknown): Promise<Ack<T>>;
  /** Subscribes; returns the unsubscribe. */
  subscribe(listener: (m: ConsoleMessage) => void): () => void;
  /** Whether this console is the owner's (the studio): it may manage moderator links. */
  readonly isOwner: boolean;
}
