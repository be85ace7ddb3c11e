/**
 * The moderator console: the live feed with actions, and tabs for the review queue, alerts, the ban
 * list, the audit log, the room settings and (owner only) moderator links. The same component runs
 * in the studio and on the relay's remote console page; only the transport differs.
 */
import { useCallback, useState } from 'react';
import './console.css';
import { useI18n } from '../i18n/react';
import { ConsoleFeed } from './ConsoleFeed';
import { LinksPanel } from './LinksPanel';
import { AlertList, AuditLog, BanList, ReviewQueue, UserCard } from './panels';
import { SettingsPanel } from './SettingsPanel';
import type { ConsoleApi } from './use-console';

type Tab = 'review' | 'alerts' | 'bans' | 'audit' | 'settings' | 'links';

export function ModConsole({ api, linkBase, showFeed = true }: { api: ConsoleApi; linkBase?: string | null; showFeed?: boolean }) {
  const { t } = useI18n();
  const { state, bans, moderators, actions } = api;
  const [tab, setTab] = useState<Tab>('review');
  const [card, setCard] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const report = useCallback((p: Promise<{ ok: boolean; message?: string }>) => {
    void p.then((o) => setNotice(o.ok ? null : (o.message ?? null)));
  }, []);
  const tabs: [Tab, string][] = [
    ['review', t('console.tab.review', { n: state.held.length })],
    ['alerts', t('console.tab.alerts', { n: state.alerts.length })],
    ['bans', t('console.tab.bans', { n: bans.length })],
    ['audit', t('console.tab.audit')],
    ['settings', t('console.tab.settings')],
    ...(api.isOwner && linkBase ? [['links', t('console.tab.links')] as [Tab, string]] : []),
  ];
  return (
    <div className={`mc${showFeed ? '' : ' mc--panels'}`} data-testid="mod-console">
      {state.problem && <p className="mc-error" role="alert">{state.problem.message}</p>}
      {notice && <p className="mc-error" role="alert" onClick={() => setNotice(null)}>{notice}</p>}
      {showFeed && (
        <ConsoleFeed
          state={state}
          onDelete={(seq) => report(actions.remove(seq))}
          onTimeout={(u, s) => report(actions.timeout(u, s))}
          onBan={(u) => report(actions.ban(u))}
          onReview={(id, ok) => report(actions.review(id, ok))}
          onCard={setCard}
        />
      )}
      <aside className="mc-side">
        {card && <UserCard state={state} userId={card} actions={actions} onClose={() => setCard(null)} />}
        <div className="mc-tabs" role="tablist">
          {tabs.map(([id, label]) => (
            <button key={id} type="button" role="tab" aria-selected={tab === id} className={`mc-tab${tab === id ? ' is-active' : ''}`} onClick={() => setTab(id)} data-testid={`console-tab-${id}`}>{label}</button>
          ))}
        </div>
        <div className="mc-panel" role="tabpanel">
          {tab === 'review' && <ReviewQueue held={state.held} actions={actions} />}
          {tab === 'alerts' && <AlertList alerts={state.alerts} actions={actions} />}
          {tab === 'bans' && <BanList bans={bans} actions={actions} />}
          {tab === 'audit' && <AuditLog audit={state.audit} />}
          {tab === 'settings' && <SettingsPanel settings={state.settings} actions={actions} />}
          {tab === 'links' && linkBase && <LinksPanel room={state.room} base={linkBase} moderators={moderators} actions={actions} />}
        </div>
      </aside>
    </div>
  );
}
