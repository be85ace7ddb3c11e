/** 中文 / English: applies at once, and is saved to the studio settings so it sticks across restarts. */
import { LANGS, type Lang } from '../../../shared/i18n';
import { useI18n } from '../../../shared/i18n/react';

/** Each language is named in itself, so a streamer who cannot read the current one still finds theirs. */
export const NATIVE_NAMES: Record<Lang, string> = { 'zh-CN': '中文', en: 'English' };

export function LanguageSwitch({ onChange }: { onChange: (lang: Lang) => void }) {
  const { lang, t } = useI18n();
  return (
    <div className="segmented" role="group" aria-label={t('topbar.language')} data-testid="lang-switch">
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="segmented__item"
          aria-pressed={l === lang}
          onClick={() => onChange(l)}
          data-testid={`lang-${l}`}
        >
          {NATIVE_NAMES[l]}
        </button>
      ))}
    </div>
  );
}
