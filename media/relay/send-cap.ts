/**
 * Bounded per-subscriber send buffers. NMS writes every tag to every subscriber and never looks at
 * back-pressure, so a viewer that does not read grows the relay's memory without bound. As
 * nginx-rtmp and SRS do, a subscriber whose unsent bytes pass the cap is dropped; its player
 * reconnects and starts again from the latest keyframe.
 */
import type { NmsSession } from './nms-internals';

export function capSendBuffer(session: NmsSession, pendingBytes: () => number, maxPending: number, onOverflow: (pending: number) => void): void {
  const send = session.sendBuffer;
  let dropped = false;
  session.sendBuffer = (buf: Buffer) => {
    if (dropped) return;
    const pending = pendingBytes();
    if (pending + buf.length > maxPending) {
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
}
