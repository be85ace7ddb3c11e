/** One past event: time, who, what; danmaku text with search matches marked. */
import { memo } from 'react';
import type { TextRange } from '../../../../common/history';
import type { RoomEvent } from '../../../../common/room-protocol';
import { useI18n } from '../../../shared/i18n/react';
import { giftName, systemEventText, userName } from '../../../shared/i18n/room-events';
import { nameColor } from '../../logic/name-color';
import { formatClock } from './format';
import { Highlighted } from './Highlighted';

export const HistoryRow = memo(function HistoryRow({ event: e, ranges = [], focused = false }: { event: RoomEvent; ranges?: readonly TextRange[]; focused?: boolean }) {
  const { t, lang } = useI18n();
  const name = <span className="feed-row__name" style={{ color: nameColor(e.user.id, e.user.role) }}>{userName(lang, e.user.name)}</span>;
  let body;
  switch (e.type) {
    case 'danmaku':
      body = e.deleted
        ? <>{name}<span className="feed-row__sep">:</span><span className="feed-row__text feed-row__text--deleted">{t('feed.deleted')}</span></>
        : <>{name}<span className="feed-row__sep">:</span><span className="feed-row__text"><Highlighted text={e.text} ranges={ranges} /></span></>;
      break;
    case 'gift': body = <>{name}<span className="feed-row__gift">{t('feed.sentGift', { gift: giftName(lang, e.giftId, e.name), n: e.count })}</span></>; break;
    case 'like': body = <>{name}<span className="feed-row__meta">{t('feed.liked', { n: e.count })}</span></>; break;
    case 'enter': body = <>{name}<span className="feed-row__meta">{t('feed.entered')}</span></>; break;
    case 'system': body = <span className="feed-row__system">{systemEventText(lang, e)}</span>; break;
  }
  return (
    <div className={`feed-row feed-row--${e.type}${focused ? ' is-focused' : ''}`} data-seq={e.seq}>
      <time className="feed-row__time mono" dateTime={new Date(e.ts).toISOString()}>{formatClock(e.ts)}</time>
      <span className="feed-row__body">{body}</span>
    </div>
  );
});
