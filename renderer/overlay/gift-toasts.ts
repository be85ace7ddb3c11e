/**
 * Gift toasts for the overlay and the viewer page: a short stack of "name sent gift ×n" cards.
 * A combo (same viewer, same gift, counted by the hub) updates its card instead of stacking a new one.
 */
import type { GiftCatalogItem, GiftEvent } from '../../common/room-protocol';
import { getLang, t } from '../viewer/strings';
import { giftName, userName } from '../shared/i18n/room-events';

interface Card {
  el: HTMLElement;
  count: HTMLElement;
  timer: number;
}

export class GiftToasts {
  readonly el: HTMLElement;
  private cards = new Map<string, Card>();
  private catalog = new Map<string, GiftCatalogItem>();

  constructor(private max = 5, private showMs = 5000) {
    this.el = document.createElement('div');
    this.el.className = 'gift-toasts';
  }

  setCatalog(items: GiftCatalogItem[]): void {
    this.catalog = new Map(items.map((g) => [g.id, g]));
  }

  show(e: GiftEvent): void {
    const key = `${e.user.id}:${e.giftId}`;
    const total = Math.max(e.combo, e.count);
    let card = this.cards.get(key);
    if (!card) {
      const el = document.createElement('div');
      el.className = 'gift-toast';
      const icon = document.createElement('span');
      icon.className = 'gift-icon';
      const item = this.catalog.get(e.giftId);
      // Icons are emoji or URLs from the server's catalog; a URL becomes an <img src>, never markup.
      if (item && /^(https?:|\/|\.\/)/.test(item.icon)) {
        const img = document.createElement('img');
        img.src = item.icon;
        img.alt = '';
        icon.appendChild(img);
      } else icon.textContent = item?.icon ?? '🎁';
      const label = document.createElement('span');
      label.className = 'gift-label';
      const count = document.createElement('span');
      count.className = 'gift-count';
      el.append(icon, label, count);
      card = { el, count, timer: 0 };
      this.cards.set(key, card);
      this.el.appendChild(el);
      while (this.cards.size > this.max) this.remove(this.cards.keys().next().value as string);
      label.textContent = t('giftSent', { user: userName(getLang(), e.user.name), gift: giftName(getLang(), e.giftId, e.name) });
    }
    card.count.textContent = `×${total}`;
    card.el.classList.remove('bump');
    void card.el.offsetWidth; // restart the CSS animation for the combo bump
    card.el.classList.add('bump');
    clearTimeout(card.timer);
    card.timer = window.setTimeout(() => this.remove(key), this.showMs);
  }

  private remove(key: string): void {
    const card = this.cards.get(key);
    if (!card) return;
    clearTimeout(card.timer);
    card.el.remove();
    this.cards.delete(key);
  }
}
