/**
 * What a viewer's text becomes before anyone sees it (danmaku, names, the room title), shared by the
 * hub (which enforces it), the pages that count characters, and moderation's folding. Pure, no I/O.
 *
 * Text is only ever shown as text (never HTML), so this is about honesty, not markup: what is stored
 * looks like what it is. NFKC folds compatibility forms (full-width letters, ligatures, circled
 * digits); invisible and format characters go (zero-width spaces and joiners, bidi marks, Hangul
 * fillers, Mongolian vowel separator, standalone variation selectors, …) except where an emoji needs
 * them; stacked combining marks are capped.
 */

const PICTO = /\p{Extended_Pictographic}/u;
/** Default-ignorable code points and format characters (incl. U+3164, U+115F, U+1160, U+FFA0, U+180E, U+200B–U+200F, U+2060–U+2064, U+061C, U+FEFF, bidi controls), control characters, lone surrogates, private use. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{Cs}\p{Co}]/u;
/** Not ignorable by Unicode, or turned into a filler by NFKC, but drawn as nothing: treated as a space. */
const BLANK_LOOKING = /[\u2800\u3164\u115F\u1160\uFFA0]/gu;
const VARIATION_SELECTOR = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
const TAG = /[\u{E0020}-\u{E007F}]/u;
const STACKING_MARK = /[\p{Mn}\p{Me}]/u;
const SPACE = /\s/u;
const ZWJ = '\u200D';

/** Combining marks kept per base character (Thai and Vietnamese need at most two; Zalgo needs dozens). */
export const MAX_MARKS_PER_BASE = 2;

const isSkinTone = (ch: string) => ch >= '\u{1F3FB}' && ch <= '\u{1F3FF}';

/**
 * NFKC, then drops invisible characters, keeping only what an emoji sequence needs: a variation
 * selector right after a visible base, a ZWJ between two pictographs, tag characters after 🏴.
 * Caps stacked combining marks. Whitespace is not collapsed here.
 */
export function stripInvisible(raw: string): string {
  const chars = [...raw.normalize('NFKC').replace(BLANK_LOOKING, ' ')];
  const out: string[] = [];
  let marks = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const prev = out[out.length - 1];
    if (INVISIBLE.test(ch)) {
      const keep =
        (VARIATION_SELECTOR.test(ch) && prev !== undefined && !SPACE.test(prev) && !VARIATION_SELECTOR.test(prev)) ||
        (ch === ZWJ && prev !== undefined && (PICTO.test(prev) || VARIATION_SELECTOR.test(prev) || isSkinTone(prev)) && PICTO.test(chars[i + 1] ?? '')) ||
        (TAG.test(ch) && prev !== undefined && (prev === '\u{1F3F4}' || TAG.test(prev)));
      if (keep) out.push(ch);
      continue;
    }
    if (STACKING_MARK.test(ch)) {
      if (prev === undefined || SPACE.test(prev) || ++marks > MAX_MARKS_PER_BASE) continue;
    } else {
      marks = 0;
    }
    out.push(ch);
  }
  return out.join('');
}

/** The cleaned text: invisible characters out, whitespace (newlines and tabs too) collapsed to single spaces, trimmed. */
export function cleanText(raw: string): string {
  return stripInvisible(raw.replace(/[\r\n\t]/g, ' ')).replace(/\s+/gu, ' ').trim();
}

/** True when nothing visible is left: only spaces, marks or emoji-sequence glue. */
export function looksEmpty(text: string): boolean {
  return text.replace(/[\s\p{M}\u200D\u{E0020}-\u{E007F}]/gu, '').length === 0;
}
