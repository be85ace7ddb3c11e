/**
 * Pure HLS media-playlist parser, LL-HLS tags included. The relay renders its playlists itself
 * (ll-playlist.ts); this reads them back the way a player does: for tests, benchmarks and tools.
 */

export interface ParsedPart {
  uri: string;
  duration: number;
  independent: boolean;
}

export interface ParsedSegment {
  /** Segment URI as listed (basename). */
  uri: string;
  duration: number;
  /** EXT-X-PROGRAM-DATE-TIME of this segment, when present. */
  programDateTime?: string;
  discontinuity?: boolean;
  parts: ParsedPart[];
}

export interface MediaPlaylist {
  version: number;
  targetDuration: number;
  mediaSequence: number;
  segments: ParsedSegment[];
  /** Parts (and PDT) of the segment still being written, after the last complete one. */
  pendingParts: ParsedPart[];
  pendingProgramDateTime?: string;
  ended: boolean;
  partTarget?: number;
  serverControl: Record<string, string>;
  preloadHint?: { type: string; uri: string };
  skippedSegments: number;
}

export class PlaylistParseError extends Error {}

/** `A=1,B="x,y",C=YES` → { A: '1', B: 'x,y', C: 'YES' } */
export function parseAttributes(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Z0-9-]+)=("[^"]*"|[^,]*)(?:,|$)/g;
  for (let m = re.exec(list); m; m = re.exec(list)) {
    out[m[1]!] = m[2]!.startsWith('"') ? m[2]!.slice(1, -1) : m[2]!;
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}

export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines[0] !== '#EXTM3U') throw new PlaylistParseError('not an HLS playlist: missing #EXTM3U');
  const pl: MediaPlaylist = { version: 1, targetDuration: 0, mediaSequence: 0, segments: [], pendingParts: [], ended: false, serverControl: {}, skippedSegments: 0 };
  let pending: { duration?: number; programDateTime?: string; discontinuity?: boolean; parts: ParsedPart[] } = { parts: [] };
  const value = (line: string) => line.slice(line.indexOf(':') + 1);
  for (const line of lines.slice(1)) {
    if (line.startsWith('#EXT-X-VERSION:')) pl.version = toInt(line);
    else if (line.startsWith('#EXT-X-TARGETDURATION:')) pl.targetDuration = toInt(line);
    else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) pl.mediaSequence = toInt(line);
    else if (line === '#EXT-X-ENDLIST') pl.ended = true;
    else if (line === '#EXT-X-DISCONTINUITY') pending.discontinuity = true;
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pending.programDateTime = value(line);
    else if (line.startsWith('#EXT-X-PART-INF:')) pl.partTarget = Number(parseAttributes(value(line))['PART-TARGET']);
    else if (line.startsWith('#EXT-X-SERVER-CONTROL:')) pl.serverControl = parseAttributes(value(line));
    else if (line.startsWith('#EXT-X-SKIP:')) pl.skippedSegments = toInt('x:' + (parseAttributes(value(line))['SKIPPED-SEGMENTS'] ?? ''));
    else if (line.startsWith('#EXT-X-PRELOAD-HINT:')) {
      const a = parseAttributes(value(line));
      pl.preloadHint = { type: a.TYPE ?? '', uri: a.URI ?? '' };
    } else if (line.startsWith('#EXT-X-PART:')) {
      const a = parseAttributes(value(line));
      const duration = Number(a.DURATION);
      if (!a.URI || !Number.isFinite(duration)) throw new PlaylistParseError(`bad #EXT-X-PART: ${line}`);
      pending.parts.push({ uri: a.URI, duration, independent: a.INDEPENDENT === 'YES' });
    } else if (line.startsWith('#EXTINF:')) {
      const d = Number.parseFloat(value(line));
      if (!Number.isFinite(d) || d < 0) throw new PlaylistParseError(`bad #EXTINF duration: ${line}`);
      pending.duration = d;
    } else if (!line.startsWith('#')) {
      if (pending.duration === undefined) throw new PlaylistParseError(`segment ${line} has no #EXTINF`);
      const uri = line.split('?')[0]!.split('/').pop()!;
      pl.segments.push({ uri, duration: pending.duration, parts: pending.parts, ...(pending.programDateTime ? { programDateTime: pending.programDateTime } : {}), ...(pending.discontinuity ? { discontinuity: true } : {}) });
      pending = { parts: [] };
    }
  }
  pl.pendingParts = pending.parts;
  if (pending.programDateTime) pl.pendingProgramDateTime = pending.programDateTime;
  return pl;
}

function toInt(line: string): number {
  const n = Number.parseInt(line.slice(line.indexOf(':') + 1), 10);
  if (!Number.isFinite(n) || n < 0) throw new PlaylistParseError(`bad integer in ${line}`);
  return n;
}
