/**
 * Viewer replays of past live sessions: the HTTP shapes the relay serves (`/api/replay/…`) and the
 * pure timeline maths shared by the relay and the replay page. A session is one publish; its id is
 * the seq of the room log's `live` mark (the same number the studio's history uses in its session
 * ids), so the studio's history and the relay's archive name a session alike.
 */

/** One archived segment: its length and the relay's clock when its first frame arrived (ms). */
export interface TimelineSegment { duration: number; pdt: number }

export interface ReplaySessionSummary {
  room: string;
  session: number;
  startedAt: number;
  endedAt: number;
  /** Seconds of video. */
  duration: number;
  /** True when the relay stopped mid-stream (the archive ends at its last complete segment). */
  interrupted: boolean;
  published: boolean;
  /** Bytes on disk (owner listings only). */
  bytes?: number;
}

/** A comment on the replay timeline: `t` seconds into the video. `live` ones were sent during the stream. */
export interface ReplayComment { id: string; t: number; text: string; color: string; mode: 'scroll' | 'top' | 'bottom'; live: boolean }

/** `GET /api/replay/<room>/<session>`: everything the replay page needs. */
export interface ReplayInfo extends ReplaySessionSummary {
  title: string;
  playlist: string;
  comments: ReplayComment[];
  /** Comments per bin over the video (see densityBins). */
  density: number[];
}

/** `GET /api/replay/<room>`: the room's published sessions, newest first. */
export interface ReplayListResponse { room: string; sessions: ReplaySessionSummary[] }

export const replayListPath = (room: string): string => `/api/replay/${encodeURIComponent(room)}`;
export const replayInfoPath = (room: string, session: number): string => `/api/replay/${encodeURIComponent(room)}/${session}`;
export const replayPagePath = (room: string, session: number): string => `/replay/${encodeURIComponent(room)}/${session}`;
export const vodPlaylistPath = (room: string, session: number): string => `/vod/${encodeURIComponent(room)}/${session}/index.m3u8`;

/** A session id in a URL: the positive seq of its live mark. */
export const SESSION_ID_PATTERN = /^[1-9][0-9]{0,14}$/;

/** How far outside the archived video a comment may fall and still be placed (at the nearest end). */
export const EDGE_TOLERANCE_MS = 5000;

/**
 * Where a wall-clock moment `ts` (ms) falls in the video, in seconds, or null when it is outside it.
 * Segments are in order; a moment in a gap (segments dropped while archiving) lands on the start of
 * the next segment, one just before the first or after the last within EDGE_TOLERANCE_MS at the edge.
 */
export function positionOf(segments: readonly TimelineSegment[], ts: number): number | null {
  if (segments.length === 0) return null;
  let lo = 0;
  let hi = segments.length - 1;
  if (ts < segments[0]!.pdt) return segments[0]!.pdt - ts <= EDGE_TOLERANCE_MS ? 0 : null;
  // last segment whose pdt <= ts
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.pdt <= ts) lo = mid;
    else hi = mid - 1;
  }
  let start = 0;
  for (let i = 0; i < lo; i++) start += segments[i]!.duration;
  const s = segments[lo]!;
  const offset = (ts - s.pdt) / 1000;
  if (offset <= s.duration) return start + offset;
  if (lo < segments.length - 1) return start + s.duration;
  return (offset - s.duration) * 1000 <= EDGE_TOLERANCE_MS ? start + s.duration : null;
}

/** Total length of the segments, seconds. */
export const timelineDuration = (segments: readonly TimelineSegment[]): number => segments.reduce((a, s) => a + s.duration, 0);

/** Comments per bin: `bins` equal slices of [0, duration]; a comment at exactly `duration` counts in the last. */
export function densityBins(times: readonly number[], duration: number, bins: number): number[] {
  const out = new Array<number>(Math.max(1, bins)).fill(0);
  if (!(duration > 0)) return out;
  for (const t of times) {
    if (!(t >= 0) || t > duration) continue;
    out[Math.min(out.length - 1, Math.floor((t / duration) * out.length))]! += 1;
  }
  return out;
}

/**
 * An SVG path (filled area, 0,0 top-left) for bins drawn over `width` × `height`: bilibili's
 * "high-energy" bar. Heights are relative to the busiest bin; an empty session is a flat line.
 */
export function densityPath(bins: readonly number[], width: number, height: number): string {
  const max = Math.max(0, ...bins);
  const n = bins.length;
  if (n === 0) return `M0,${height}L${width},${height}Z`;
  const x = (i: number) => round((i / n) * width);
  const y = (v: number) => round(height - (max > 0 ? (v / max) * height : 0));
  let d = `M0,${height}`;
  bins.forEach((v, i) => {
    d += `L${x(i)},${y(v)}L${x(i + 1)},${y(v)}`;
  });
  return `${d}L${width},${height}Z`;
}

const round = (v: number) => Math.round(v * 10) / 10;

/** A video position as players show it: 0:05, 12:34, 1:02:03. */
export function formatMediaTime(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
