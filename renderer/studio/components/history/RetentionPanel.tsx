/**
 * How long the history keeps room events (settings.history): everything (the default), N days, or a
 * size for the history file. Says what it removes and what it never touches.
 */
import { useEffect, useState } from 'react';
import type { StudioApi, StudioSettings } from '../../../../common/studio-api';
import { errorText } from '../../../shared/i18n';
import { useI18n } from '../../../shared/i18n/react';
import { formatClock } from './format';
import { useAsync } from './use-async';

type Mode = 'all' | 'days' | 'size';
type Policy = StudioSettings['history'];

const modeOf = (p: Policy): Mode => (p.keepDays !== null ? 'days' : p.maxMb !== null ? 'size' : 'all');

export function RetentionPanel({ api, onError }: { api: StudioApi; onError: (message: string) => void }) {
  const { t, lang } = useI18n();
  const usage = useAsync(() => api.history.usage(), [api]);
  const saved = useAsync(() => api.getSnapshot().then((s) => s.settings.history), [api]);
  const [mode, setMode] = useState<Mode>('all');
  const [days, setDays] = useState(90);
  const [gb, setGb] = useState(5);
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!saved.data) return;
    setMode(modeOf(saved.data));
    if (saved.data.keepDays !== null) setDays(saved.data.keepDays);
    if (saved.data.maxMb !== null) setGb(Math.round((saved.data.maxMb / 1024) * 10) / 10);
  }, [saved.data]);
  const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const save = () => {
    const history: Policy = { keepDays: mode === 'days' ? days : null, maxMb: mode === 'size' ? Math.round(gb * 1024) : null };
    api.updateSettings({ history }).then(() => { setDone(true); saved.reload(); setTimeout(() => usage.reload(), 3000); }, (err: Error) => onError(errorText(lang, err)));
  };
  const u = usage.data;
  return (
    <section className="panel hretention" data-testid="history-retention" aria-labelledby="hretention-title">
      <header className="panel__header"><h2 id="hretention-title">{t('historyRetention.title')}</h2></header>
      {u && (
        <p className="small" data-testid="history-usage">
          {t('historyRetention.usage', { size: fmt.format(u.bytes / 1024 / 1024), n: new Intl.NumberFormat(lang).format(u.events) })}
          {u.pruning && <> · {t('historyRetention.pruning')}</>}
          {u.last && u.last.sessions > 0 && <> · {t('historyRetention.lastRun', { sessions: u.last.sessions, events: new Intl.NumberFormat(lang).format(u.last.events), time: formatClock(u.last.at) })}</>}
        </p>
      )}
      <div className="hretention__form">
        <label className="small">
          {t('historyRetention.keep')}{' '}
          <select value={mode} onChange={(e) => { setMode(e.currentTarget.value as Mode); setDone(false); }} data-testid="history-retention-mode">
            <option value="all">{t('historyRetention.modeAll')}</option>
            <option value="days">{t('historyRetention.modeDays')}</option>
            <option value="size">{t('historyRetention.modeSize')}</option>
          </select>
        </label>
        {mode === 'days' && (
          <label className="small">
            <input type="number" min={1} max={36500} value={days} onChange={(e) => { setDays(Math.max(1, Math.round(Number(e.currentTarget.value) || 1))); setDone(false); }} data-testid="history-retention-days" /> {t('historyRetention.days')}
          </label>
        )}
        {mode === 'size' && (
          <label className="small">
            <input type="number" min={0.1} step={0.5} value={gb} onChange={(e) => { setGb(Math.max(0.1, Number(e.currentTarget.value) || 0.1)); setDone(false); }} data-testid="history-retention-gb" /> GB
          </label>
        )}
        <button type="button" className="btn btn--sm" onClick={save} data-testid="history-retention-save">{t('historyRetention.save')}</button>
        {done && <span className="small muted" role="status">{t('historyRetention.saved')}</span>}
      </div>
      <p className="small muted">{mode === 'all' ? t('historyRetention.explainAll') : t('historyRetention.explain')}</p>
    </section>
  );
}
