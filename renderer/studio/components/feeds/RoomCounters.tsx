/** Viewers, likes, danmaku and coins for this session, at a glance above the feeds. */
import { useI18n } from '../../../shared/i18n/react';
import { formatCompact } from '../../logic/format';
import { Icon, type IconName } from '../common/Icon';

interface Props {
  viewers: number;
  likes: number;
  danmaku: number;
  coins: number;
}

export function RoomCounters({ viewers, likes, danmaku, coins }: Props) {
  const { t, lang } = useI18n();
  const item = (icon: IconName, label: string, n: number, testId: string) => (
    <div className="counter" title={`${label}: ${n}`}>
      <Icon name={icon} size={14} />
      <span className="counter__value mono" data-testid={testId}>{formatCompact(n, lang)}</span>
      <span className="counter__label">{label}</span>
    </div>
  );
  return (
    <div className="counters" role="group" aria-label={t('counters.title')}>
      {item('user', t('counters.viewers'), viewers, 'count-viewers')}
      {item('heart', t('counters.likes'), likes, 'count-likes')}
      {item('text', t('counters.danmaku'), danmaku, 'count-danmaku')}
      {item('gift', t('counters.coins'), coins, 'count-coins')}
    </div>
  );
}
