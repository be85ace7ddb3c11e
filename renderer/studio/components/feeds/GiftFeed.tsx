/**
 * Gifts for this session: merged combos (×N), coin values, big gifts highlighted, and the session's
 * total and top supporters above them.
 */
import type { GiftCatalogItem } from '../../../../common/room-protocol';
import type { GiftRow } from '../../logic/gift-combos';
import { giftIcon } from '../../logic/gift-icon';
import { isBigGift } from '../../logic/gift-combos';
import { rankSupporters, type SupporterTally } from '../../logic/top-supporters';
import { nameColor } from '../../logic/name-color';
import { useI18n } from '../../../shared/i18n/react';
import { giftName, userName } from '../../../shared/i18n/room-events';
import { Icon } from '../common/Icon';

function GiftGlyph({ catalog, giftId }: { catalog: readonly GiftCatalogItem[]; giftId: string }) {
  const icon = giftIcon(catalog, giftId);
  if (icon?.kind === 'image') return <img className="gift-row__icon" src={icon.src} alt="" width={16} height={16} loading="lazy" />;
  if (icon?.kind === 'emoji') return <span className="gift-row__icon" aria-hidden="true">{icon.text}</span>;
  return <Icon name="gift" size={16} />;
}

export function GiftFeed({ rows, tally, catalog }: { rows: GiftRow[]; tally: SupporterTally; catalog: readonly GiftCatalogItem[] }) {
  const { t, lang } = useI18n();
  const top = rankSupporters(tally, 3);
  return (
    <section className="panel gifts" aria-label={t('gifts.title')}>
      <header className="panel__header">
        <h2>{t('gifts.title')}</h2>
        <span className="gifts__total" title={t('gifts.totalHint')}>
          {t('gifts.total', { coins: tally.totalCoins, n: tally.giftCount })}
        </span>
      </header>
      {top.length > 0 && (
        <ol className="supporters" aria-label={t('gifts.top')}>
          {top.map((s, i) => (
            <li key={s.user.id} className={`supporter supporter--${i + 1}`}>
              <span className="supporter__rank" aria-hidden="true">{i + 1}</span>
              <span className="supporter__name ellipsis" style={{ color: nameColor(s.user.id, s.user.role) }}>{userName(lang, s.user.name)}</span>
              <span className="supporter__coins mono">{t('gifts.coins', { n: s.coins })}</span>
            </li>
          ))}
        </ol>
      )}
      <ul className="gift-list" data-testid="gift-feed">
        {rows.length === 0 && <li className="panel__empty">{t('gifts.empty')}</li>}
        {rows.map((r) => (
          <li key={r.key} className={`gift-row${isBigGift(r) ? ' gift-row--big' : ''}`}>
            <GiftGlyph catalog={catalog} giftId={r.giftId} />
            <span className="gift-row__who ellipsis">
              <span style={{ color: nameColor(r.user.id, r.user.role) }}>{userName(lang, r.user.name)}</span>
              <span className="gift-row__what">{t('gifts.sent', { gift: giftName(lang, r.giftId, r.name) })}</span>
            </span>
            <span className="gift-row__count mono" key={r.count}>×{r.count}</span>
            <span className="gift-row__value mono">{t('gifts.coins', { n: r.value })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
