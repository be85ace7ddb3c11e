/**
 * One line of the live feed. Viewer text is rendered as React text only (never HTML). Moderation
 * actions appear on hover/focus for other people's danmaku; right-click opens the same as a menu.
 */
import { memo, type MouseEvent } from 'react';
import type { RoomEvent } from '../../../../common/room-protocol';
import { useI18n } from '../../../shared/i18n/react';
import { giftName, roleBadge, systemEventText, userName } from '../../../shared/i18n/room-events';
import { nameColor, readableTextColor } from '../../logic/name-color';
import { Icon } from '../common/Icon';

interface FeedRowProps {
  event: RoomEvent;
  deleted: boolean;
  banned: boolean;
  /** The studio may moderate this row (someone else's danmaku). */
  canModerate: boolean;
  onDelete: (seq: number) => void;
  onBan: (userId: string, name: string) => void;
  onContextMenu: (e: MouseEvent, event: RoomEvent) => void;
}

function clock(ts: number): string {
  const d = new Date(ts);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export const FeedRow = memo(function FeedRow({ event: e, deleted, banned, canModerate, onDelete, onBan, onContextMenu }: FeedRowProps) {
  const { t, lang } = useI18n();
  const role = e.user.role;
  // The badge comes from the role the hub assigned, never from the name.
  const badge = roleBadge(lang, e);
  const badgeEl = badge && <span className={`badge badge--${badge.kind}`} data-role-badge={badge.kind}>{badge.label}</span>;
  const name = (
    <span className="feed-row__name" style={{ color: nameColor(e.user.id, role) }}>
      {badgeEl}
      {userName(lang, e.user.name)}
      {banned && <span className="badge badge--banned">{t('feed.banned')}</span>}
    </span>
  );

  let body;
  switch (e.type) {
    case 'danmaku':
      body = (
        <>
          {name}
          <span className="feed-row__sep" aria-hidden="true">:</span>
          {e.held && <span className="chip chip--warn" title={t('console.heldHint')}>{t(e.held === 'pending' ? 'console.held' : 'console.denied')}</span>}
          {deleted ? (
            <span className="feed-row__text feed-row__text--deleted">{t('feed.deleted')}</span>
          ) : (
            <span className="feed-row__text" style={{ color: readableTextColor(e.color) }}>{e.text}</span>
          )}
        </>
      );
      break;
    case 'gift':
      body = <>{name}<span className="feed-row__gift">{t('feed.sentGift', { gift: giftName(lang, e.giftId, e.name), n: e.count })}</span></>;
      break;
    case 'like':
      body = <>{name}<span className="feed-row__meta">{t('feed.liked', { n: e.count })}</span></>;
      break;
    case 'enter':
      body = <>{name}<span className="feed-row__meta">{t('feed.entered')}</span></>;
      break;
    case 'system':
      // known codes read in the studio's language; anything else is the hub's own text
      body = <>{badgeEl}<span className="feed-row__system">{systemEventText(lang, e)}</span></>;
      break;
  }

  return (
    <div className={`feed-row feed-row--${e.type}${deleted ? ' is-deleted' : ''}${e.type === 'danmaku' && e.held ? ' is-held' : ''}`} onContextMenu={canModerate ? (ev) => onContextMenu(ev, e) : undefined}>
      <time className="feed-row__time mono" dateTime={new Date(e.ts).toISOString()}>{clock(e.ts)}</time>
      <span className="feed-row__body">{body}</span>
      {canModerate && (
        <span className="feed-row__actions">
          {e.type === 'danmaku' && !deleted && (
            <button type="button" className="icon-btn icon-btn--sm" onClick={() => onDelete(e.seq)} aria-label={t('feed.deleteMessage')} title={t('feed.deleteMessage')}>
              <Icon name="trash" size={13} />
            </button>
          )}
          {!banned && (
            <button type="button" className="icon-btn icon-btn--sm is-danger" onClick={() => onBan(e.user.id, e.user.name)} aria-label={t('feed.banUserNamed', { name: e.user.name })} title={t('feed.banUser')}>
              <Icon name="ban" size={13} />
            </button>
          )}
        </span>
      )}
    </div>
  );
});
