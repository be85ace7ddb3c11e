/**
 * Viewer text normalisation. Text is only ever shown as text (never HTML), so this is about keeping
 * the feed readable and lengths honest. The cleaning and the count are common/text-length.ts, so the
 * viewer page and the studio count exactly what the hub counts.
 */
import { countChars, normaliseChatText, sliceChars } from '../../common/text-length';

export type NormalisedText = { ok: true; text: string } | { ok: false; code: 'invalid' | 'too_long'; message: string };

export function normaliseText(raw: string, maxLength: number): NormalisedText {
  const text = normaliseChatText(raw);
  if (text.length === 0) return { ok: false, code: 'invalid', message: 'Text is empty.' };
  const length = countChars(text);
  if (length > maxLength) return { ok: false, code: 'too_long', message: `Text is ${length} characters; the limit is ${maxLength}.` };
  return { ok: true, text };
}

/** Display names: same cleaning, silently cut to the limit (a name is not worth an error). */
export function normaliseName(raw: string | undefined, maxLength: number): string | undefined {
  if (raw === undefined) return undefined;
  const cut = sliceChars(normaliseChatText(raw), maxLength).trim();
  return cut.length > 0 ? cut : undefined;
}
