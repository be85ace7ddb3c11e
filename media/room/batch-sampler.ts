/**
 * What one viewer batch contains when a room is flooded. Gifts and system events (live/offline,
 * moderation) always go through; danmaku, likes and enters are thinned evenly across the batch so a
 * viewer sees a representative sample rather than only the first few. Order (seq) is preserved.
 * The studio, moderators and history never go through this: they get everything.
 */
import type { RoomEvent } from '../../common/room-protocol';

const ALWAYS: ReadonlySet<RoomEvent['type']> = new Set(['gift', 'system']);

export function sampleBatch(events: readonly RoomEvent[], max: number): RoomEvent[] {
  if (events.length <= max) return events.slice();
  const priority = events.filter((e) => ALWAYS.has(e.type)).length;
  const others = events.length - priority;
  const room = Math.max(0, max - priority);
  if (room >= others) return events.slice();
  const keep = new Set<number>();
  // Even stride over the sampleable events: index i*others/room for i in [0, room).
  for (let i = 0; i < room; i++) keep.add(Math.floor((i * others) / room));
  const out: RoomEvent[] = [];
  let k = 0;
  for (const e of events) {
    if (ALWAYS.has(e.type)) out.push(e);
    else if (keep.has(k++)) out.push(e);
  }
  return out;
}
