/** LIVE with the broadcast's uptime, or the pipeline's current phase when not live. */
import type { PipelineState } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { useNow } from '../../hooks/use-now';
import { formatUptime } from '../../logic/format';

export function LiveBadge({ state }: { state: PipelineState }) {
  const { t } = useI18n();
  const live = state.status === 'live' || state.status === 'switching';
  const now = useNow(1000, live && state.since !== null);
  if (live) {
    return (
      <span className="live-badge live-badge--on" data-testid="live-badge">
        <span className="live-badge__dot" aria-hidden="true" />
        {t('status.liveBadge')}
        {state.since !== null && <span className="live-badge__time">{formatUptime(now - state.since)}</span>}
      </span>
    );
  }
  return (
    <span className={`live-badge live-badge--${state.status}`} data-testid="live-badge">
      {t(`pipeline.status.${state.status}`)}
    </span>
  );
}
