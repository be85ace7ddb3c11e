/**
 * Search across every session: text (Chinese substrings included), user, type and dates, matches
 * marked; a result opens its session at that moment.
 */
import { useState, type FormEvent } from 'react';
import type { HistoryQuery, HistoryResult, StudioApi } from '../../../../common/studio-api';
import type { RoomEventType } from '../../../../common/room-protocol';
import { errorText } from '../../../shared/i18n';
import { useI18n } from '../../../shared/i18n/react';
import { dayBound } from '../../logic/history-view';
import { formatDateTime } from './format';
import { HistoryRow } from './HistoryRow';
import { Icon } from '../common/Icon';

const TYPES: RoomEventType[] = ['danmaku', 'gift', 'like', 'enter', 'system'];

export function SearchPanel({ api, onOpen }: { api: StudioApi; onOpen: (session: string, seq: number) => void }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [user, setUser] = useState('');
  const [type, setType] = useState<RoomEventType | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [result, setResult] = useState<HistoryResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const typeLabel: Record<RoomEventType, string> = {
    danmaku: t('history.typeDanmaku'), gift: t('feed.kindGifts'), like: t('feed.kindLikes'), enter: t('feed.kindEnters'), system: t('history.typeSystem'),
  };

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const q: HistoryQuery = { limit: 100 };
    if (text.trim()) q.text = text.trim();
    if (user.trim()) q.user = user.trim();
    if (type) q.types = [type];
    const f = dayBound(from, false);
    const e = dayBound(to, true);
    if (f !== undefined) q.from = f;
    if (e !== undefined) q.to = e;
    setBusy(true);
    api.history.search(q).then(
      (r) => { setResult(r); setError(null); setBusy(false); },
      (err: Error) => { setError(errorText(lang, err)); setBusy(false); },
    );
  };

  return (
    <div className="hsearch">
      <form className="hsearch__form" onSubmit={submit} role="search">
        <label className="search hsearch__text">
          <Icon name="search" size={14} />
          <input value={text} onChange={(e) => setText(e.target.value)} placeholder={t('history.searchText')} aria-label={t('history.searchText')} maxLength={200} data-testid="history-search-text" />
        </label>
        <input value={user} onChange={(e) => setUser(e.target.value)} placeholder={t('history.searchUser')} aria-label={t('history.searchUser')} maxLength={100} />
        <select value={type} onChange={(e) => setType(e.target.value as RoomEventType | '')} aria-label={t('history.searchType')}>
          <option value="">{t('history.allTypes')}</option>
          {TYPES.map((x) => <option key={x} value={x}>{typeLabel[x]}</option>)}
        </select>
        <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-label={t('history.searchFrom')} title={t('history.searchFrom')} />
        <input type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-label={t('history.searchTo')} title={t('history.searchTo')} />
        <button type="submit" className="btn btn--primary btn--sm" disabled={busy} data-testid="history-search-go">{t('history.search')}</button>
      </form>
      {error && <p className="history__error" role="alert">{t('history.loadFailed', { message: error })}</p>}
      {result && (
        <>
          <p className="small muted" role="status">{result.capped ? t('history.resultsCapped', { n: result.total }) : t('history.results', { n: result.total })}</p>
          <ul className="hresults" data-testid="history-results">
            {result.events.map((e) => (
              <li key={`${e.room}-${e.seq}`}>
                <button type="button" className="hresults__item" disabled={!e.session} onClick={() => e.session && onOpen(e.session, e.seq)} data-testid="history-result">
                  <span className="hresults__when small muted">{formatDateTime(lang, e.ts)}</span>
                  <HistoryRow event={e} ranges={e.highlights} />
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
