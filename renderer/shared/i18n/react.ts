/** React binding for the shared i18n: components re-render when the language switches. */
import { useCallback, useSyncExternalStore } from 'react';
import { getLang, onLangChange, setLang, translate, type Lang, type MessageKey, type Params } from './index';

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, params?: Params) => string;
  setLang: (lang: Lang) => void;
}

export function useI18n(): I18n {
  const lang = useSyncExternalStore(onLangChange, getLang, getLang);
  const t = useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
  return { lang, t, setLang };
}
