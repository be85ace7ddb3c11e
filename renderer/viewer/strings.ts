/**
 * UI strings of the viewer page and the overlay: the `viewer.*` messages of the shared catalog
 * (renderer/shared/i18n, zh-CN and en, checked by test/unit/i18n-catalogs.test.ts), with the page's
 * language choice. Language: `?lang=` beats the saved choice beats navigator.language.
 */
import { getLang as sharedLang, onLangChange as sharedOnChange, normalizeLang, setLang as sharedSetLang, translate, type Lang, type MessageKey, type Params } from '../shared/i18n';

export type { Lang } from '../shared/i18n';
export { normalizeLang } from '../shared/i18n';

/** The viewer page's message names, without the `viewer.` prefix. */
export type StringKey = { [K in MessageKey]: K extends `viewer.${infer R}` ? R : never }[MessageKey];

const LANG_KEY = 'danmu.viewer.lang';

export function initLang(search: URLSearchParams): Lang {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(LANG_KEY);
  } catch {
    /* storage disabled */
  }
  const lang = normalizeLang(search.get('lang') ?? saved ?? navigator.language);
  sharedSetLang(lang);
  document.documentElement.lang = lang;
  return lang;
}

export function getLang(): Lang {
  return sharedLang();
}

export function setLang(lang: Lang): void {
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* storage disabled */
  }
  sharedSetLang(lang);
}

export function onLangChange(cb: () => void): void {
  sharedOnChange(() => cb());
}

export function t(key: StringKey, params?: Params): string {
  return translate(sharedLang(), `viewer.${key}` as MessageKey, params);
}
