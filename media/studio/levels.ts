/**
 * Audio levels from the encoder's stderr: the args builder puts `ametadata@<tag>` (RMS) and
 * `ametadata@<tag>p` (peak) after each source's volume, and ffmpeg logs lines such as
 *   [ametadata@lvl0 @ 0x55d] lavfi.astats.Overall.RMS_level=-27.09
 * Pure: line in, reading out.
 */
import { LEVEL_FLOOR_DB } from '../../common/pipeline';

export interface LevelReading {
  tag: string;
  kind: 'rms' | 'peak';
  db: number;
}

const LEVEL_LINE = /\[ametadata@(\w+?)(p?) @ [^\]]*\] lavfi\.astats\.Overall\.(RMS|Peak)_level=(\S+)/;

export function parseLevelLine(line: string): LevelReading | null {
  const m = LEVEL_LINE.exec(line);
  if (!m) return null;
  const raw = m[4] ?? '';
  // Silence is printed as "-inf"; a meter needs a finite floor (and JSON has no -Infinity).
  const value = Number.parseFloat(raw);
  const db = Number.isFinite(value) ? Math.max(LEVEL_FLOOR_DB, Math.min(0, value)) : LEVEL_FLOOR_DB;
  return { tag: m[1] ?? '', kind: m[3] === 'Peak' ? 'peak' : 'rms', db: Math.round(db * 10) / 10 };
}

/** Any line of the level meters (readings and their "frame:N pts:..." headers), to keep them out of error reports. */
export function isMeterLine(line: string): boolean {
  return line.includes('[ametadata@') || line.includes('[Parsed_astats_');
}
