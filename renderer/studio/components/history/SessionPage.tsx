/**
 * One session: its numbers, charts per minute (peaks one click from their messages), supporters,
 * chatters, analytics, moderation, the full event list and exports.
 */
import type { HistoryExportFormat, SessionDetail, SessionMinute, StudioApi } from '../../../../common/studio-api';
import { errorText } from '../../../shared/i18n';
import { useI18n } from '../../../shared/i18n/react';
import { giftName, systemEventText, userName } from '../../../shared/i18n/room-events';
import { AuditLine } from '../../../shared/mod-console/panels';
import { formatDuration } from '../../logic/history-view';
import { formatClock, formatDateTime } from './format';
import { MinuteChart } from './MinuteChart';
import { ReplayPublish } from './ReplayPublish';
import { ReplayPlayer } from './ReplayPlayer';
import { SessionEvents } from './SessionEvents';
import { useAsync } from './use-async';

interface SessionPageProps {
  api: StudioApi;
  id: string;
  at: number | null;
  onJump: (seq: number) => void;
  onError: (message: string) => void;
}

function download(name: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function SessionPage({ api, id, at, onJump, onError }: SessionPageProps) {
  const { t, lang } = useI18n();
  const detail = useAsync(() => api.history.session(id), [api, id]);
  // The room's audit log as the studio cached it (who did what, and what the rules decided).
  const audit = useAsync(() => api.history.audit({ session: id, limit: 200 }), [api, id]);
  if (detail.error) return <p className="history__error" role="alert">{t('history.loadFailed', { message: detail.error })}</p>;
  if (!detail.data) return <p className="history__empty">{t('app.loading')}</p>;
  const d: SessionDetail = detail.data;
  const s = d.session;
  const fmt = new Intl.NumberFormat(lang);
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  const jumpTo = (m: SessionMinute) => { if (m.firstSeq !== null) onJump(m.firstSeq); };
  const exportAs = (format: HistoryExportFormat) => {
    api.history.export({ session: id, format }).then((f) => download(f.filename, f.mime, f.content), (err: Error) => onError(errorText(lang, err)));
  };
  const stats: [string, string][] = [
    [t('history.colDuration'), formatDuration(s.end - s.start)],
    [t('history.colPeak'), fmt.format(s.peakViewers)],
    [t('history.avgViewers'), fmt.format(s.avgViewers)],
    [t('history.uniqueChatters'), fmt.format(s.uniqueChatters)],
    [t('history.colDanmaku'), fmt.format(s.danmaku)],
    [t('history.likes'), fmt.format(s.likes)],
    [t('history.colCoins'), fmt.format(s.giftValue)],
    [t('history.engagement'), pct.format(d.analytics.engagement)],
  ];
  return (
    <div className="hsession" data-testid="history-session" data-session={s.id}>
      <div className="hsession__head">
        <h2 className="hsession__title">{formatDateTime(lang, s.start)}</h2>
        {s.open && <span className="chip chip--info">{t('history.open')}</span>}
        {s.interrupted && <span className="chip chip--warn" title={t('history.interruptedHint')}>{t('history.interrupted')}</span>}
        <span className="hsession__recording small muted ellipsis" title={s.recording?.path}>
          {s.recording ? (s.recording.missing ? t('history.recordingMissingFile', { name: s.recording.name }) : t('history.recordingFile', { name: s.recording.name })) : t('history.noRecording')}
        </span>
        <ReplayPublish api={api} id={id} />
        <span className="hsession__exports">
          <button type="button" className="btn btn--sm" onClick={() => exportAs('csv')}>CSV</button>
          <button type="button" className="btn btn--sm" onClick={() => exportAs('json')}>JSON</button>
          <button type="button" className="btn btn--sm" onClick={() => exportAs('xml')} title={t('history.xmlHint')}>{t('history.xml')}</button>
          <button type="button" className="btn btn--sm" onClick={() => exportAs('audit')} title={t('history.auditCsvHint')}>{t('history.auditCsv')}</button>
        </span>
      </div>
      <dl className="hstats">
        {stats.map(([k, v]) => <div key={k} className="hstats__item"><dt>{k}</dt><dd className="mono">{v}</dd></div>)}
      </dl>
      {s.recording && <ReplayPlayer key={s.id} api={api} session={s} seekSeq={at} />}
      <div className="hcharts">
        <MinuteChart title={t('history.chartViewers')} minutes={d.minutes} value={(m) => m.viewers} color="#5ac8fa" area onPeak={jumpTo} testId="chart-viewers" />
        <MinuteChart title={t('history.chartDanmaku')} minutes={d.minutes} value={(m) => m.danmaku} color="#fb7299" onPeak={jumpTo} testId="chart-danmaku" />
        <MinuteChart title={t('history.chartGifts')} minutes={d.minutes} value={(m) => m.giftValue} color="#ffc46b" onPeak={jumpTo} testId="chart-gifts" />
        <MinuteChart title={t('history.chartLikes')} minutes={d.minutes} value={(m) => m.likes} color="#3ecf8e" onPeak={jumpTo} testId="chart-likes" />
      </div>
      <div className="hsession__body">
        <div className="hsession__side">
          <section className="panel hlist">
            <header className="panel__header"><h2>{t('history.topSupporters')}</h2></header>
            <ol>{d.topSupporters.length ? d.topSupporters.map((x) => <li key={x.user.id}><span className="ellipsis">{userName(lang, x.user.name)}</span><span className="mono">{fmt.format(x.value)}</span></li>) : <li className="muted">–</li>}</ol>
          </section>
          <section className="panel hlist">
            <header className="panel__header"><h2>{t('history.topChatters')}</h2></header>
            <ol>{d.topChatters.length ? d.topChatters.map((x) => <li key={x.user.id}><span className="ellipsis">{userName(lang, x.user.name)}</span><span className="mono">{fmt.format(x.danmaku)}</span></li>) : <li className="muted">–</li>}</ol>
          </section>
          <section className="panel hlist">
            <header className="panel__header"><h2>{t('history.analytics')}</h2></header>
            <ul>
              <li><span>{t('history.uniqueViewers')}</span><span className="mono">{fmt.format(d.analytics.uniqueViewers)}</span></li>
              <li><span>{t('history.engagedViewers')}</span><span className="mono">{fmt.format(d.analytics.engagedViewers)}</span></li>
              <li><span>{t('history.returningSupporters')}</span><span className="mono">{t('history.ofN', { n: fmt.format(d.analytics.returningSupporters), total: fmt.format(d.analytics.supporters) })}</span></li>
              {d.analytics.revenueByGift.map((g) => <li key={g.giftId}><span className="ellipsis">{t('history.giftRevenue', { gift: giftName(lang, g.giftId, g.name), n: g.gifts })}</span><span className="mono">{fmt.format(g.value)}</span></li>)}
            </ul>
          </section>
          <section className="panel hlist">
            <header className="panel__header"><h2>{t('history.moderation')}</h2></header>
            <ul>{d.moderation.length ? d.moderation.map((e) => (
              <li key={e.seq}><button type="button" className="hlink" onClick={() => onJump(e.seq)}><span className="mono muted">{formatClock(e.ts)}</span> {e.type === 'system' ? systemEventText(lang, e) : ''}</button></li>
            )) : <li className="muted">{t('history.noModeration')}</li>}</ul>
            {audit.data && audit.data.entries.length > 0 && <>
              <h3 className="small muted">{t('history.auditLog')}</h3>
              <ul data-testid="history-audit">{audit.data.entries.map((a) => <li key={a.id}><AuditLine entry={a} /></li>)}</ul>
            </>}
          </section>
        </div>
        <SessionEvents api={api} session={s} at={at} />
      </div>
    </div>
  );
}
