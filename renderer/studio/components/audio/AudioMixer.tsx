/** The edited scene's audio sources (microphone, desktop audio...), each with volume, mute and level. */
import type { AudioSource, PipelineStats } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { Icon } from '../common/Icon';
import { AudioRow } from './AudioRow';

interface AudioMixerProps {
  sources: AudioSource[];
  levels: PipelineStats['levels'] | undefined;
  onChange: (id: string, patch: { volume?: number; muted?: boolean }) => void;
  onRemove: (id: string) => void;
  onAdd: () => void;
}

export function AudioMixer({ sources, levels, onChange, onRemove, onAdd }: AudioMixerProps) {
  const { t } = useI18n();
  return (
    <section className="panel mixer" aria-label={t('audio.title')}>
      <header className="panel__header">
        <h2>{t('audio.title')}</h2>
        <button type="button" className="icon-btn" onClick={onAdd} aria-label={t('audio.add')} title={t('audio.add')}>
          <Icon name="plus" />
        </button>
      </header>
      {sources.length === 0 ? (
        <p className="panel__empty">{t('audio.empty')}</p>
      ) : (
        <ul className="audio-list">
          {sources.map((s) => (
            <AudioRow key={s.id} source={s} level={levels?.[s.id]} onChange={(p) => onChange(s.id, p)} onRemove={() => onRemove(s.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}
