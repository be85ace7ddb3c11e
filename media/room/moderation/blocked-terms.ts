/**
 * Blocked terms, matched on folded text (see fold.ts): "傻 逼", "ＳＰＡＭ", "s.p.a.m", "ѕраm" and
 * "spaaam" all match the term "spam". A term may contain `*`, a gap of 0–3 characters ("加*信"
 * matches 加微信, 加V信, 加 vx 信), and may be whole-word only (so "ass" does not hit "class"). Each
 * term says what a hit does: mask it in the text, refuse the message, or hold it for review.
 *
 * Patterns are escaped before they become regular expressions and gaps are bounded, so a staff
 * member's term list cannot make matching slow. All terms are tried at once first (one combined
 * expression); only a message that hits anything is examined term by term.
 */
import { fold, type Folded } from './fold';

export type TermAction = 'mask' | 'refuse' | 'hold';

export interface BlockedTerm {
  term: string;
  action: TermAction;
  /** Latin terms: match only whole words of the original text (spaced-out letters still count). */
  wholeWord?: boolean;
}

export interface TermHit {
  term: string;
  action: TermAction;
  /** UTF-16 span of the hit in the original text. */
  start: number;
  end: number;
}

export type TermVerdict =
  | { action: 'allow' }
  | { action: 'mask'; text: string; hits: TermHit[] }
  | { action: 'refuse' | 'hold'; hits: TermHit[] };

export const TERM_LIMITS = { maxTerms: 500, maxTermLength: 50, maxGap: 3 } as const;

interface Compiled { spec: BlockedTerm; re: RegExp }

const SEVERITY: Record<TermAction, number> = { mask: 1, hold: 2, refuse: 3 };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The folded pattern source of a term, or null when a part of it folds to nothing (e.g. "!!!" or "**"). */
export function termSource(term: string): string | null {
  const parts = term.split('*');
  const folded = parts.map((p) => fold(p).chars.join(''));
  // Leading/trailing stars add nothing to a substring match; inner empty parts mean "**" or "* *".
  while (folded.length > 1 && folded[0] === '') folded.shift();
  while (folded.length > 1 && folded[folded.length - 1] === '') folded.pop();
  if (folded.some((p) => p === '')) return null;
  return folded.map(escape).join(`.{0,${TERM_LIMITS.maxGap}}`);
}

/** Why a term list is not usable, in one line per problem (empty when it is fine). */
export function validateTerms(terms: readonly BlockedTerm[]): string[] {
  const problems: string[] = [];
  if (terms.length > TERM_LIMITS.maxTerms) problems.push(`At most ${TERM_LIMITS.maxTerms} blocked terms.`);
  for (const t of terms) {
    if ([...t.term].length > TERM_LIMITS.maxTermLength) problems.push(`"${t.term.slice(0, 20)}…" is longer than ${TERM_LIMITS.maxTermLength} characters.`);
    else if (termSource(t.term) === null) problems.push(`"${t.term}" has no letters or digits to match.`);
  }
  return problems;
}

export class BlockedTermMatcher {
  private readonly compiled: Compiled[];
  private readonly any: RegExp | null;

  /** Terms that cannot match (see validateTerms) are skipped. */
  constructor(terms: readonly BlockedTerm[]) {
    this.compiled = [];
    for (const spec of terms.slice(0, TERM_LIMITS.maxTerms)) {
      const source = termSource(spec.term);
      if (source !== null) this.compiled.push({ spec, re: new RegExp(source, 'gu') });
    }
    this.any = this.compiled.length ? new RegExp(this.compiled.map((c) => `(?:${c.re.source})`).join('|'), 'u') : null;
  }

  get size(): number {
    return this.compiled.length;
  }

  /** Every hit, in text order. */
  match(text: string): TermHit[] {
    if (!this.any) return [];
    const f = fold(text);
    const s = f.chars.join('');
    if (!this.any.test(s)) return [];
    const charAt = charIndex(f);
    const hits: TermHit[] = [];
    for (const { spec, re } of this.compiled) {
      re.lastIndex = 0;
      for (let m = re.exec(s); m; m = re.exec(s)) {
        const first = charAt[m.index]!;
        const last = charAt[m.index + m[0].length]! - 1;
        if (m[0].length === 0) re.lastIndex++;
        if (spec.wholeWord && !(f.wordStart[first] && (last + 1 >= f.chars.length || f.wordStart[last + 1]))) continue;
        hits.push({ term: spec.term, action: spec.action, start: f.start[first]!, end: f.end[last]! });
      }
    }
    return hits.sort((a, b) => a.start - b.start);
  }

  /** What the message's hits add up to: the most severe action wins; masks apply when nothing worse hit. */
  check(text: string): TermVerdict {
    const hits = this.match(text);
    if (hits.length === 0) return { action: 'allow' };
    const worst = hits.reduce((w, h) => (SEVERITY[h.action] > SEVERITY[w] ? h.action : w), 'mask' as TermAction);
    if (worst !== 'mask') return { action: worst, hits: hits.filter((h) => h.action === worst) };
    return { action: 'mask', text: mask(text, hits), hits };
  }
}

/** Replaces every visible character inside the hits with "*" (spaces stay, so the layout reads the same). */
export function mask(text: string, hits: readonly TermHit[]): string {
  let out = '';
  let i = 0;
  for (const h of [...hits].sort((a, b) => a.start - b.start)) {
    if (h.end <= i) continue;
    const from = Math.max(i, h.start);
    out += text.slice(i, from) + [...text.slice(from, h.end)].map((c) => (/\s/u.test(c) ? c : '*')).join('');
    i = h.end;
  }
  return out + text.slice(i);
}

/** UTF-16 index in the folded string → folded character index (one past the end included). */
function charIndex(f: Folded): number[] {
  const out: number[] = [];
  f.chars.forEach((c, i) => { for (let k = 0; k < c.length; k++) out.push(i); });
  out.push(f.chars.length);
  return out;
}
