/**
 * One output's live state: connecting / live / reconnecting / failed, and when it is not live, why
 * (the cause in the reader's language, naming the host) and when the next try starts.
 */
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

/** Why the output is not live and when it tries again; nothing while it is live or has no error. */
export function OutputError({ status }: { status: OutputStatus | undefined }) {
  const { t, lang } = useI18n();
  const e = status?.error;
  if (!status || !e || status.state === 'live' || status.state === 'stopped') return null;
  const next = status.nextRetryAt ? new Date(status.nextRetryAt).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : null;
  return (
    <p className="output-row__error" role="status" title={e.detail} data-testid={`output-error-${status.id}`}>
      {t(`outputs.error.${e.code}`, { host: e.host, detail: e.detail })}
      {next && <span className="muted"> · {t('outputs.nextRetry', { time: next })}</span>}
    </p>
  );
}
