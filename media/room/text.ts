/**
 * Viewer text and names as the hub stores them. The cleaning is common/text-clean.ts (NFKC, invisible
 * and format characters out, stacked marks capped) and the count common/text-length.ts, so the viewer
 * page and the studio count exactly what the hub counts. Text with nothing visible left is refused.
 */
import { looksEmpty } from '../../common/text-clean';
import { countChars, normaliseChatText, sliceChars } from '../../common/text-length';

export type NormalisedText = { ok: true; text: string } | { ok: false; code: 'invalid' | 'too_long'; message: string };

export function normaliseText(raw: string, maxLength: number): NormalisedText {
  const text = normaliseChatText(raw);
  if (looksEmpty(text)) return { ok: false, code: 'invalid', message: 'Text is empty (or only invisible characters).' };
  const length = countChars(text);
  if (length > maxLength) return { ok: false, code: 'too_long', message: `Text is ${length} characters; the limit is ${maxLength}.` };
  return { ok: true, text };
}

/** Display names: same cleaning, silently cut to the limit (a name is not worth an error); undefined when nothing visible is left. */
export function normaliseName(raw: string | undefined, maxLength: number): string | undefined {
  if (raw === undefined) return undefined;
  const cut = sliceChars(normaliseChatText(raw), maxLength).trim();
  return looksEmpty(cut) ? undefined : cut;
}
