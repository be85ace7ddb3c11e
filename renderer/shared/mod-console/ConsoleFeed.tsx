/**
 * The live feed with an action on every message and user: hover buttons, right-click menu, and the
 * keyboard (↑/↓ select, D delete, T time out 10 min, B ban, Enter user card, A/X approve/deny a held
 * one). Held messages show which rule held them; removed ones stay greyed.
 */
import { useCallback, useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { RoomEvent } from '../../../common/room-protocol';
import { useI18n } from '../i18n/react';
import { giftName, systemEventText, userName } from '../i18n/room-events';
import { ActionMenu, type MenuTarget } from './ActionMenu';
import { clock } from './format';
import type { ConsoleState } from './state';

const SHOWN = 300;

interface Props {
  state: ConsoleState;
  onDelete(seq: number): void;
  onTimeout(userId: string, seconds: number | 'stream'): void;
  onBan(userId: string): void;
  onReview(holdId: number, approve: boolean): void;
  onCard(userId: string): void;
}

export function ConsoleFeed({ state, onDelete, onTimeout, onBan, onReview, onCard }: Props) {
  const { t, lang } = useI18n();
  const [selected, setSelected] = useState<number | null>(null);
  const [menu, setMenu] = useState<MenuTarget | null>(null);
  const rows = useMemo(() => state.feed.filter((e) => e.type === 'danmaku' || e.type === 'gift' || e.type === 'system').slice(-SHOWN), [state.feed]);
  const heldRule = useMemo(() => new Map(state.held.map((h) => [h.holdId, h.rule])), [state.held]);
  const canAct = (e: RoomEvent) => e.type !== 'system' && e.user.role === 'viewer';
  const closeMenu = useCallback(() => setMenu(null), []);

  const onKey = (ev: KeyboardEvent) => {
    const i = rows.findIndex((e) => e.seq === selected);
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      const next = rows[Math.max(0, Math.min(rows.length - 1, (i < 0 ? rows.length : i) + (ev.key === 'ArrowDown' ? 1 : -1)))];
      if (next) {
        setSelected(next.seq);
        document.getElementById(`mc-row-${next.seq}`)?.scrollIntoView({ block: 'nearest' });
      }
      return;
    }
    const e = rows[i];
    if (!e || !canAct(e)) return;
    const k = ev.key.toLowerCase();
    if ((k === 'd' || ev.key === 'Delete') && e.type === 'danmaku') onDelete(e.seq);
    else if (k === 't') onTimeout(e.user.id, 600);
    else if (k === 'b') onBan(e.user.id);
    else if (ev.key === 'Enter') onCard(e.user.id);
    else if (k === 'a' && heldRule.has(e.seq)) onReview(e.seq, true);
    else if (k === 'x' && heldRule.has(e.seq)) onReview(e.seq, false);
    else if (ev.key === 'ContextMenu') {
      const r = document.getElementById(`mc-row-${e.seq}`)?.getBoundingClientRect();
      setMenu({ event: e, x: r?.left ?? 40, y: r?.bottom ?? 40 });
    }
  };

  return (
    <div className="mc-feed" role="listbox" tabIndex={0} aria-label={t('console.feed')} aria-activedescendant={selected !== null ? `mc-row-${selected}` : undefined} onKeyDown={onKey} data-testid="console-feed">
      {rows.length === 0 && <p className="mc-empty">{t('console.feedEmpty')}</p>}
      {rows.map((e) => {
        const deleted = state.deleted.has(e.seq);
        const held = e.type === 'danmaku' ? e.held : undefined;
        const rule = heldRule.get(e.seq);
        return (
          <div
            key={e.seq}
            id={`mc-row-${e.seq}`}
            role="option"
            aria-selected={selected === e.seq}
            className={`mc-row mc-row--${e.type}${deleted ? ' is-deleted' : ''}${held ? ` is-held is-${held}` : ''}${selected === e.seq ? ' is-selected' : ''}`}
            data-testid={`console-row-${e.seq}`}
            onClick={() => setSelected(e.seq)}
            onContextMenu={canAct(e) ? (ev: MouseEvent) => { ev.preventDefault(); setSelected(e.seq); setMenu({ event: e, x: ev.clientX, y: ev.clientY }); } : undefined}
          >
            <time className="mc-row__time mono">{clock(e.ts)}</time>
            {e.type === 'system' ? (
              <span className="mc-row__system">{systemEventText(lang, e)}</span>
            ) : (
              <>
                <button type="button" className={`mc-row__name role-${e.user.role}`} onClick={() => onCard(e.user.id)} title={t('console.userCard')}>
                  {e.user.role !== 'viewer' && <span className={`badge badge--${e.user.role === 'owner' ? 'owner' : 'moderator'}`}>{t(e.user.role === 'owner' ? 'room.badge.owner' : 'room.badge.moderator')}</span>}
                  {userName(lang, e.user.name)}
                </button>
                <span className="mc-row__text">
                  {e.type === 'gift' ? t('feed.sentGift', { gift: giftName(lang, e.giftId, e.name), n: e.count }) : deleted ? t('feed.deleted') : e.type === 'danmaku' ? e.text : ''}
                </span>
                {held === 'pending' && <span className="chip chip--warn" title={t('console.heldBy', { rule: rule ?? '' })}>{t('console.held')}{rule ? ` · ${rule}` : ''}</span>}
                {held === 'denied' && <span className="chip">{t('console.denied')}</span>}
              </>
            )}
            {canAct(e) && (
              <span className="mc-row__actions">
                {held === 'pending' && (
                  <>
                    <button type="button" className="btn btn--sm" onClick={() => onReview(e.seq, true)} data-testid="console-approve">{t('console.approve')}</button>
                    <button type="button" className="btn btn--sm" onClick={() => onReview(e.seq, false)}>{t('console.deny')}</button>
                  </>
                )}
                {e.type === 'danmaku' && !deleted && !held && (
                  <button type="button" className="btn btn--sm" onClick={() => onDelete(e.seq)} data-testid="console-delete" aria-label={t('console.delete')}>{t('console.delete')}</button>
                )}
                <button type="button" className="btn btn--sm" onClick={() => onTimeout(e.user.id, 600)} title={t('console.timeoutTenMin')}>{t('console.timeoutShort')}</button>
                <button type="button" className="btn btn--sm is-danger" onClick={() => onBan(e.user.id)}>{t('console.ban')}</button>
              </span>
            )}
          </div>
        );
      })}
      {menu && (
        <ActionMenu target={menu} deleted={state.deleted.has(menu.event.seq)} onDelete={onDelete} onTimeout={onTimeout} onBan={onBan} onCard={onCard} onClose={closeMenu} />
      )}
    </div>
  );
}
