/** Owner only: moderator links (a console for a remote moderator) with an expiry; listed and revocable. */
import { useState } from 'react';
import type { ModeratorEntry } from '../../../common/room-protocol';
import { useI18n } from '../i18n/react';
import { clock } from './format';
import type { ConsoleApi } from './use-console';

const TTLS = [3600, 86_400, 7 * 86_400];

/** The remote console's address: the token goes in the fragment, which browsers never send to a server. */
export const consoleLink = (base: string, room: string, token: string): string => `${base.replace(/\/$/, '')}/mod/${encodeURIComponent(room)}#token=${encodeURIComponent(token)}`;

export function LinksPanel({ room, base, moderators, actions }: { room: string; base: string; moderators: ModeratorEntry[]; actions: ConsoleApi['actions'] }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [ttl, setTtl] = useState(86_400);
  const [made, setMade] = useState<{ link: string; expiresAt: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    const r = await actions.createLink(name.trim() || t('console.moderator'), ttl);
    if (!r.ok) return setError(r.message);
    setError(null);
    setMade({ link: consoleLink(base, room, r.token), expiresAt: r.expiresAt });
  };
  const now = Date.now();
  return (
    <div className="mc-links" data-testid="console-links">
      <p className="mc-dim">{t('console.linksHint')}</p>
      <div className="mc-term">
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('console.moderatorName')} maxLength={20} aria-label={t('console.moderatorName')} />
        <select value={ttl} onChange={(e) => setTtl(Number(e.target.value))} aria-label={t('console.expiresIn')}>
          {TTLS.map((s) => <option key={s} value={s}>{s < 86_400 ? t('console.hours', { n: s / 3600 }) : t('console.days', { n: s / 86_400 })}</option>)}
        </select>
        <button type="button" className="btn btn--sm" onClick={() => void create()}>{t('console.createLink')}</button>
      </div>
      {made && (
        <p className="mc-made">
          <input readOnly value={made.link} onFocus={(e) => e.target.select()} aria-label={t('console.link')} data-testid="console-new-link" />
          <button type="button" className="btn btn--sm" onClick={() => void navigator.clipboard?.writeText(made.link)}>{t('console.copy')}</button>
        </p>
      )}
      {error && <p className="mc-error" role="alert">{error}</p>}
      <ul className="mc-list">
        {moderators.map((m) => {
          const state = m.revokedAt ? t('console.revoked') : m.expiresAt <= now ? t('console.expired') : t('console.validUntil', { time: new Date(m.expiresAt).toLocaleString() });
          return (
            <li key={m.userId} className="mc-item">
              <strong>{m.name}</strong> <span className="mc-dim">{clock(m.createdAt)} · {state}</span>
              {!m.revokedAt && m.expiresAt > now && <button type="button" className="btn btn--sm is-danger" onClick={() => void actions.revokeLink(m.userId)}>{t('console.revoke')}</button>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
