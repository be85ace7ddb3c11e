/** Which language the studio page shows once the core's settings are known (pure: unit-tested without a browser). */
import type { StudioSettings } from '../../../common/studio-api';
import { browserLanguages, detectLang, type Lang } from '../../shared/i18n';

/**
 * The page's language once the core's settings are known: the saved language, unless nobody named one
 * (OS locale C/POSIX, no choice yet); then the browser's, which the page saves once (`settle`) so the
 * core's notes and default names follow it too.
 */
export function pageLanguage(ui: StudioSettings['ui'], browserLangs: readonly string[] = browserLanguages()): { lang: Lang; settle: boolean } {
  if (ui.languageSource !== 'unknown') return { lang: ui.language, settle: false };
  const lang = detectLang(null, browserLangs);
  return { lang, settle: lang !== ui.language };
}
