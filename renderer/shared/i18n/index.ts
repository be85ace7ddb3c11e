/**
 * A tiny typed i18n shared by the studio UI and the viewer page. Message keys come from the zh-CN
 * catalog (the product's first language); en.ts is typed against them, so a key missing from (or
 * extra in) either catalog is a compile error. Pure module: no React, no DOM types, so Node tests
 * can import it; the React binding lives in ./react.ts.
 */
import { zhCN, type MessageKey } from './zh-CN';
import { en } from './en';

export type { MessageKey } from './zh-CN';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

export type Params = Record<string, string | number>;

const catalogs: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** Maps any BCP 47 tag to a supported language: every Chinese variant reads the zh-CN catalog, the rest English. */
export function normalizeLang(tag: string | null | undefined): Lang {
  if (!tag) return 'en';
  return tag.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function isLang(v: unknown): v is Lang {
  return v === 'zh-CN' || v === 'en';
}

const numberFormats = new Map<Lang, Intl.NumberFormat>();
function formatNumber(lang: Lang, n: number): string {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
    numberFormats.set(lang, f);
  }
  return f.format(n);
}

/**
 * Plural forms, ICU style: `{n, plural, one {# like} other {# likes}}` (`#` is the number, localized).
 * The category comes from Intl.PluralRules, so "1 like" / "2 likes" in English and one form in Chinese.
 */
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const pluralRules = new Map<Lang, Intl.PluralRules>();

function pluralOption(lang: Lang, options: string, value: string | number | undefined): string | undefined {
  if (typeof value !== 'number') return undefined;
  const forms = new Map([...options.matchAll(/(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g)].map((m) => [m[1]!, m[2]!]));
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  const form = forms.get(`=${value}`) ?? forms.get(rules.select(value)) ?? forms.get('other');
  return form?.replace(/#/g, formatNumber(lang, value));
}

/** The parameter names a message uses, plural arguments included. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]!))].sort();
}

/**
 * Fills `{name}` placeholders. Numbers are localized (1,234); a placeholder without a value is left
 * visible rather than blanked, so a missing param shows up in screenshots instead of hiding.
 */
export function interpolate(lang: Lang, template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(PLURAL, (whole, name: string, options: string) => pluralOption(lang, options, params[name]) ?? whole).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(lang, v) : v;
  });
}

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

/**
 * Messages from the core carry a stable `code` (+ `params`) beside their English `text`: the UI
 * reads `<prefix>.<code>` when the catalog has it, else shows the text (a code added to the core
 * before the UI knows it still reads well in English).
 */
export function translateCoded(lang: Lang, prefix: string, m: { code?: string | undefined; text: string; params?: Params | undefined }): string {
  const key = m.code ? `${prefix}.${m.code}` : '';
  return hasMessage(key) ? translate(lang, key, m.params) : m.text;
}

/**
 * A refusal from the studio (a StudioError, or anything thrown) in the user's language: its coded
 * `detail` (`studioError.<code>`) when the catalog has it, else its message as is.
 */
export function errorText(lang: Lang, err: unknown): string {
  const e = (err ?? {}) as { message?: unknown; detail?: { code?: string; params?: Params } | null };
  const text = typeof e.message === 'string' ? e.message : String(err);
  return translateCoded(lang, 'studioError', { code: e.detail?.code, params: e.detail?.params, text });
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const template = catalogs[lang][key] ?? catalogs['zh-CN'][key] ?? key;
  return interpolate(lang, template, params);
}

// ---- current language (one per page) ----

let current: Lang = 'en';
const listeners = new Set<(lang: Lang) => void>();

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  for (const l of listeners) l(lang);
}

export function onLangChange(cb: (lang: Lang) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

export function t(key: MessageKey, params?: Params): string {
  return translate(current, key, params);
}

/**
 * Picks the start-up language: an explicit choice (settings, saved preference) wins, otherwise the
 * browser's language list. Takes its inputs as arguments so it is testable without a browser.
 */
export function detectLang(saved: string | null | undefined, browserLangs: readonly string[] = []): Lang {
  if (isLang(saved)) return saved;
  for (const tag of browserLangs) {
    if (tag) return normalizeLang(tag);
  }
  return 'en';
}

/** The browser's preferred languages, or [] outside a browser. */
export function browserLanguages(): string[] {
  const nav = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } }).navigator;
  if (!nav) return [];
  if (nav.languages && nav.languages.length) return [...nav.languages];
  return nav.language ? [nav.language] : [];
}
