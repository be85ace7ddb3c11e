/** Search and the show/hide chips for noisy event kinds. */
import type { FeedFilter } from '../../logic/feed-filter';
import { useI18n } from '../../../shared/i18n/react';
import { Icon } from '../common/Icon';

export function FeedToolbar({ filter, onChange }: { filter: FeedFilter; onChange: (f: FeedFilter) => void }) {
  const { t } = useI18n();
  const chip = (key: 'hideEnters' | 'hideLikes' | 'hideGifts', label: string) => (
    <button type="button" className="chip-toggle" aria-pressed={!filter[key]} onClick={() => onChange({ ...filter, [key]: !filter[key] })} title={t(filter[key] ? 'feed.showKind' : 'feed.hideKind', { kind: label })}>
      {label}
    </button>
  );
  return (
    <div className="feed-toolbar">
      <label className="search">
        <Icon name="search" size={14} />
        <input type="search" value={filter.query} onChange={(e) => onChange({ ...filter, query: e.target.value })} placeholder={t('feed.search')} aria-label={t('feed.search')} data-testid="feed-search" />
      </label>
      <div className="feed-toolbar__chips" role="group" aria-label={t('feed.filters')}>
        {chip('hideEnters', t('feed.kindEnters'))}
        {chip('hideLikes', t('feed.kindLikes'))}
        {chip('hideGifts', t('feed.kindGifts'))}
      </div>
    </div>
  );
}
