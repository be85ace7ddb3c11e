/**
 * Likes arrive as clicks; the room records one `like` event per user per flush with the sum, so a
 * thousand tapping viewers cost a handful of events per second rather than one packet per click.
 * Each pending entry carries the acks to answer once its aggregated event is stored.
 */
import type { RoomUser } from '../../common/room-protocol';

export interface PendingLikes<A> {
  room: string;
  user: RoomUser;
  count: number;
  acks: A[];
}

export class LikeAggregator<A> {
  private pending = new Map<string, PendingLikes<A>>();

  constructor(private readonly maxPerEvent: number) {}

  add(room: string, user: RoomUser, count: number, ack: A): void {
    const key = `${room}\u0000${user.id}`;
    const p = this.pending.get(key);
    if (p) {
      p.count = Math.min(this.maxPerEvent, p.count + count);
      p.acks.push(ack);
    } else {
      this.pending.set(key, { room, user, count: Math.min(this.maxPerEvent, count), acks: [ack] });
    }
  }

  /** Everything pending since the last drain, oldest first. */
  drain(): PendingLikes<A>[] {
    const out = [...this.pending.values()];
    this.pending = new Map();
    return out;
  }

  get size(): number {
    return this.pending.size;
  }
}
