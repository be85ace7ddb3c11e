/**
 * The remote moderator console, served by the relay at /mod/<room>#token=<moderator token>: the
 * same console as the studio's, in any browser, no install. The token stays in the fragment.
 */
import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { getLang, LANGS, normalizeLang, onLangChange, setLang, type Lang } from '../shared/i18n';
import { useI18n } from '../shared/i18n/react';
import { ModConsole } from '../shared/mod-console/ModConsole';
import { useConsole } from '../shared/mod-console/use-console';
import { SocketTransport } from './socket-transport';
import '../studio/styles/theme.css';
import '../studio/styles/controls.css';
import './console.css';

const LANG_KEY = 'danmu.console.lang';
const room = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';

function Page() {
  const { t, lang } = useI18n();
  const transport = useMemo(() => new SocketTransport(location.origin, room, token), []);
  const api = useConsole(transport);
  const you = api.state.you;
  return (
    <div className="mc-shell">
      <header className="mc-top">
        <strong>{t('console.title')}</strong>
        <span className="mc-dim">{room}{you ? ` · ${you.name}` : ''}</span>
        <span className={`chip${api.state.connected ? '' : ' chip--warn'}`}>{api.state.connected ? t('console.connected') : t('console.connecting')}</span>
        <span className="spacer" />
        <select value={lang} onChange={(e) => { setLang(e.target.value as Lang); localStorage.setItem(LANG_KEY, e.target.value); }} aria-label={t('console.language')}>
          {LANGS.map((l) => <option key={l} value={l}>{l === 'zh-CN' ? '中文' : 'English'}</option>)}
        </select>
      </header>
      {!token ? <p className="mc-error" role="alert">{t('console.noToken')}</p> : <main className="mc-main"><ModConsole api={api} /></main>}
    </div>
  );
}

setLang(normalizeLang(localStorage.getItem(LANG_KEY) ?? navigator.language));
const applyLang = (l: Lang) => { document.documentElement.lang = l; document.title = `${room} · Moderator console`; };
onLangChange(applyLang);
applyLang(getLang());
createRoot(document.getElementById('root')!).render(<StrictMode><Page /></StrictMode>);
