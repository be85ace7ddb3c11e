/**
 * Folding text for matching (blocked terms, bot-wave similarity): what a person reads as the same
 * text should fold to the same characters, whatever width, case, accents, spacing, punctuation,
 * emoji or look-alike letters were used to dodge a filter. Only letters and digits survive; every
 * other character is a separator. Each folded character remembers which span of the original it
 * came from, so a match can be masked in the original text.
 *
 * Steps per code point: NFKC (full-width ａ→a, ①→1, ㎏→kg, Kangxi radicals → ideographs), lower case,
 * NFD with combining marks dropped (é→e), then a small look-alike table (Cyrillic/Greek letters that
 * read as Latin, common traditional → simplified characters used to dodge Chinese filters) and, for
 * term matching, leetspeak digits (0→o, 1→i, …). Runs of one repeated character collapse to one
 * ("fuuuck" → "fuck"; "哈哈哈" → "哈").
 */

export interface FoldOptions {
  /** How digits fold: 'leet' reads them as the letters they imitate (term matching); 'class' folds every run of digits to one "0" (similarity, where random numbers are noise). */
  digits: 'leet' | 'class';
}

export interface Folded {
  /** Folded characters (one code point each). */
  chars: string[];
  /** UTF-16 span [start, end) in the original text that each folded character came from. */
  start: number[];
  end: number[];
  /** Whether a folded character begins a word (a separator or a script change came before it). */
  wordStart: boolean[];
}

// Letters from other scripts that read as Latin, and which NFKC leaves alone. Lower case only.
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ї: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ь: 'b', ӏ: 'l', ɡ: 'g',
  // Greek
  α: 'a', β: 'b', γ: 'y', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u',
  χ: 'x', ω: 'w',
  // Latin letters with a built-in stroke, which NFD does not split
  ø: 'o', đ: 'd', ħ: 'h', ŧ: 't', ƀ: 'b', ɨ: 'i',
};
const LOOK_ALIKES: Record<string, string> = {
  ...CONFUSABLES,
  // the ambiguous i/l/1 family all reads as i
  l: 'i', ı: 'i', ł: 'i',
  // symbols people type inside words
  '@': 'a', '$': 's',
  // Traditional → simplified, for characters common in spam and abuse (a full table is out of scope).
  費: '费', 領: '领', 膚: '肤', 萬: '万', 錢: '钱', 賺: '赚', 號: '号', 點: '点', 擊: '击', 網: '网',
  紅: '红', 買: '买', 賣: '卖', 獎: '奖', 禮: '礼', 約: '约', 圖: '图', 資: '资', 訊: '讯', 開: '开',
  關: '关', 註: '注', 冊: '册', 們: '们', 這: '这', 個: '个', 來: '来', 說: '说', 話: '话', 時: '时',
  貨: '货', 價: '价', 員: '员', 會: '会', 發: '发', 廣: '广', 戲: '戏', 遊: '游', 殺: '杀',
  媽: '妈', 爺: '爷', 國: '国', 黨: '党', 車: '车', 碼: '码', 連: '连', 結: '结',
  壓: '压', 頁: '页', 戶: '户', 東: '东', 門: '门', 問: '问', 聯: '联', 繫: '系', 務: '务', 優: '优', 錯: '错', 龍: '龙', 鳥: '鸟', 豬: '猪', 騙: '骗', 險: '险', 賭: '赌',
};
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g' };

const KEEP = /^[\p{L}\p{N}]$/u;
const DIGIT = /^\p{Nd}$/u;
const LATIN = /^[\p{Script=Latin}\p{Nd}]$/u;
const MARK = /\p{M}/gu;

// Per code point results are cached: chat uses a small alphabet, folding it again is waste.
const CACHE_MAX = 50_000;
const cache = new Map<string, string[]>();

/** The folded characters one code point becomes (often none: separators, emoji, marks). */
function foldCodePoint(cp: string, digits: FoldOptions['digits']): string[] {
  const key = digits === 'leet' ? cp : `#${cp}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out: string[] = [];
  const base = cp.normalize('NFKC').toLowerCase().normalize('NFD').replace(MARK, '');
  for (const c of base) {
    const mapped = LOOK_ALIKES[c] ?? c;
    if (!KEEP.test(mapped)) continue;
    if (DIGIT.test(mapped)) out.push(digits === 'leet' ? (LEET[mapped] ?? mapped) : '0');
    else out.push(mapped);
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, out);
  return out;
}

export function fold(text: string, opts: FoldOptions = { digits: 'leet' }): Folded {
  const f: Folded = { chars: [], start: [], end: [], wordStart: [] };
  let i = 0;
  let gap = true;
  let prevLatin = false;
  for (const cp of text) {
    const at = i;
    i += cp.length;
    const parts = foldCodePoint(cp, opts.digits);
    if (parts.length === 0) {
      gap = true;
      continue;
    }
    for (const c of parts) {
      const n = f.chars.length;
      // Collapse runs ("!!!", "哈哈哈", "fuuuck", digit runs in 'class' mode) into one character.
      if (n > 0 && f.chars[n - 1] === c) {
        f.end[n - 1] = i;
        continue;
      }
      const latin = LATIN.test(c);
      f.chars.push(c);
      f.start.push(at);
      f.end.push(i);
      // Ideographs are words of their own; Latin words are delimited by separators.
      f.wordStart.push(gap || !latin || !prevLatin);
      prevLatin = latin;
      gap = false;
    }
  }
  return f;
}

/**
 * Width, case, accents and letters from other scripts that read as Latin, with punctuation and
 * spacing kept (for finding links, where dots matter).
 */
export function deconfuse(text: string): string {
  let out = '';
  for (const c of text.normalize('NFKC').toLowerCase().normalize('NFD').replace(MARK, '')) out += CONFUSABLES[c] ?? c;
  return out;
}

/** The folded text as one string, for keys and quick comparisons. */
export function foldToString(text: string, opts?: FoldOptions): string {
  return fold(text, opts).chars.join('');
}
