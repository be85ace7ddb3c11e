/**
 * Viewer name colours: stable per user (a hash of the id picks from a palette), so a regular is
 * recognisable at a glance, as in blivechat. The palette is tuned for contrast on the dark theme.
 */
import type { Role } from '../../../common/room-protocol';

export const NAME_PALETTE = ['#7fd1ff', '#9be58f', '#ffd479', '#ff9e80', '#c5a3ff', '#80e0d0', '#ffb3d9', '#a8c8ff'] as const;
export const OWNER_COLOR = '#ffb020';
export const MODERATOR_COLOR = '#5ac8fa';

/** FNV-1a: tiny, fast, and spreads short ids well enough for 8 buckets. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function nameColor(userId: string, role: Role): string {
  if (role === 'owner') return OWNER_COLOR;
  if (role === 'moderator') return MODERATOR_COLOR;
  return NAME_PALETTE[hashString(userId) % NAME_PALETTE.length]!;
}

/**
 * A viewer-chosen danmaku colour, unless it would be unreadable on the dark feed (relative
 * luminance below ~0.18), in which case the default text colour is used.
 */
export function readableTextColor(hex: string): string | undefined {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return undefined;
  const n = parseInt(m[1]!, 16);
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const lum = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  if (lum < 0.18) return undefined;
  // pure white is the default anyway: leave it to the theme's text colour
  return hex.toLowerCase() === '#ffffff' ? undefined : hex;
}
