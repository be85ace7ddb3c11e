/** The right-click menu on a feed row: delete the message, ban or unban its author, copy the text. */
import type { RoomEvent } from '../../../../common/room-protocol';
import { useI18n } from '../../../shared/i18n/react';
import { TimeoutPresets } from '../../../shared/mod-console/TimeoutPresets';
import { useContextMenu } from '../../../shared/mod-console/use-menu';

export interface MenuTarget {
  event: RoomEvent;
  x: number;
  y: number;
}

interface Props {
  target: MenuTarget;
  deleted: boolean;
  banned: boolean;
  onDelete: (seq: number) => void;
  onBan: (userId: string, name: string) => void;
  /** Time the author out (presets from the room protocol). */
  onTimeout?: (userId: string, seconds: number | 'stream') => void;
  onUnban: (userId: string) => void;
  onClose: () => void;
}

export function ModerationMenu({ target, deleted, banned, onDelete, onBan, onTimeout, onUnban, onClose }: Props) {
  const { t } = useI18n();
  const { ref, act } = useContextMenu(onClose);
  const e = target.event;

  // keep the menu on screen near the window's right and bottom edges
  const left = Math.max(8, Math.min(target.x, window.innerWidth - 200));
  const top = Math.max(8, Math.min(target.y, window.innerHeight - (onTimeout ? 420 : 140)));

  return (
    <div ref={ref} className="context-menu" role="menu" style={{ left, top }} aria-label={t('feed.actionsFor', { name: e.user.name })}>
      <div className="context-menu__title ellipsis">{e.user.name}</div>
      {e.type === 'danmaku' && !deleted && (
        <button type="button" role="menuitem" onClick={act(() => onDelete(e.seq))}>{t('feed.deleteMessage')}</button>
      )}
      {banned ? (
        <button type="button" role="menuitem" onClick={act(() => onUnban(e.user.id))}>{t('feed.unbanUser')}</button>
      ) : (
        <>
          {onTimeout && (
            <TimeoutPresets onPick={(p) => act(() => onTimeout(e.user.id, p))()} />
          )}
          <button type="button" role="menuitem" className="is-danger" onClick={act(() => onBan(e.user.id, e.user.name))}>{t('feed.banUser')}</button>
        </>
      )}
      {e.type === 'danmaku' && !deleted && (
        <button type="button" role="menuitem" onClick={act(() => void navigator.clipboard.writeText(e.text).catch(() => undefined))}>{t('feed.copyText')}</button>
      )}
    </div>
  );
}
