/**
 * The one big button: Go Live when idle, Stop when live, disabled with the reason while the pipeline
 * is starting or stopping or cannot start (no ffmpeg, relay down). One click, no confirm: a streamer
 * going live is never surprised by it, and Stop must be instant when something goes wrong on air.
 */
import type { GoLiveStep, PipelineStatus } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';

interface GoLiveButtonProps {
  status: PipelineStatus;
  /** Where Go Live is (devices, encoder, relay, live) and how long reaching the relay took. */
  step?: GoLiveStep | null | undefined;
  goLiveMs?: number | null | undefined;
  /** A reason the stream cannot start now (shown instead of the action), or null. */
  blockedReason: string | null;
  pending: boolean;
  onGoLive: () => void;
  onStop: () => void;
}

export function GoLiveButton({ status, step, goLiveMs, blockedReason, pending, onGoLive, onStop }: GoLiveButtonProps) {
  const { t } = useI18n();
  const live = status === 'live' || status === 'switching';

  if (status === 'starting' || status === 'stopping' || (pending && !live)) {
    const reason = status === 'stopping' ? t('golive.stoppingReason') : step ? t(`golive.step.${step}`) : t('golive.startingReason');
    return (
      <div className="golive">
        <button type="button" className="golive__btn golive__btn--busy" disabled aria-describedby="golive-reason" data-testid={status === 'stopping' ? 'stop' : 'go-live'}>
          <span className="spinner" aria-hidden="true" />
          {status === 'stopping' ? t('golive.stopping') : t('golive.starting')}
        </button>
        <p id="golive-reason" className="golive__reason" data-testid="golive-step">{reason}</p>
      </div>
    );
  }

  if (live) {
    return (
      <div className="golive">
        <button type="button" className="golive__btn golive__btn--stop" onClick={onStop} disabled={pending} data-testid="stop">
          <span className="golive__square" aria-hidden="true" />
          {t('golive.stop')}
        </button>
        <p className="golive__reason" data-testid="golive-step">
          {status === 'switching' ? t('golive.switching') : step === 'relay' ? t('golive.step.relay')
            : goLiveMs ? `${t('golive.liveIn', { s: (goLiveMs / 1000).toFixed(1) })} ${t('golive.liveHint')}` : t('golive.liveHint')}
        </p>
      </div>
    );
  }

  return (
    <div className="golive">
      <button type="button" className="golive__btn golive__btn--go" onClick={onGoLive} disabled={blockedReason !== null} aria-describedby={blockedReason ? 'golive-reason' : undefined} data-testid="go-live">
        <span className="golive__dot" aria-hidden="true" />
        {t('golive.go')}
      </button>
      <p id="golive-reason" className={`golive__reason${blockedReason ? ' is-blocked' : ''}`}>{blockedReason ?? t('golive.idleHint')}</p>
    </div>
  );
}
