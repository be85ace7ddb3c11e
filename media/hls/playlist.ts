/**
 * Pure HLS media-playlist parsing and rendering. ffmpeg PUTs its playlist to us; we re-render it
 * listing only segments we hold completely, so a player never sees a half-written segment.
 */

export interface PlaylistSegment {
  /** File name as ffmpeg wrote it (basename, no path). */
  uri: string;
  duration: number;
  /** EXT-X-PROGRAM-DATE-TIME of this segment, when present. */
  programDateTime?: string;
  discontinuity?: boolean;
}

export interface MediaPlaylist {
  version: number;
  targetDuration: number;
  mediaSequence: number;
  independentSegments: boolean;
  segments: PlaylistSegment[];
  ended: boolean;
}

export class PlaylistParseError extends Error {}

export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines[0] !== '#EXTM3U') throw new PlaylistParseError('not an HLS playlist: missing #EXTM3U');
  const pl: MediaPlaylist = { version: 3, targetDuration: 0, mediaSequence: 0, independentSegments: false, segments: [], ended: false };
  let pending: Partial<PlaylistSegment> = {};
  for (const line of lines.slice(1)) {
    if (line.startsWith('#EXT-X-VERSION:')) pl.version = toInt(line, 'EXT-X-VERSION');
    else if (line.startsWith('#EXT-X-TARGETDURATION:')) pl.targetDuration = toInt(line, 'EXT-X-TARGETDURATION');
    else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) pl.mediaSequence = toInt(line, 'EXT-X-MEDIA-SEQUENCE');
    else if (line === '#EXT-X-INDEPENDENT-SEGMENTS') pl.independentSegments = true;
    else if (line === '#EXT-X-ENDLIST') pl.ended = true;
    else if (line === '#EXT-X-DISCONTINUITY') pending.discontinuity = true;
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pending.programDateTime = line.slice('#EXT-X-PROGRAM-DATE-TIME:'.length);
    else if (line.startsWith('#EXTINF:')) {
      const d = Number.parseFloat(line.slice('#EXTINF:'.length));
      if (!Number.isFinite(d) || d < 0) throw new PlaylistParseError(`bad #EXTINF duration: ${line}`);
      pending.duration = d;
    } else if (!line.startsWith('#')) {
      if (pending.duration === undefined) throw new PlaylistParseError(`segment ${line} has no #EXTINF`);
      // ffmpeg writes whatever segment path it was given (here a URL); we serve basenames
      const uri = line.split('?')[0]!.split('/').pop()!;
      pl.segments.push({ uri, duration: pending.duration, ...(pending.programDateTime ? { programDateTime: pending.programDateTime } : {}), ...(pending.discontinuity ? { discontinuity: true } : {}) });
      pending = {};
    }
  }
  return pl;
}

function toInt(line: string, tag: string): number {
  const n = Number.parseInt(line.slice(line.indexOf(':') + 1), 10);
  if (!Number.isFinite(n) || n < 0) throw new PlaylistParseError(`bad ${tag}: ${line}`);
  return n;
}

export function renderMediaPlaylist(pl: MediaPlaylist): string {
  const out = ['#EXTM3U', `#EXT-X-VERSION:${pl.version}`];
  if (pl.independentSegments) out.push('#EXT-X-INDEPENDENT-SEGMENTS');
  const target = Math.max(pl.targetDuration, Math.ceil(Math.max(0, ...pl.segments.map((s) => s.duration))));
  out.push(`#EXT-X-TARGETDURATION:${target}`, `#EXT-X-MEDIA-SEQUENCE:${pl.mediaSequence}`);
  for (const s of pl.segments) {
    if (s.discontinuity) out.push('#EXT-X-DISCONTINUITY');
    if (s.programDateTime) out.push(`#EXT-X-PROGRAM-DATE-TIME:${s.programDateTime}`);
    out.push(`#EXTINF:${s.duration.toFixed(3)},`, s.uri);
  }
  if (pl.ended) out.push('#EXT-X-ENDLIST');
  return out.join('\n') + '\n';
}

/**
 * Keep only the leading run of segments we hold: a gap would make players skip media, and the media
 * sequence number must still count the segments dropped from the front.
 */
export function restrictToAvailable(pl: MediaPlaylist, has: (uri: string) => boolean): MediaPlaylist {
  const firstAvailable = pl.segments.findIndex((s) => has(s.uri));
  if (firstAvailable < 0) return { ...pl, segments: [], ended: pl.ended };
  const rest = pl.segments.slice(firstAvailable);
  const gap = rest.findIndex((s) => !has(s.uri));
  const segments = gap < 0 ? rest : rest.slice(0, gap);
  return { ...pl, mediaSequence: pl.mediaSequence + firstAvailable, segments, ended: pl.ended && gap < 0 };
}
