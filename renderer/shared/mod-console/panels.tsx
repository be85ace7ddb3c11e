/** The console's side panels: user card, review queue, alerts, ban list, audit log. */
import type { AuditEntry, BanEntry, HeldMessage, RoomAlert } from '../../../common/room-protocol';
import { useI18n } from '../i18n/react';
import { clock, PRESETS, presetLabel } from './format';
import { userCard, type ConsoleState } from './state';
import type { ConsoleApi } from './use-console';

type Acts = ConsoleApi['actions'];

export function UserCard({ state, userId, actions, onClose }: { state: ConsoleState; userId: string; actions: Acts; onClose(): void }) {
  const { t } = useI18n();
  const card = userCard(state, userId);
  return (
    <section className="mc-card" aria-label={t('console.userCard')} data-testid="console-user-card">
      <header className="mc-card__head">
        <strong>{card.user?.name ?? userId}</strong>
        <span className="mono mc-dim">{userId}</span>
        <button type="button" className="btn btn--sm" onClick={onClose} aria-label={t('console.close')}>×</button>
      </header>
      <p className="mc-dim">{card.firstSeen ? t('console.firstSeen', { time: clock(card.firstSeen) }) : t('console.notSeen')} · {t('console.giftCoins', { n: card.gifts })}</p>
      <div className="mc-card__actions">
        {PRESETS.map((p) => {
          const [key, params] = presetLabel(p);
          return <button key={String(p)} type="button" className="btn btn--sm" onClick={() => void actions.timeout(userId, p)}>{t(key, params)}</button>;
        })}
        <button type="button" className="btn btn--sm is-danger" onClick={() => void actions.ban(userId)}>{t('console.ban')}</button>
        <button type="button" className="btn btn--sm" onClick={() => void actions.bulk({ action: 'hold', userIds: [userId] })}>{t('console.holdUser')}</button>
      </div>
      <h4>{t('console.recentMessages')}</h4>
      <ul className="mc-list">{card.messages.map((m) => <li key={m.seq}><time className="mono">{clock(m.ts)}</time> {m.type === 'danmaku' ? m.text : ''}</li>)}</ul>
      <h4>{t('console.pastActions')}</h4>
      <ul className="mc-list">{card.actions.map((a) => <li key={a.id}><AuditLine entry={a} /></li>)}</ul>
    </section>
  );
}

export function ReviewQueue({ held, actions }: { held: HeldMessage[]; actions: Acts }) {
  const { t } = useI18n();
  if (held.length === 0) return <p className="mc-empty">{t('console.reviewEmpty')}</p>;
  return (
    <ul className="mc-list" data-testid="console-review">
      {held.map((h) => (
        <li key={h.holdId} className="mc-item">
          <div><strong>{h.user.name}</strong> <span className="mc-dim">{clock(h.at)}</span></div>
          <div className="mc-item__text">{h.text}</div>
          <div className="mc-dim">{t('console.heldBy', { rule: h.rule })}{h.detail ? ` · ${h.detail}` : ''}</div>
          <div className="mc-card__actions">
            <button type="button" className="btn btn--sm" onClick={() => void actions.review(h.holdId, true)}>{t('console.approve')}</button>
            <button type="button" className="btn btn--sm" onClick={() => void actions.review(h.holdId, false)}>{t('console.deny')}</button>
          </div>
        </li>
      ))}
    </ul>
  );
}

export function AlertList({ alerts, actions }: { alerts: RoomAlert[]; actions: Acts }) {
  const { t } = useI18n();
  if (alerts.length === 0) return <p className="mc-empty">{t('console.alertsEmpty')}</p>;
  return (
    <ul className="mc-list" data-testid="console-alerts">
      {alerts.map((a) => {
        const userIds = a.users.map((u) => u.id);
        return (
          <li key={a.id} className="mc-item mc-alert">
            <div><strong>{t(`console.alert.${a.kind}` as 'console.alert.wave', { n: a.users.length })}</strong> <span className="mc-dim">{clock(a.at)} · {t('console.score', { score: a.score })}</span></div>
            {a.sample && <div className="mc-item__text">“{a.sample}”</div>}
            <div className="mc-dim ellipsis">{a.users.slice(0, 12).map((u) => u.name).join(', ')}{a.users.length > 12 ? ' …' : ''}</div>
            <div className="mc-card__actions">
              <button type="button" className="btn btn--sm" onClick={() => void actions.bulk({ action: 'hold', userIds })}>{t('console.holdAll')}</button>
              <button type="button" className="btn btn--sm" onClick={() => void actions.bulk({ action: 'timeout', seconds: 600, userIds })}>{t('console.timeoutAll')}</button>
              <button type="button" className="btn btn--sm is-danger" onClick={() => void actions.bulk({ action: 'ban', userIds, reason: a.kind })}>{t('console.banAll')}</button>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function BanList({ bans, actions }: { bans: BanEntry[]; actions: Acts }) {
  const { t } = useI18n();
  if (bans.length === 0) return <p className="mc-empty">{t('console.bansEmpty')}</p>;
  return (
    <ul className="mc-list" data-testid="console-bans">
      {bans.map((b) => (
        <li key={b.userId} className="mc-item">
          <div><strong>{b.name}</strong> <span className="mc-dim">{t('console.bannedBy', { by: b.by, time: clock(b.at) })}</span></div>
          <div className="mc-dim">
            {b.untilStreamEnds ? t('console.untilStreamEnds') : b.until ? t('console.until', { time: clock(b.until) }) : t('console.permanent')}
            {b.reason ? ` · ${b.reason}` : ''}
          </div>
          <button type="button" className="btn btn--sm" onClick={() => void actions.unban(b.userId)}>{t('console.unban')}</button>
        </li>
      ))}
    </ul>
  );
}

export function AuditLine({ entry: a }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const who = a.actor.startsWith('rule:') ? t('console.rule', { rule: a.actorName }) : a.actorName;
  return (
    <span className="mc-audit">
      <time className="mono">{clock(a.at)}</time> <strong>{who}</strong> <span className="chip">{a.action}</span>
      {a.targetName ? ` ${a.targetName}` : ''}{a.targetSeq ? ` #${a.targetSeq}` : ''}{a.reason ? ` · ${a.reason}` : ''}
      {a.detail ? <span className="mc-dim"> · {a.detail}</span> : null}
    </span>
  );
}

export function AuditLog({ audit }: { audit: AuditEntry[] }) {
  const { t } = useI18n();
  const exportJson = () => {
    const blob = new Blob([JSON.stringify(audit, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'audit.json';
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <div>
      <button type="button" className="btn btn--sm" onClick={exportJson} disabled={audit.length === 0}>{t('console.export')}</button>
      {audit.length === 0 ? <p className="mc-empty">{t('console.auditEmpty')}</p> : (
        <ul className="mc-list" data-testid="console-audit">{[...audit].reverse().map((a) => <li key={a.id}><AuditLine entry={a} /></li>)}</ul>
      )}
    </div>
  );
}
