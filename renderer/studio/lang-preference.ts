/**
 * The language chosen last, kept in localStorage so the first paint (before the core's settings
 * arrive) is already in the streamer's language instead of flashing the browser default.
 */
import { browserLanguages, detectLang, type Lang } from '../shared/i18n';

const KEY = 'danmu-studio.lang';

export function initialLang(): Lang {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch {
    // storage disabled (privacy mode): fall back to the browser's language
  }
  return detectLang(saved, browserLanguages());
}

export function saveLangPreference(lang: Lang): void {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // not persisted: the core's settings still carry the choice
  }
}
