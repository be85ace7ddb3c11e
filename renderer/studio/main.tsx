/** Studio window entry: picks the start-up language, connects to the core, renders the studio. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { onLangChange, setLang, t, type Lang } from '../shared/i18n';
import { getStudioApi } from '../shared/studio-client';
import { App } from './App';
import { initialLang } from './lang-preference';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/panels.css';
import './styles/feeds.css';
import './styles/history.css';

// <html lang> drives the CJK font choice and screen-reader pronunciation, so it follows the switch
const applyDocumentLang = (lang: Lang) => {
  document.documentElement.lang = lang;
  document.title = t('app.name');
};
onLangChange(applyDocumentLang);
setLang(initialLang());
applyDocumentLang(initialLang());

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App api={getStudioApi()} />
    </StrictMode>,
  );
}
