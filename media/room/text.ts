/**
 * Viewer text normalisation. Text is only ever shown as text (never HTML), so this is about keeping
 * the feed readable and lengths honest: control characters and bidi overrides removed, whitespace
 * collapsed, length counted in code points (so one emoji or one 汉字 counts as one).
 */

// Cc = control chars (incl. newlines/tabs), bidi embedding/override/isolate marks can flip other lines.
const STRIP = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u200B\uFEFF]/gu;

export type NormalisedText = { ok: true; text: string } | { ok: false; code: 'invalid' | 'too_long'; message: string };

export function normaliseText(raw: string, maxLength: number): NormalisedText {
  const text = raw.normalize('NFC').replace(/[\r\n\t]/g, ' ').replace(STRIP, '').replace(/\s+/gu, ' ').trim();
  if (text.length === 0) return { ok: false, code: 'invalid', message: 'Text is empty.' };
  const length = [...text].length;
  if (length > maxLength) return { ok: false, code: 'too_long', message: `Text is ${length} characters; the limit is ${maxLength}.` };
  return { ok: true, text };
}

/** Display names: same cleaning, silently cut to the limit (a name is not worth an error). */
export function normaliseName(raw: string | undefined, maxLength: number): string | undefined {
  if (raw === undefined) return undefined;
  const cleaned = raw.normalize('NFC').replace(/[\r\n\t]/g, ' ').replace(STRIP, '').replace(/\s+/gu, ' ').trim();
  const cut = [...cleaned].slice(0, maxLength).join('').trim();
  return cut.length > 0 ? cut : undefined;
}
