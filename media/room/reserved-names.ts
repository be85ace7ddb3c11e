/**
 * Names only the host, moderators and the system may carry. A viewer's name is compared after
 * moderation's folding (./moderation/fold.ts: width, case, accents, look-alike letters from other
 * scripts, 0/O and 1/l/I, punctuation and spaces, repeated letters), so "Ｈｏｓｔ", "H0st", "Ηοѕt"
 * (Greek and Cyrillic), "主 播" and "S.y.s.t.e.m" are all the host or the system.
 */
import { foldToString } from './moderation/fold';

/** Capitals that read as another Latin letter than their lower case does (Greek Η is H, η is n), and traditional forms of reserved words. */
const BEFORE_FOLDING: Record<string, string> = { Η: 'H', Ν: 'N', Υ: 'Y', Μ: 'M', Ζ: 'Z', 統: '统', 係: '系' };
const BEFORE = new RegExp(`[${Object.keys(BEFORE_FOLDING).join('')}]`, 'gu');

/** Folding for comparison; the same one blocked terms use, plus capitals that read differently and rn → m. */
export function foldForMatching(text: string): string {
  return foldToString(text.replace(BEFORE, (c) => BEFORE_FOLDING[c] ?? c)).replace(/rn/g, 'm');
}

export const RESERVED_NAMES: readonly string[] = [
  '主播', '房管', '管理员', '管理', '系统', '官方', '超管', '房主',
  'host', 'system', 'moderator', 'mod', 'admin', 'administrator', 'owner', 'streamer', 'staff', 'official',
];
/** Words that, next to a reserved name, still read as that name ("System message", "官方主播", "the real host"). */
const FILLERS = ['', 'the', 'real', 'official', 'message', 'msg', 'notice', 'bot', 'team', 'account', '官方', '本人', '消息', '通知', '公告', '真', '正'];

const folded = (words: readonly string[]) => [...new Set(words.map(foldForMatching))];
const RESERVED = folded(RESERVED_NAMES).sort((a, b) => b.length - a.length);
const FILLER = folded(FILLERS).filter((f) => f !== '');

/**
 * Whether a viewer's name would pass for the host, a moderator or the system: after folding it is a
 * reserved name, alone or between filler words. Names that merely contain one ("主播的粉丝") are fine.
 */
export function isReservedName(name: string): boolean {
  // Folded whole ("S.y.s.t.e.m") and word by word, so folding's run collapsing cannot glue a
  // reserved word to a filler ("System message" would fold to "systemesage").
  const whole = foldForMatching(name);
  const byWords = name.split(/\s+/u).map(foldForMatching).join('');
  return (whole !== '' && reservedKey(whole)) || (byWords !== whole && reservedKey(byWords));
}

function reservedKey(key: string): boolean {
  return RESERVED.some((r) => {
    for (let at = key.indexOf(r); at >= 0; at = key.indexOf(r, at + 1)) {
      if (isFillers(key.slice(0, at)) && isFillers(key.slice(at + r.length))) return true;
    }
    return false;
  });
}

/** Whether `rest` is made only of filler words (or is empty). */
function isFillers(rest: string): boolean {
  return rest === '' || FILLER.some((f) => rest.startsWith(f) && isFillers(rest.slice(f.length)));
}
