/** A read-only value that is hidden until revealed (stream keys: a streamer's screen is often on air). */
import { useState } from 'react';
import { useI18n } from '../../../shared/i18n/react';
import { CopyButton } from '../common/CopyButton';
import { Icon } from '../common/Icon';

export function ReadOnlyField({ label, value, secret, testId }: { label: string; value: string; secret?: boolean; testId?: string }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(!secret);
  return (
    <div className="ro-field">
      <span className="ro-field__label">{label}</span>
      <div className="ro-field__row">
        <code className="ro-field__value mono" data-testid={testId}>{shown ? value : '•'.repeat(Math.min(24, Math.max(8, value.length)))}</code>
        {secret && (
          <button type="button" className="icon-btn" onClick={() => setShown((s) => !s)} aria-pressed={shown} aria-label={shown ? t('common.hide') : t('common.reveal')} title={shown ? t('common.hide') : t('common.reveal')}>
            <Icon name={shown ? 'eyeOff' : 'eye'} />
          </button>
        )}
        <CopyButton text={value} label={t('common.copyLabel', { what: label })} />
      </div>
    </div>
  );
}
