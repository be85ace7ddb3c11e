/**
 * One length rule for danmaku, counted the same way by the hub (which enforces it), the viewer page
 * and the studio's send box (which show a counter): Unicode code points after the hub's own
 * normalisation (common/text-clean.ts: NFKC, invisible characters removed, whitespace collapsed). One 汉字 or one
 * emoji counts as one, as a reader would count, not as the UTF-16 units of `string.length`.
 */
import { cleanText } from './text-clean';

/** The most characters (code points, see the file comment) one danmaku may have. */
export const MAX_DANMAKU_CHARS = 60;

/** What the hub keeps of a text: see common/text-clean.ts (NFKC, invisible characters out, single spaces, trimmed). */
export function normaliseChatText(raw: string): string {
  return cleanText(raw);
}

/** Code points of the text as the hub will store it. */
export function countChars(raw: string): number {
  let n = 0;
  for (const _ of normaliseChatText(raw)) n++;
  return n;
}

/** The first `max` code points (for cutting a display name without splitting a surrogate pair). */
export function sliceChars(text: string, max: number): string {
  return [...text].slice(0, max).join('');
}
