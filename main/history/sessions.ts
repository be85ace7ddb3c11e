/**
 * Sessions from the live/offline marks of a room's event stream (pure). A `live` opens a session and
 * the next `offline` closes it. The relay restarting mid-stream leaves no `offline`: the next `live`
 * then closes the open session at the event just before it (marked interrupted). An `offline` with no
 * open session (a duplicate, or the log starting mid-stream) is ignored.
 */

export interface Mark { seq: number; ts: number; code: 'live' | 'offline' }

export interface SessionSpan {
  startSeq: number;
  start: number;
  /** Last seq of the session; null while open (up to the room's latest event). */
  endSeq: number | null;
  /** ts of the offline mark; null when open or interrupted (read the ts of endSeq). */
  end: number | null;
  interrupted: boolean;
}

export function deriveSessions(marks: readonly Mark[]): SessionSpan[] {
  const out: SessionSpan[] = [];
  let open: SessionSpan | null = null;
  for (const m of marks) {
    if (m.code === 'live') {
      if (open) {
        open.endSeq = m.seq - 1;
        open.interrupted = true;
      }
      open = { startSeq: m.seq, start: m.ts, endSeq: null, end: null, interrupted: false };
      out.push(open);
    } else if (open) {
      open.endSeq = m.seq;
      open.end = m.ts;
      open = null;
    }
  }
  return out;
}

/** The session whose seq range holds `seq` (sessions sorted by startSeq), or null. */
export function sessionAt<T extends SessionSpan>(sessions: readonly T[], seq: number): T | null {
  let lo = 0;
  let hi = sessions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sessions[mid]!;
    if (seq < s.startSeq) hi = mid - 1;
    else if (s.endSeq !== null && seq > s.endSeq) lo = mid + 1;
    else return s;
  }
  return null;
}
