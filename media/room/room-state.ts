/** In-memory state per room that is cheap to rebuild: live flag, who is connected, bans and title caches. */

export interface RoomState {
  live: boolean;
  /** Connected viewer sockets (not distinct users: two tabs count twice, as players do; overlays do not count). */
  viewerSockets: number;
  /** Last viewer count sent, to broadcast only on change. */
  sentViewers: number;
  /** Connected sockets per user id, for enter events and moderation messages. */
  users: Map<string, { name: string; sockets: number }>;
  banned: Set<string>;
  /** '' when the owner set none. */
  title: string;
}

export interface StoredRoomState { banned: Set<string>; title: string }

export class RoomStates {
  private readonly states = new Map<string, RoomState>();

  constructor(private readonly load: (room: string) => StoredRoomState) {}

  get(room: string): RoomState {
    let s = this.states.get(room);
    if (!s) {
      s = { live: false, viewerSockets: 0, sentViewers: 0, users: new Map(), ...this.load(room) };
      this.states.set(room, s);
    }
    return s;
  }

  all(): IterableIterator<[string, RoomState]> {
    return this.states.entries();
  }
}
