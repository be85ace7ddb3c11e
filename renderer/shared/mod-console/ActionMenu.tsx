/** Right-click (or keyboard) menu for one message or user: delete, time out (presets), ban, user card. */
import { useEffect, useRef } from 'react';
import type { RoomEvent } from '../../../common/room-protocol';
import { useI18n } from '../i18n/react';
import { PRESETS, presetLabel } from './format';

export interface MenuTarget { event: RoomEvent; x: number; y: number }

interface Props {
  target: MenuTarget;
  deleted: boolean;
  onDelete(seq: number): void;
  onTimeout(userId: string, seconds: number | 'stream'): void;
  onBan(userId: string): void;
  onCard(userId: string): void;
  onClose(): void;
}

export function ActionMenu({ target, deleted, onDelete, onTimeout, onBan, onCard, onClose }: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const e = target.event;
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const close = (ev: Event) => {
      if (ev instanceof KeyboardEvent && ev.key !== 'Escape') return;
      if (ev instanceof PointerEvent && ref.current?.contains(ev.target as Node)) return;
      onClose();
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => { document.removeEventListener('pointerdown', close); document.removeEventListener('keydown', close); };
  }, [onClose]);
  const act = (fn: () => void) => () => { fn(); onClose(); };
  const left = Math.max(8, Math.min(target.x, window.innerWidth - 220));
  const top = Math.max(8, Math.min(target.y, window.innerHeight - 360));
  return (
    <div ref={ref} className="context-menu mc-menu" role="menu" style={{ left, top }} aria-label={t('console.actionsFor', { name: e.user.name })}>
      <div className="context-menu__title ellipsis">{e.user.name}</div>
      {e.type === 'danmaku' && !deleted && <button type="button" role="menuitem" onClick={act(() => onDelete(e.seq))}>{t('console.delete')}</button>}
      <button type="button" role="menuitem" onClick={act(() => onCard(e.user.id))}>{t('console.userCard')}</button>
      <div className="mc-menu__group" role="group" aria-label={t('console.timeout')}>
        <span className="mc-menu__label">{t('console.timeout')}</span>
        {PRESETS.map((p) => {
          const [key, params] = presetLabel(p);
          return <button key={String(p)} type="button" role="menuitem" onClick={act(() => onTimeout(e.user.id, p))}>{t(key, params)}</button>;
        })}
      </div>
      <button type="button" role="menuitem" className="is-danger" onClick={act(() => onBan(e.user.id))}>{t('console.ban')}</button>
    </div>
  );
}
