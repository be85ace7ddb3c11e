/** The timeout presets as menu items: one group shared by the console's and the studio feed's menus. */
import { useI18n } from '../i18n/react';
import { PRESETS, presetLabel } from './format';

export function TimeoutPresets({ onPick }: { onPick(seconds: number | 'stream'): void }) {
  const { t } = useI18n();
  return (
    <div className="mc-menu__group" role="group" aria-label={t('console.timeout')}>
      <span className="mc-menu__label">{t('console.timeout')}</span>
      {PRESETS.map((p) => {
        const [key, params] = presetLabel(p);
        return <button key={String(p)} type="button" role="menuitem" onClick={() => onPick(p)}>{t(key, params)}</button>;
      })}
    </div>
  );
}
