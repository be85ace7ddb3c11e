/**
 * One mixer channel: name, mute, noise suppression, volume in dB (-60..+6, the scene model allows up
 * to 2× gain) and the live level, or why there is none (device missing, would not open). The slider
 * previews locally and saves after the hand stops, not on every step.
 */
import { useEffect, useRef, useState } from 'react';
import type { AudioLevel, AudioSource, AudioSourceMeterState } from '../../../../common/studio-api';
import { translateCoded } from '../../../shared/i18n';
import { useI18n } from '../../../shared/i18n/react';
import { formatDb, gainToDb } from '../../logic/format';
import { Icon } from '../common/Icon';
import { LevelMeter } from './LevelMeter';

const MIN_DB = -60;
const MAX_DB = 6;
const SAVE_AFTER_MS = 300;

export type AudioPatch = Partial<Pick<AudioSource, 'volume' | 'muted' | 'noiseSuppression'>>;

function dbToGain(db: number): number {
  return db <= MIN_DB ? 0 : Math.min(2, 10 ** (db / 20));
}

interface AudioRowProps {
  source: AudioSource;
  level: AudioLevel | undefined;
  meter: AudioSourceMeterState | undefined;
  onChange: (patch: AudioPatch) => void;
  onRemove: () => void;
}

export function AudioRow({ source, level, meter, onChange, onRemove }: AudioRowProps) {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const volume = draft ?? source.volume;
  const db = Math.max(MIN_DB, gainToDb(volume));
  const kindLabel = t(source.kind === 'desktop' ? 'audio.desktop' : source.kind === 'tone' ? 'audio.tone' : 'audio.microphone');
  const name = source.name || kindLabel;
  const ns = Boolean(source.noiseSuppression);
  const problem = meter?.state === 'missing' ? translateCoded(lang, 'pipelineNote', meter.note)
    : meter?.state === 'failed' ? t('audio.failed', { reason: meter.reason }) : null;

  const onSlide = (v: number) => {
    const gain = dbToGain(v);
    setDraft(gain);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      onChange({ volume: Math.round(gain * 1000) / 1000 });
      setDraft(null);
    }, SAVE_AFTER_MS);
  };

  return (
    <li className={`audio-row${source.muted ? ' is-muted' : ''}${problem ? ' is-missing' : ''}`} data-testid={`audio-${source.id}`} data-meter={meter?.state ?? 'none'}>
      <div className="audio-row__head">
        <Icon name={source.kind === 'desktop' ? 'speaker' : 'mic'} size={14} />
        <span className="audio-row__name ellipsis" title={name}>{name}</span>
        <span className="audio-row__db mono">{volume === 0 ? formatDb(-Infinity) : formatDb(gainToDb(volume))}</span>
        <button type="button" className={`chip-btn${ns ? ' is-on' : ''}`} onClick={() => onChange({ noiseSuppression: !ns })} aria-pressed={ns}
          aria-label={t('audio.noiseNamed', { name })} title={t('audio.noiseHint')} data-testid={`audio-ns-${source.id}`}>
          {t('audio.noise')}
        </button>
        <button type="button" className={`icon-btn icon-btn--sm${source.muted ? ' is-danger' : ''}`} onClick={() => onChange({ muted: !source.muted })} aria-pressed={source.muted} aria-label={t(source.muted ? 'audio.unmuteNamed' : 'audio.muteNamed', { name })} title={t(source.muted ? 'audio.unmute' : 'audio.mute')}>
          <Icon name={source.muted ? 'muted' : 'speaker'} size={14} />
        </button>
        <button type="button" className="icon-btn icon-btn--sm" onClick={onRemove} aria-label={t('audio.removeNamed', { name })} title={t('audio.remove')}>
          <Icon name="trash" size={14} />
        </button>
      </div>
      <LevelMeter level={problem ? undefined : level} muted={source.muted} label={t('audio.levelOf', { name })} />
      {problem && <p className="audio-row__note small" role="note" data-testid={`audio-note-${source.id}`}>{problem}</p>}
      <input
        type="range"
        className="slider"
        min={MIN_DB}
        max={MAX_DB}
        step={0.5}
        value={db}
        onChange={(e) => onSlide(Number(e.target.value))}
        aria-label={t('audio.volumeOf', { name })}
        aria-valuetext={formatDb(db)}
      />
    </li>
  );
}
