/** Room settings: slow mode, pause, link policy, minimum account age and the blocked terms. */
import { useState } from 'react';
import type { BlockedTermSpec, LinkPolicy, RoomSettings, TermAction } from '../../../common/room-protocol';
import { useI18n } from '../i18n/react';
import type { ConsoleApi } from './use-console';

const SLOW = [0, 3, 5, 10, 30, 60, 120, 300];
const AGES = [0, 60, 600, 3600, 86_400, 7 * 86_400];
const ACTIONS: TermAction[] = ['mask', 'hold', 'refuse'];

export function SettingsPanel({ settings, actions }: { settings: RoomSettings | null; actions: ConsoleApi['actions'] }) {
  const { t } = useI18n();
  const [term, setTerm] = useState('');
  const [action, setAction] = useState<TermAction>('mask');
  const [error, setError] = useState<string | null>(null);
  if (!settings) return <p className="mc-empty">{t('console.connecting')}</p>;
  const save = async (patch: Partial<RoomSettings>) => {
    const o = await actions.settings(patch);
    setError(o.ok ? null : o.message);
    return o.ok;
  };
  const setTerms = (terms: BlockedTermSpec[]) => save({ blockedTerms: terms });
  return (
    <form className="mc-settings" onSubmit={(e) => e.preventDefault()} data-testid="console-settings">
      <label>
        <span>{t('console.slowMode')}</span>
        <select value={settings.slowModeSeconds} onChange={(e) => void save({ slowModeSeconds: Number(e.target.value) })}>
          {SLOW.map((s) => <option key={s} value={s}>{s === 0 ? t('console.off') : t('console.seconds', { n: s })}</option>)}
        </select>
      </label>
      <label className="mc-check">
        <input type="checkbox" checked={settings.chatPaused} onChange={(e) => void save({ chatPaused: e.target.checked })} />
        <span>{t('console.pauseChat')}</span>
      </label>
      <label>
        <span>{t('console.links')}</span>
        <select value={settings.linkPolicy} onChange={(e) => void save({ linkPolicy: e.target.value as LinkPolicy })}>
          {(['allow', 'hold', 'refuse'] as const).map((p) => <option key={p} value={p}>{t(`console.linkPolicy.${p}`)}</option>)}
        </select>
      </label>
      <label>
        <span>{t('console.minAge')}</span>
        <select value={settings.minAccountAgeSeconds} onChange={(e) => void save({ minAccountAgeSeconds: Number(e.target.value) })}>
          {AGES.map((s) => <option key={s} value={s}>{s === 0 ? t('console.off') : s < 3600 ? t('console.minutes', { n: s / 60 }) : s < 86_400 ? t('console.hours', { n: s / 3600 }) : t('console.days', { n: s / 86_400 })}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>{t('console.blockedTerms')}</legend>
        <p className="mc-dim">{t('console.blockedTermsHint')}</p>
        <ul className="mc-list">
          {settings.blockedTerms.map((b, i) => (
            <li key={`${b.term}-${i}`} className="mc-term">
              <span className="mono">{b.term}</span>
              <select value={b.action} aria-label={t('console.termAction')} onChange={(e) => void setTerms(settings.blockedTerms.map((x, j) => (j === i ? { ...x, action: e.target.value as TermAction } : x)))}>
                {ACTIONS.map((a) => <option key={a} value={a}>{t(`console.termAction.${a}`)}</option>)}
              </select>
              <button type="button" className="btn btn--sm" onClick={() => void setTerms(settings.blockedTerms.filter((_, j) => j !== i))} aria-label={t('console.remove')}>×</button>
            </li>
          ))}
        </ul>
        <div className="mc-term">
          <input value={term} onChange={(e) => setTerm(e.target.value)} placeholder={t('console.newTerm')} maxLength={50} aria-label={t('console.newTerm')} />
          <select value={action} onChange={(e) => setAction(e.target.value as TermAction)} aria-label={t('console.termAction')}>
            {ACTIONS.map((a) => <option key={a} value={a}>{t(`console.termAction.${a}`)}</option>)}
          </select>
          <button type="button" className="btn btn--sm" disabled={!term.trim()} onClick={() => void setTerms([...settings.blockedTerms, { term: term.trim(), action }]).then((ok) => ok && setTerm(''))}>{t('console.add')}</button>
        </div>
      </fieldset>
      {error && <p className="mc-error" role="alert">{error}</p>}
    </form>
  );
}
