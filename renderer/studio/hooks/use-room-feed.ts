/**
 * The live room feed: `room.event`s from the API, batched once per animation frame (the feed must
 * stay smooth at 100 events/s), seeded with the snapshot's recent events.
 */
import { useEffect, useRef, useState } from 'react';
import type { RoomEvent } from '../../../common/room-protocol';
import type { StudioApi } from '../../../common/studio-api';
import { createFrameBatcher, type Schedule } from '../logic/frame-batcher';
import { EMPTY_FEED, applyRoomEvents, type RoomFeedState } from '../logic/room-feed';

/**
 * requestAnimationFrame stops in a hidden window; a timer fallback keeps the feed (and its memory)
 * moving so that coming back does not replay minutes of events in one frame.
 */
const scheduleFrame: Schedule = (cb) => {
  if (typeof document !== 'undefined' && document.hidden) {
    const t = setTimeout(cb, 250);
    return () => clearTimeout(t);
  }
  const id = requestAnimationFrame(cb);
  return () => cancelAnimationFrame(id);
};

export function useRoomFeed(api: StudioApi, seed: readonly RoomEvent[] | null): RoomFeedState {
  const [feed, setFeed] = useState<RoomFeedState>(EMPTY_FEED);
  const seeded = useRef(false);

  useEffect(() => {
    if (seed && !seeded.current) {
      seeded.current = true;
      setFeed((f) => applyRoomEvents(f, seed));
    }
  }, [seed]);

  useEffect(() => {
    const batcher = createFrameBatcher<RoomEvent>((batch) => setFeed((f) => applyRoomEvents(f, batch)), scheduleFrame);
    const off = api.onEvent((e) => {
      if (e.type === 'room.event') batcher.push(e.event);
    });
    return () => {
      off();
      batcher.dispose();
    };
  }, [api]);

  return feed;
}
