/**
 * Finding links in danmaku, including the usual disguises: full-width and look-alike letters,
 * spaces around the dot, "dot", "点", "。" or "[.]" for the dot. A bare word never counts; a name
 * needs a known top-level domain or a scheme or "www.".
 */
import { deconfuse } from './fold';

const TLDS = 'com|cn|net|org|io|tv|me|cc|xyz|top|info|co|ly|gg|app|dev|link|live|site|shop|vip|club|ru|jp|uk|de|fr|tk|ml|ga|cf|gq|to|sh|la|in|us|hk|tw|kr|online|store|fun|icu|work|biz';
const DOT = /\s*(?:\[\s*\.\s*\]|\(\s*\.\s*\)|\[\s*dot\s*\]|\(\s*dot\s*\)|\bdot\b|点|。|｡|·|\.)\s*/gu;
const LINK = new RegExp(String.raw`(?:https?|ftp)\s*:\s*/\s*/\s*\S+|\bwww\.\S+|\b[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63})*\.(?:${TLDS})(?![a-z0-9])(?:/\S*)?`, 'gu');

/** The links in a text, as found (after undoing the disguises). */
export function findLinks(text: string): string[] {
  const plain = deconfuse(text).replace(DOT, '.');
  return [...plain.matchAll(LINK)].map((m) => m[0]);
}
