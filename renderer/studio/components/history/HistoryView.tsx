/**
 * The history view: past sessions, one session's page, and search across them. A page of its own over
 * the studio (the live panels stay mounted underneath, so the feed keeps running); its place is in the
 * URL hash. Everything comes from the local history file, so it works with the relay stopped.
 */
import { useState } from 'react';
import type { StudioApi } from '../../../../common/studio-api';
import type { Lang } from '../../../shared/i18n';
import { useI18n } from '../../../shared/i18n/react';
import type { HistoryRoute } from '../../logic/history-view';
import { Icon } from '../common/Icon';
import { LanguageSwitch } from '../topbar/LanguageSwitch';
import { RetentionPanel } from './RetentionPanel';
import { SearchPanel } from './SearchPanel';
import { SessionList } from './SessionList';
import { SessionPage } from './SessionPage';

interface HistoryViewProps {
  api: StudioApi;
  route: HistoryRoute;
  onNavigate: (r: HistoryRoute | null) => void;
  onLanguage: (lang: Lang) => void;
}

export function HistoryView({ api, route, onNavigate, onLanguage }: HistoryViewProps) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const tab = route.view === 'search' ? 'search' : 'sessions';
  return (
    <div className="history" role="dialog" aria-modal="true" aria-label={t('history.title')} data-testid="history-view">
      <header className="history__bar">
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => onNavigate(null)} data-testid="history-close">
          <Icon name="close" size={14} /> {t('history.backToStudio')}
        </button>
        <h1 className="history__title">{t('history.title')}</h1>
        <nav className="segmented" aria-label={t('history.title')}>
          <button type="button" className="segmented__item" aria-pressed={tab === 'sessions'} onClick={() => onNavigate({ view: 'sessions' })} data-testid="history-tab-sessions">{t('history.sessions')}</button>
          <button type="button" className="segmented__item" aria-pressed={tab === 'search'} onClick={() => onNavigate({ view: 'search' })} data-testid="history-tab-search">{t('history.search')}</button>
        </nav>
        <span className="history__spacer" />
        <LanguageSwitch onChange={onLanguage} />
      </header>
      {error && (
        <div className="banner banner--error history__banner" role="alert">
          <p className="banner__message">{error}</p>
          <button type="button" className="icon-btn" onClick={() => setError(null)} aria-label={t('banner.dismiss')}><Icon name="close" size={14} /></button>
        </div>
      )}
      <div className="history__content">
        {route.view === 'sessions' && <SessionList api={api} onOpen={(id) => onNavigate({ view: 'session', id, at: null })} />}
        {route.view === 'sessions' && <RetentionPanel api={api} onError={setError} />}
        {route.view === 'search' && <SearchPanel api={api} onOpen={(id, seq) => onNavigate({ view: 'session', id, at: seq })} />}
        {route.view === 'session' && (
          <>
            <button type="button" className="btn btn--ghost btn--sm history__back" onClick={() => onNavigate({ view: 'sessions' })}>← {t('history.allSessions')}</button>
            <SessionPage api={api} id={route.id} at={route.at} onJump={(seq) => onNavigate({ ...route, at: seq })} onError={setError} />
          </>
        )}
      </div>
    </div>
  );
}
