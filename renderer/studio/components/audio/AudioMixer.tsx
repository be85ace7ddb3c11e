/**
 * The edited scene's audio sources (microphone, desktop audio...), each with its live level (on air
 * or not: see use-audio-levels.ts), volume, mute and noise suppression; and "monitor the stream":
 * the studio plays what viewers hear (the relay's own output, in the program monitor).
 */
import type { AudioSource, StudioApi } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { useAudioLevels } from '../../hooks/use-audio-levels';
import { Icon } from '../common/Icon';
import { AudioRow, type AudioPatch } from './AudioRow';

interface AudioMixerProps {
  api: StudioApi;
  sceneId: string;
  sources: AudioSource[];
  /** The studio plays the stream's sound (the program monitor is unmuted). */
  monitoring: boolean;
  /** There is a stream to listen to (live). */
  canMonitor: boolean;
  onMonitor: (on: boolean) => void;
  onChange: (id: string, patch: AudioPatch) => void;
  onRemove: (id: string) => void;
  onAdd: () => void;
}

export function AudioMixer({ api, sceneId, sources, monitoring, canMonitor, onMonitor, onChange, onRemove, onAdd }: AudioMixerProps) {
  const { t } = useI18n();
  const update = useAudioLevels(api, sceneId);
  const monitorLabel = t(!canMonitor ? 'audio.monitorOffline' : monitoring ? 'audio.monitorOff' : 'audio.monitorOn');
  return (
    <section className="panel mixer" aria-label={t('audio.title')}>
      <header className="panel__header">
        <h2>{t('audio.title')}</h2>
        <span className="mixer__source small muted" data-testid="mixer-source" title={update ? t(update.from === 'program' ? 'audio.fromProgramHint' : 'audio.fromMeterHint') : undefined}>
          {update ? t(update.from === 'program' ? 'audio.fromProgram' : 'audio.fromMeter') : ''}
        </span>
        <button type="button" className={`icon-btn${monitoring && canMonitor ? ' is-active' : ''}`} onClick={() => onMonitor(!monitoring)} aria-pressed={monitoring && canMonitor}
          aria-label={monitorLabel} title={monitorLabel} disabled={!canMonitor} data-testid="mixer-monitor">
          <Icon name={monitoring && canMonitor ? 'speaker' : 'muted'} />
        </button>
        <button type="button" className="icon-btn" onClick={onAdd} aria-label={t('audio.add')} title={t('audio.add')}>
          <Icon name="plus" />
        </button>
      </header>
      {sources.length === 0 ? (
        <p className="panel__empty">{t('audio.empty')}</p>
      ) : (
        <ul className="audio-list">
          {sources.map((s) => (
            <AudioRow key={s.id} source={s} level={update?.levels[s.id]} meter={update?.sources[s.id]} onChange={(p) => onChange(s.id, p)} onRemove={() => onRemove(s.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}
