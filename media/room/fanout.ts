/**
 * Delivery of stored events. Staff (owner + moderators) get each event at once; viewers get one
 * `events` packet per room per tick, thinned by `sampleBatch` when the room is flooded. Delivery goes
 * through a `Broadcaster` (socket.io room emits in the hub), so each packet is encoded once per room.
 */
import type { RoomEvent } from '../../common/room-protocol';
import { sampleBatch } from './batch-sampler';

export interface Broadcaster {
  toStaff(room: string, event: RoomEvent): void;
  toViewers(room: string, batch: RoomEvent[]): void;
}

export class Fanout {
  private pending = new Map<string, RoomEvent[]>();
  /** Events viewers did not get because of sampling (for logs and the bench). */
  sampledOut = 0;

  constructor(private readonly out: Broadcaster, private readonly viewerBatchMax: number) {}

  publish(room: string, event: RoomEvent): void {
    this.out.toStaff(room, event);
    this.toViewers(room, event);
  }

  /** A held danmaku: staff see it (marked held) in its place; viewers do not. */
  publishToStaff(room: string, event: RoomEvent): void {
    this.out.toStaff(room, event);
  }

  /** An approved danmaku reaches viewers late, with its original seq (staff learn of it by `reviewed`). */
  toViewers(room: string, event: RoomEvent): void {
    const list = this.pending.get(room);
    if (list) list.push(event);
    else this.pending.set(room, [event]);
  }

  /** Sends each room's pending viewer batch; called every batch tick. */
  flush(): void {
    if (this.pending.size === 0) return;
    const pending = this.pending;
    this.pending = new Map();
    for (const [room, events] of pending) {
      const batch = sampleBatch(events, this.viewerBatchMax);
      this.sampledOut += events.length - batch.length;
      this.out.toViewers(room, batch);
    }
  }
}
