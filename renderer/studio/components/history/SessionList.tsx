/** Every session of the room, newest first: date, duration, peak viewers, danmaku, coins, top supporter. Read from the local file. */
import type { StudioApi } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { userName } from '../../../shared/i18n/room-events';
import { formatDuration } from '../../logic/history-view';
import { formatDateTime } from './format';
import { useAsync } from './use-async';

export function SessionList({ api, onOpen }: { api: StudioApi; onOpen: (id: string) => void }) {
  const { t, lang } = useI18n();
  const sessions = useAsync(() => api.history.sessions({ limit: 200 }), [api]);
  const fmt = new Intl.NumberFormat(lang);
  if (sessions.error) return <p className="history__error" role="alert">{t('history.loadFailed', { message: sessions.error })}</p>;
  if (!sessions.data) return <p className="history__empty">{t('app.loading')}</p>;
  if (sessions.data.length === 0) return <p className="history__empty">{t('history.noSessions')}</p>;
  return (
    <div className="hsessions" role="table" aria-label={t('history.sessions')} data-testid="history-sessions">
      <div className="hsessions__row hsessions__row--head" role="row">
        <span role="columnheader">{t('history.colDate')}</span>
        <span role="columnheader">{t('history.colDuration')}</span>
        <span role="columnheader" className="num">{t('history.colPeak')}</span>
        <span role="columnheader" className="num">{t('history.colDanmaku')}</span>
        <span role="columnheader" className="num">{t('history.colCoins')}</span>
        <span role="columnheader">{t('history.colTopSupporter')}</span>
      </div>
      {sessions.data.map((s) => (
        <button type="button" key={s.id} role="row" className="hsessions__row" onClick={() => onOpen(s.id)} data-testid="history-session-row" data-session={s.id}>
          <span role="cell" className="hsessions__date">
            {formatDateTime(lang, s.start)}
            {s.open && <span className="chip chip--info">{t('history.open')}</span>}
            {s.interrupted && <span className="chip chip--warn" title={t('history.interruptedHint')}>{t('history.interrupted')}</span>}
            {s.recording?.missing && <span className="chip chip--warn">{t('history.recordingMissing')}</span>}
          </span>
          <span role="cell" className="mono" data-label={t('history.colDuration')}>{formatDuration(s.end - s.start)}</span>
          <span role="cell" className="num mono" data-label={t('history.colPeak')}>{fmt.format(s.peakViewers)}</span>
          <span role="cell" className="num mono" data-label={t('history.colDanmaku')}>{fmt.format(s.danmaku)}</span>
          <span role="cell" className="num mono" data-label={t('history.colCoins')}>{fmt.format(s.giftValue)}</span>
          <span role="cell" className="ellipsis" data-label={t('history.colTopSupporter')}>{s.topSupporter ? `${userName(lang, s.topSupporter.user.name)} · ${fmt.format(s.topSupporter.value)}` : '–'}</span>
        </button>
      ))}
    </div>
  );
}
