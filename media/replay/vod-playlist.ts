/**
 * Pure VOD playlist writer for an archived publish: every segment with its length and
 * EXT-X-PROGRAM-DATE-TIME (the relay's clock when its first frame arrived, so room-log events map to
 * video positions), discontinuities where the publisher's clock jumped or a segment was not archived,
 * PLAYLIST-TYPE:VOD and ENDLIST. Segment files are named by their index: `0.ts`, `1.ts`, …
 */

export interface ArchivedSegment {
  /** Seconds. */
  d: number;
  /** ms since the epoch (relay clock) of the segment's first frame. */
  pdt: number;
  /** Bytes on disk. */
  bytes: number;
  /** The timeline does not continue from the previous segment. */
  disc?: boolean;
}

export function renderVodPlaylist(segments: readonly ArchivedSegment[]): string {
  const target = Math.max(1, Math.ceil(Math.max(0, ...segments.map((s) => s.d)) - 0.0005));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  segments.forEach((s, i) => {
    if (s.disc && i > 0) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(s.pdt).toISOString()}`, `#EXTINF:${s.d.toFixed(3)},`, `${i}.ts`);
  });
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}
