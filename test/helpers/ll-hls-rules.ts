/**
 * RFC 8216bis rules a Low-Latency HLS media playlist must follow, checked on the text a player gets.
 * Returns the violations (empty when the playlist is fine), so a failing test says which rule broke.
 */
import { parseMediaPlaylist } from '../../media/hls/playlist';

export function llHlsViolations(text: string): string[] {
  const v: string[] = [];
  const pl = parseMediaPlaylist(text);
  const td = pl.targetDuration;
  if (!(td > 0)) v.push('EXT-X-TARGETDURATION missing');
  for (const s of pl.segments) if (Math.round(s.duration) > td) v.push(`EXTINF ${s.duration} of ${s.uri} rounds above the target duration ${td}`);
  const hasParts = pl.segments.some((s) => s.parts.length) || pl.pendingParts.length > 0;
  const pt = pl.partTarget;
  if (hasParts && !(pt && pt > 0)) v.push('EXT-X-PART without EXT-X-PART-INF:PART-TARGET');
  const sc = pl.serverControl;
  if (sc['CAN-BLOCK-RELOAD'] !== 'YES') v.push('EXT-X-SERVER-CONTROL lacks CAN-BLOCK-RELOAD=YES');
  if (pt && !(Number(sc['PART-HOLD-BACK']) >= 2 * pt)) v.push(`PART-HOLD-BACK ${sc['PART-HOLD-BACK']} is less than twice PART-TARGET ${pt}`);
  if (sc['CAN-SKIP-UNTIL'] !== undefined && !(Number(sc['CAN-SKIP-UNTIL']) >= 6 * td)) v.push(`CAN-SKIP-UNTIL ${sc['CAN-SKIP-UNTIL']} is less than six target durations`);
  if (pl.skippedSegments > 0 && pl.version < 9) v.push('EXT-X-SKIP needs EXT-X-VERSION 9');
  const groups = [...pl.segments.map((s) => ({ name: s.uri, parts: s.parts, duration: s.duration as number | null, pdt: s.programDateTime })), { name: '(in progress)', parts: pl.pendingParts, duration: null, pdt: pl.pendingProgramDateTime }];
  const seen = new Set<string>();
  for (const g of groups) {
    if (g.parts.length === 0) continue;
    if (!g.pdt) v.push(`${g.name} has no EXT-X-PROGRAM-DATE-TIME`);
    if (!g.parts[0]!.independent) v.push(`first part of ${g.name} is not INDEPENDENT=YES`);
    g.parts.forEach((p, i) => {
      if (seen.has(p.uri)) v.push(`part URI ${p.uri} listed twice`);
      seen.add(p.uri);
      if (pt && p.duration > pt + 0.0005) v.push(`part ${p.uri} lasts ${p.duration} s, more than PART-TARGET ${pt}`);
      // Only a segment's last part may be much shorter than the target.
      const lastOfSegment = g.duration !== null && i === g.parts.length - 1;
      if (pt && !lastOfSegment && g.duration !== null && p.duration < 0.85 * pt) v.push(`part ${p.uri} (${p.duration} s) is shorter than 85 % of PART-TARGET`);
    });
    if (g.duration !== null) {
      const sum = g.parts.reduce((a, p) => a + p.duration, 0);
      if (Math.abs(sum - g.duration) > 0.002 * g.parts.length) v.push(`parts of ${g.name} add up to ${sum.toFixed(3)} s, EXTINF says ${g.duration}`);
    }
  }
  if (pl.ended) {
    if (pl.preloadHint) v.push('an ended playlist still has a preload hint');
  } else if (hasParts) {
    if (pl.preloadHint?.type !== 'PART') v.push('live LL-HLS playlist without EXT-X-PRELOAD-HINT:TYPE=PART');
    else if (seen.has(pl.preloadHint.uri)) v.push('the preload hint names a part that is already listed');
  }
  for (const s of pl.segments) if (!s.programDateTime) v.push(`${s.uri} has no EXT-X-PROGRAM-DATE-TIME`);
  return v;
}
