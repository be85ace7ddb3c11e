/** One output's live state: connecting / live / reconnecting (with the retry countdown) / failed with the reason. */
import type { OutputStatus } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';

export function OutputState({ status }: { status: OutputStatus | undefined }) {
  const { t } = useI18n();
  if (!status) return <span className="out-state out-state--off">{t('outputs.state.idle')}</span>;
  const retry = status.state === 'reconnecting' && status.retryInMs !== null ? ` · ${t('outputs.retryIn', { s: Math.ceil(status.retryInMs / 1000) })}` : '';
  return (
    <span className={`out-state out-state--${status.state}`} title={status.lastError ?? undefined} data-testid={`output-state-${status.id}`}>
      <span className="out-state__dot" aria-hidden="true" />
      {t(`outputs.state.${status.state}`)}{retry}
    </span>
  );
}
