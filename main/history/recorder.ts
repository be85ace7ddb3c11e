/** Keeps the local history in step with a room client: every delivered event is stored once. */
import type { RoomEvent } from '../../common/room-protocol';
import type { HistoryStore } from './store';

interface EventSource {
  on(event: 'event', listener: (e: RoomEvent) => void): unknown;
  off(event: 'event', listener: (e: RoomEvent) => void): unknown;
}

/** Starts recording; returns a function that stops. Start the client with `fromSeq: store.lastSeq(room)` to resume. */
export function recordRoom(client: EventSource, store: Pick<HistoryStore, 'add'>, room: string, onError?: (err: Error) => void): () => void {
  const listener = (e: RoomEvent) => {
    try {
      store.add(room, e);
    } catch (err) {
      onError?.(err as Error);
    }
  };
  client.on('event', listener);
  return () => { client.off('event', listener); };
}
