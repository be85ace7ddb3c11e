/**
 * The transition of live scene switches (as OBS's transition dock): cut, or fade with a duration in
 * milliseconds. The duration is committed on blur or Enter, clamped to what the settings accept.
 */
import { useEffect, useState } from 'react';
import { TRANSITION_KINDS, type SceneTransition, type TransitionKind } from '../../../../common/pipeline';
import { useI18n } from '../../../shared/i18n/react';

interface TransitionPickerProps {
  value: SceneTransition;
  min: number;
  max: number;
  onChange: (t: SceneTransition) => void;
}

export function TransitionPicker({ value, min, max, onChange }: TransitionPickerProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(String(value.durationMs));
  useEffect(() => setDraft(String(value.durationMs)), [value.durationMs]);
  const label = (k: TransitionKind) => (k === 'fade' ? t('scenes.transitionFade') : t('scenes.transitionCut'));
  const commit = () => {
    const n = Math.round(Number(draft));
    const ms = Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : value.durationMs;
    setDraft(String(ms));
    if (ms !== value.durationMs) onChange({ ...value, durationMs: ms });
  };
  return (
    <div className="field-row scene-transition" role="group" aria-label={t('scenes.transition')}>
      <span className="muted small">{t('scenes.transition')}</span>
      <select value={value.kind} aria-label={t('scenes.transitionKind')} data-testid="transition-kind" onChange={(e) => onChange({ ...value, kind: e.target.value as TransitionKind })}>
        {TRANSITION_KINDS.map((k) => <option key={k} value={k}>{label(k)}</option>)}
      </select>
      {value.kind === 'fade' && (
        <input
          type="number" min={min} max={max} step={50} value={draft} aria-label={t('scenes.transitionDuration')} title={t('scenes.transitionDuration')}
          data-testid="transition-ms" onChange={(e) => setDraft(e.target.value)} onBlur={commit}
          onKeyDown={(e) => { if (e.key === 'Enter') commit(); }}
        />
      )}
    </div>
  );
}
