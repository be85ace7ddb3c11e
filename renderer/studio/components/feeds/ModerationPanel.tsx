/**
 * The studio's moderator console: the review queue, alerts, ban list (with unban, also after a
 * restart), audit log, room settings and moderator links, under the danmaku feed. Collapsed, it
 * still shows how many messages wait and how many alerts came in.
 */
import { useMemo, useState } from 'react';
import type { StudioApi } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { ModConsole } from '../../../shared/mod-console/ModConsole';
import { useConsole } from '../../../shared/mod-console/use-console';
import { studioConsoleTransport } from '../../hooks/console-transport';

export function ModerationPanel({ api, linkBase }: { api: StudioApi; linkBase: string | null }) {
  const { t } = useI18n();
  const transport = useMemo(() => studioConsoleTransport(api), [api]);
  const console = useConsole(transport);
  const [open, setOpen] = useState(false);
  const { held, alerts } = console.state;
  return (
    <section className={`panel moderation${open ? ' is-open' : ''}`} aria-label={t('console.title')} data-testid="studio-moderation">
      <header className="panel__header">
        <button type="button" className="btn btn--ghost btn--sm" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="studio-moderation-toggle">
          {t('console.title')}
        </button>
        {held.length > 0 && <span className="chip chip--warn">{t('console.tab.review', { n: held.length })}</span>}
        {alerts.length > 0 && <span className="chip chip--warn">{t('console.tab.alerts', { n: alerts.length })}</span>}
      </header>
      {open && <div className="moderation__body"><ModConsole api={console} linkBase={linkBase} showFeed={false} /></div>}
    </section>
  );
}
