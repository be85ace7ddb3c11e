/**
 * What viewers get: the relay's own output played back (HTTP-FLV through mpegts.js), not a local
 * preview, so the streamer sees the real delay and any encoder trouble. Muted by default so the
 * studio does not echo the stream into the microphone.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../../shared/i18n/react';
import { useFlvPlayer } from '../../hooks/use-flv-player';
import type { ProgramFeed } from '../../logic/program-feed';
import { Icon } from '../common/Icon';

interface ProgramMonitorProps {
  /** HTTP-FLV URL of the room, or null when nothing is published. */
  flvUrl: string | null;
  /** How far the encoder's stream is behind real time (measured from its progress), or null. */
  encoderLagSec?: number | null;
  /** Muted (default); the mixer's monitor button and this one share the state. */
  muted?: boolean;
  onMuted?: (muted: boolean) => void;
  /** Where the playing <video> is offered to the scene editor (it draws the on-air scene from it). */
  feed?: ProgramFeed;
}

export function ProgramMonitor({ flvUrl, encoderLagSec = null, muted: mutedProp, onMuted, feed }: ProgramMonitorProps) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [mutedHere, setMutedHere] = useState(true);
  const muted = mutedProp ?? mutedHere;
  const setMuted = (next: (m: boolean) => boolean) => (onMuted ? onMuted(next(muted)) : setMutedHere(next));
  // Monitoring the sound keeps the player running while the page is hidden; a muted one stops.
  const listening = useRef(false);
  listening.current = !muted;
  const { state, latencySec } = useFlvPlayer(video, flvUrl, listening);
  useEffect(() => {
    if (!feed) return;
    feed.set(state === 'playing' ? video.current : null);
    return () => feed.set(null);
  }, [feed, state]);
  const offline = !flvUrl;

  return (
    <section className="panel program" aria-label={t('program.title')}>
      <header className="panel__header">
        <h2>{t('program.title')}</h2>
        {/* Both parts are measured: what this player holds in its buffer, plus how far the encoder's
            stream is behind the wall clock (not assumed from a player setting). */}
        <span className="program__latency mono" data-testid="program-latency"
          title={latencySec !== null ? t('program.latencyHint', { player: latencySec.toFixed(1), encoder: (encoderLagSec ?? 0).toFixed(1) }) : undefined}>
          {latencySec !== null ? t('program.latency', { s: (latencySec + (encoderLagSec ?? 0)).toFixed(1) }) : ''}
        </span>
        <button type="button" className="icon-btn" onClick={() => setMuted((m) => !m)} aria-pressed={!muted} aria-label={muted ? t('program.unmute') : t('program.mute')} title={muted ? t('program.unmute') : t('program.mute')} disabled={offline}>
          <Icon name={muted ? 'muted' : 'speaker'} />
        </button>
      </header>
      <div className="program__screen">
        <video ref={video} className="program__video" muted={muted} playsInline autoPlay data-testid="program-monitor" hidden={offline} />
        {offline && (
          <div className="program__placeholder">
            <span className="program__offline">{t('program.offline')}</span>
            <span className="muted small">{t('program.offlineHint')}</span>
          </div>
        )}
        {!offline && state !== 'playing' && (
          <div className="program__overlay" role="status">
            {state === 'unsupported' ? t('program.unsupported') : state === 'error' ? t('program.reconnecting') : t('program.connecting')}
          </div>
        )}
      </div>
    </section>
  );
}
