/**
 * Folding for comparison: two strings that a reader would take for the same word fold to the same
 * key. Used for reserved names (below) and by moderation's blocked-terms matcher. Never shown.
 *
 * Steps: the display cleaning of ./text (NFKC: full-width → ASCII; invisible characters out), then
 * accents off, a small confusables table (Cyrillic and Greek look-alikes, 0/O, 1/l/I/|, 5/S, @/a,
 * rn/m, a few traditional Chinese forms), lower case, and everything that is not a letter or a digit
 * (spaces, punctuation, symbols, emoji) removed. Deliberately a skeleton in the spirit of Unicode
 * TS #39, not the full confusables data: it catches the tricks people type, and collisions between
 * innocent words only matter for reserved names, which are few.
 */
import { stripInvisible } from '../../common/text-clean';

/** Look-alikes by what they look like, checked before lower-casing (case matters: Cyrillic Н looks like H). */
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  А: 'a', а: 'a', В: 'b', в: 'b', Е: 'e', е: 'e', Ё: 'e', ё: 'e', К: 'k', к: 'k', М: 'm', м: 'm', Н: 'h', н: 'h',
  О: 'o', о: 'o', Р: 'p', р: 'p', С: 'c', с: 'c', Т: 't', т: 't', У: 'y', у: 'y', Х: 'x', х: 'x', Ѕ: 's', ѕ: 's',
  І: 'l', і: 'l', Ї: 'l', ї: 'l', Ј: 'j', ј: 'j', Ԁ: 'd', ԁ: 'd', Ү: 'y', ү: 'y', Һ: 'h', һ: 'h', Ԛ: 'q', ԛ: 'q', Ԝ: 'w', ԝ: 'w',
  // Greek
  Α: 'a', α: 'a', Β: 'b', β: 'b', Ε: 'e', ε: 'e', Ζ: 'z', Η: 'h', η: 'n', Ι: 'l', ι: 'l', Κ: 'k', κ: 'k', Μ: 'm',
  Ν: 'n', ν: 'v', Ο: 'o', ο: 'o', Ρ: 'p', ρ: 'p', Τ: 't', τ: 't', Υ: 'y', υ: 'u', Χ: 'x', χ: 'x', ω: 'w', σ: 'o',
  // Latin and digits that pass for letters
  I: 'l', i: 'l', '1': 'l', '|': 'l', '!': 'l', ı: 'l', ł: 'l', '0': 'o', '3': 'e', '4': 'a', '@': 'a', '5': 's', $: 's',
  '7': 't', '8': 'b', '9': 'g', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', þ: 'p',
  // Traditional forms of the reserved Chinese words
  員: '员', 統: '统', 係: '系', 繫: '系', 號: '号', 專: '专', 屬: '属',
};

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;

/** The comparison key of `text` ('' when nothing letter-like is in it). */
export function foldForMatching(text: string): string {
  const base = stripInvisible(text).normalize('NFD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of base) out += CONFUSABLES[ch] ?? CONFUSABLES[ch.toLowerCase()] ?? ch.toLowerCase();
  return out.replace(NOT_LETTER_OR_DIGIT, '').replace(/rn/g, 'm').replace(/vv/g, 'w');
}

/** Names only the host, moderators and the system may carry (checked for viewers). */
export const RESERVED_NAMES: readonly string[] = [
  '主播', '房管', '管理员', '管理', '系统', '官方', '超管', '房主',
  'host', 'system', 'moderator', 'mod', 'admin', 'administrator', 'owner', 'streamer', 'staff', 'official',
];
/** Words that, next to a reserved name, still read as that name ("System message", "官方主播", "the real host"). */
const FILLERS = ['', 'the', 'real', 'official', 'message', 'msg', 'notice', 'bot', 'team', 'account', '官方', '本人', '消息', '通知', '公告', '真', '正'];

const folded = (words: readonly string[]) => [...new Set(words.map(foldForMatching))];
const RESERVED = folded(RESERVED_NAMES).sort((a, b) => b.length - a.length);
const FILLER = new Set(folded(FILLERS));

/**
 * Whether a viewer's name would pass for the host, a moderator or the system: after folding it is a
 * reserved name, possibly between filler words ("System message", "官方 主播", "H0st", "Ｈｏｓｔ",
 * "Ηοѕt" in Greek and Cyrillic, "主 播"). Names that merely contain one ("主播的粉丝") are fine.
 */
export function isReservedName(name: string): boolean {
  const key = foldForMatching(name);
  if (key.length === 0) return false;
  return RESERVED.some((r) => {
    for (let at = key.indexOf(r); at >= 0; at = key.indexOf(r, at + 1)) {
      if (isFillers(key.slice(0, at)) && isFillers(key.slice(at + r.length))) return true;
    }
    return false;
  });
}

/** Whether `rest` is made of filler words (or is empty). */
function isFillers(rest: string): boolean {
  if (FILLER.has(rest)) return true;
  for (const f of FILLER) if (f && rest.startsWith(f) && isFillers(rest.slice(f.length))) return true;
  return false;
}
