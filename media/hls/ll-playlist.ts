/**
 * Pure LL-HLS media playlists (RFC 8216bis): rendering with parts, preload hint, server control and
 * delta updates, and the rules of blocking playlist reload (when to answer, when to refuse).
 * Players that do not know LL-HLS ignore the part tags and play the complete segments.
 */
import type { LlHlsParameters } from '../../common/live-timing';

export interface PlaylistPart {
  uri: string;
  duration: number;
  independent: boolean;
}

export interface PlaylistSegment {
  msn: number;
  /** null while the segment is still being written: only its parts are listed. */
  uri: string | null;
  duration: number;
  programDateMs: number;
  parts: PlaylistPart[];
  /** The publisher's clock jumped before this segment. */
  discontinuity?: boolean;
}

export interface PlaylistView {
  params: LlHlsParameters;
  /** Oldest first; only the last one may be in progress. */
  segments: PlaylistSegment[];
  preloadHintUri: string | null;
  ended: boolean;
  /** Discontinuities that already left the playlist (EXT-X-DISCONTINUITY-SEQUENCE). */
  discontinuitySequence?: number;
}

export interface PlaylistQuery {
  msn?: number;
  part?: number;
  skip: boolean;
}

export class PlaylistQueryError extends Error {}

/** _HLS_msn, _HLS_part and _HLS_skip from a request URL; anything malformed is a 400. */
export function parsePlaylistQuery(params: URLSearchParams): PlaylistQuery {
  const int = (name: string): number | undefined => {
    const v = params.get(name);
    if (v === null) return undefined;
    if (!/^\d{1,9}$/.test(v)) throw new PlaylistQueryError(`${name} must be a non-negative integer, got "${v.slice(0, 20)}"`);
    return Number(v);
  };
  const msn = int('_HLS_msn');
  const part = int('_HLS_part');
  if (part !== undefined && msn === undefined) throw new PlaylistQueryError('_HLS_part needs _HLS_msn');
  const skip = params.get('_HLS_skip');
  if (skip !== null && skip !== 'YES' && skip !== 'v2') throw new PlaylistQueryError('_HLS_skip must be YES or v2');
  return { ...(msn !== undefined ? { msn } : {}), ...(part !== undefined ? { part } : {}), skip: skip !== null };
}

export type BlockingDecision = { kind: 'ready' } | { kind: 'wait' } | { kind: 'bad'; reason: string };

/**
 * §6.2.5.2: hold the request until the playlist holds segment `msn` (or part `part` of it) or
 * anything later; refuse at once when `msn` is more than two segments past the last one, or `part`
 * beyond the advance part limit.
 */
export function decideBlocking(segments: readonly PlaylistSegment[], ended: boolean, q: PlaylistQuery, advancePartLimit: number): BlockingDecision {
  if (q.msn === undefined || ended) return { kind: 'ready' };
  const last = segments.at(-1);
  const lastMsn = last?.msn ?? -1;
  if (q.msn > lastMsn + 2) return { kind: 'bad', reason: `_HLS_msn=${q.msn} is more than two segments past the last one (${lastMsn})` };
  if (q.part !== undefined) {
    const lastPartIndex = last ? last.parts.length - 1 : -1;
    const ahead = q.msn === lastMsn ? q.part - lastPartIndex : q.msn > lastMsn ? q.part + 1 : 0;
    if (ahead > advancePartLimit) return { kind: 'bad', reason: `_HLS_part=${q.part} is more than ${advancePartLimit} parts past the last one` };
  }
  // Anything after the requested position counts ("or later").
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i]!;
    if (s.msn < q.msn) break;
    if (s.msn > q.msn) {
      if (s.parts.length > 0 || s.uri !== null) return { kind: 'ready' };
      continue;
    }
    // s.msn === q.msn
    if (q.part === undefined) return s.uri !== null ? { kind: 'ready' } : { kind: 'wait' };
    return s.parts.length > q.part ? { kind: 'ready' } : { kind: 'wait' };
  }
  // The requested segment already left the window: the current playlist is later than it.
  const first = segments[0];
  return first && q.msn < first.msn ? { kind: 'ready' } : { kind: 'wait' };
}

export function renderLlPlaylist(v: PlaylistView, q: Pick<PlaylistQuery, 'skip'> = { skip: false }): string {
  const p = v.params;
  const segs = v.segments;
  const targetDuration = Math.max(p.targetDuration, ...segs.filter((s) => s.uri !== null).map((s) => Math.round(s.duration)));
  // Distance from each segment's end to the live edge decides what may be skipped or lose its parts.
  const total = segs.reduce((a, s) => a + s.duration, 0);
  let before = 0;
  const endDistance = segs.map((s) => {
    before += s.duration;
    return total - before;
  });
  let skipped = 0;
  if (q.skip) while (skipped < segs.length && segs[skipped]!.uri !== null && endDistance[skipped]! >= p.canSkipUntil) skipped++;

  const out = [
    '#EXTM3U',
    `#EXT-X-VERSION:${skipped > 0 ? 9 : 6}`,
    `#EXT-X-TARGETDURATION:${targetDuration}`,
    `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${fmt(p.partHoldBack)},CAN-SKIP-UNTIL=${fmt(p.canSkipUntil)}`,
    `#EXT-X-PART-INF:PART-TARGET=${fmt(p.partTarget)}`,
    `#EXT-X-MEDIA-SEQUENCE:${segs[0]?.msn ?? 0}`,
  ];
  // Skipped segments' discontinuities still count: the client keeps them from its last full copy.
  const discontinuities = v.discontinuitySequence ?? 0;
  if (discontinuities > 0) out.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuities}`);
  if (skipped > 0) out.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skipped}`);
  for (let i = skipped; i < segs.length; i++) {
    const s = segs[i]!;
    if (s.discontinuity && i > 0) out.push('#EXT-X-DISCONTINUITY');
    out.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(s.programDateMs).toISOString()}`);
    // Parts are listed near the live edge only (spec: not for segments older than 3 target durations).
    if (s.uri === null || endDistance[i]! < 3 * targetDuration) {
      for (const part of s.parts) out.push(`#EXT-X-PART:DURATION=${fmt(part.duration)},URI="${part.uri}"${part.independent ? ',INDEPENDENT=YES' : ''}`);
    }
    if (s.uri !== null) out.push(`#EXTINF:${fmt(s.duration)},`, s.uri);
  }
  if (v.ended) out.push('#EXT-X-ENDLIST');
  else if (v.preloadHintUri) out.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${v.preloadHintUri}"`);
  return out.join('\n') + '\n';
}

function fmt(n: number): string {
  return n.toFixed(3);
}
