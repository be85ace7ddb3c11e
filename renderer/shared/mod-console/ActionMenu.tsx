/** Right-click (or keyboard) menu for one message or user: delete, time out (presets), ban, user card. */
import type { RoomEvent } from '../../../common/room-protocol';
import { useI18n } from '../i18n/react';
import { TimeoutPresets } from './TimeoutPresets';
import { useContextMenu } from './use-menu';

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
  const { ref, act } = useContextMenu(onClose);
  const e = target.event;
  const left = Math.max(8, Math.min(target.x, window.innerWidth - 220));
  const top = Math.max(8, Math.min(target.y, window.innerHeight - 360));
  return (
    <div ref={ref} className="context-menu mc-menu" role="menu" style={{ left, top }} aria-label={t('console.actionsFor', { name: e.user.name })}>
      <div className="context-menu__title ellipsis">{e.user.name}</div>
      {e.type === 'danmaku' && !deleted && <button type="button" role="menuitem" onClick={act(() => onDelete(e.seq))}>{t('console.delete')}</button>}
      <button type="button" role="menuitem" onClick={act(() => onCard(e.user.id))}>{t('console.userCard')}</button>
      <TimeoutPresets onPick={(p) => act(() => onTimeout(e.user.id, p))()} />
      <button type="button" role="menuitem" className="is-danger" onClick={act(() => onBan(e.user.id))}>{t('console.ban')}</button>
    </div>
  );
}
