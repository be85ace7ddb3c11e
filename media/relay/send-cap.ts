/**
 * Bounded per-subscriber send buffers. NMS writes every tag to every subscriber and never looks at
 * back-pressure, so a viewer that does not read grows the relay's memory without bound. As
 * nginx-rtmp and SRS do, a subscriber whose unsent bytes pass the cap is dropped; its player
 * reconnects and starts again from the latest keyframe.
 *
 * A joining viewer is sent the codec headers and the whole current GOP at once; those bytes are
 * allowed on top of the cap, so a long keyframe interval never drops viewers as they join.
 */
import type { NmsSession } from './nms-internals';

export interface SendCap {
  /** Call around NMS's postPlay (the join burst). */
  joining<T>(fn: () => T): T;
}

export function capSendBuffer(session: NmsSession, pendingBytes: () => number, maxPending: number, onOverflow: (pending: number) => void): SendCap {
  const send = session.sendBuffer;
  let dropped = false;
  let inJoin = false;
  let burst = 0;
  session.sendBuffer = (buf: Buffer) => {
    if (dropped) return;
    const pending = pendingBytes();
    if (inJoin) burst += buf.length;
    else if (pending + buf.length > maxPending + burst) {
      dropped = true;
      onOverflow(pending);
      return;
    }
    try {
      send(buf);
    } catch {
      // A subscriber's broken socket must never disturb the publisher whose packet is being fanned out.
      dropped = true;
      onOverflow(pending);
    }
  };
  return {
    joining: (fn) => {
      inJoin = true;
      try {
        return fn();
      } finally {
        inJoin = false;
      }
    },
  };
}
