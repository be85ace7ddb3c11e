/** Copies text with the async clipboard API (works in Electron and on 127.0.0.1) and says so briefly. */
import { useEffect, useState } from 'react';
import { useI18n } from '../../../shared/i18n/react';
import { Icon } from './Icon';

export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };

  const tip = state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : label;
  return (
    <button type="button" className={`icon-btn copy-btn copy-btn--${state}`} onClick={copy} aria-label={label} title={tip} data-testid={testId}>
      <Icon name="copy" />
      <span className="sr-live" aria-live="polite">{state === 'idle' ? '' : tip}</span>
    </button>
  );
}
