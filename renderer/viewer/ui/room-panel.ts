/**
 * The room side of the viewer page: chat column, send box (colour palette + mode), gift bar and the
 * like button. Talks to the room through RoomClient; puts danmaku on the video through `fly`.
 */
import type { Ack, DanmakuMode, GiftCatalogItem, RoomEvent, Welcome } from '../../../common/room-protocol';
import { countChars, MAX_DANMAKU_CHARS } from '../../../common/text-length';
import { getLang as currentLang } from '../../shared/i18n';
import { giftName, roleBadge, systemEventText, userName } from '../../shared/i18n/room-events';
import type { GiftToasts } from '../../overlay/gift-toasts';
import { ChatList } from '../chat-list';
import type { RoomClient } from '../room/room-client';
import { t } from '../strings';
import { LikeBatcher } from './like-batcher';

export const PALETTE = ['#ffffff', '#fe0302', '#ff7204', '#ffff00', '#00cd00', '#00a0ff', '#4266be', '#cc0273', '#ff99cc'];

export interface RoomPanelDeps {
  client: () => RoomClient;
  fly: (e: { text: string; color: string; mode: DanmakuMode; mine: boolean }) => void;
  toasts: GiftToasts;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export class RoomPanel {
  readonly chat = new ChatList(200);
  private color = PALETTE[0]!;
  private me: string | null = null;
  private likes = 0;
  private likeBatcher: LikeBatcher;

  constructor(private deps: RoomPanelDeps) {
    $('chat').appendChild(this.chat.el);
    this.buildPalette();
    $('send-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.send();
    });
    $('dm-text').addEventListener('input', () => this.renderCount());
    this.likeBatcher = new LikeBatcher((n) => void this.deps.client().sendLike(n).then((a) => this.showAck(a)));
    $('like').addEventListener('click', () => {
      this.likes++;
      this.renderLikes();
      this.likeBatcher.click();
    });
    window.addEventListener('pagehide', () => this.likeBatcher.flush());
    this.renderLikes();
    this.renderCount();
  }

  onWelcome(w: Welcome): void {
    this.me = w.you.id;
    this.buildGifts(w.gifts);
  }

  onEvent(e: RoomEvent, replayed: boolean): void {
    const mine = e.user.id === this.me;
    switch (e.type) {
      case 'danmaku':
        if (e.deleted) return;
        // Our own comment already flew when the hub acknowledged it.
        if (!replayed && !mine) this.deps.fly({ text: e.text, color: e.color, mode: e.mode, mine: false });
        this.chat.add({ seq: e.seq, name: userName(currentLang(), e.user.name), color: e.color, kind: 'danmaku', localise: () => ({ text: e.text, badge: roleBadge(currentLang(), e) }) });
        break;
      case 'gift':
        if (!replayed) this.deps.toasts.show(e);
        this.chat.add({ seq: e.seq, name: userName(currentLang(), e.user.name), kind: 'gift', localise: () => ({ text: t('giftLine', { gift: giftName(currentLang(), e.giftId, e.name), n: e.count }), badge: roleBadge(currentLang(), e) }) });
        break;
      case 'like':
        if (!mine) this.likes += e.count;
        this.renderLikes();
        break;
      case 'enter':
        this.chat.add({ seq: e.seq, kind: 'enter', localise: () => ({ text: t('entered', { user: userName(currentLang(), e.user.name) }) }) });
        break;
      case 'system':
        if (e.code === 'delete' && e.target?.seq !== undefined) this.chat.remove(e.target.seq);
        this.chat.add({ seq: e.seq, kind: 'system', localise: () => ({ text: systemEventText(currentLang(), e), badge: roleBadge(currentLang(), e) }) });
        break;
    }
  }

  refreshStrings(): void {
    this.chat.relocalise();
    this.renderLikes();
    this.renderCount();
  }

  /** The send box's counter, counted as the hub counts (code points after normalisation). */
  private renderCount(): void {
    const used = countChars($<HTMLInputElement>('dm-text').value);
    const el = $('dm-count');
    el.textContent = `${used}/${MAX_DANMAKU_CHARS}`;
    el.title = t('charCount', { used, max: MAX_DANMAKU_CHARS });
    el.classList.toggle('over', used > MAX_DANMAKU_CHARS);
    $<HTMLButtonElement>('dm-send').disabled = used > MAX_DANMAKU_CHARS;
  }

  private renderLikes(): void {
    $('like-count').textContent = t('likes', { n: this.likes });
    $('like').title = t('like');
  }

  private buildPalette(): void {
    const box = $('palette');
    for (const c of PALETTE) {
      const b = document.createElement('button');
      b.type = 'button';
      b.style.background = c;
      b.setAttribute('role', 'radio');
      b.setAttribute('aria-label', c);
      b.setAttribute('aria-checked', String(c === this.color));
      b.addEventListener('click', () => {
        this.color = c;
        for (const o of box.children) o.setAttribute('aria-checked', String(o === b));
      });
      box.appendChild(b);
    }
  }

  private buildGifts(items: GiftCatalogItem[]): void {
    this.deps.toasts.setCatalog(items);
    const bar = $('gift-bar');
    bar.replaceChildren();
    for (const g of items) {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.gift = g.id;
      const icon = document.createElement('span');
      icon.className = 'gift-emoji';
      if (/^(https?:|\/|\.\/)/.test(g.icon)) {
        const img = document.createElement('img');
        img.src = g.icon;
        img.alt = '';
        icon.appendChild(img);
      } else icon.textContent = g.icon;
      const name = document.createElement('span');
      name.textContent = giftName(currentLang(), g.id, g.name);
      const price = document.createElement('span');
      price.className = 'stat';
      price.textContent = `${g.price}`;
      b.append(icon, name, price);
      b.addEventListener('click', () => void this.deps.client().sendGift(g.id, 1).then((a) => this.showAck(a)));
      bar.appendChild(b);
    }
  }

  private async send(): Promise<void> {
    const input = $<HTMLInputElement>('dm-text');
    const text = input.value.trim();
    if (!text) return;
    if (countChars(text) > MAX_DANMAKU_CHARS) return this.showError(t('tooLong', { n: MAX_DANMAKU_CHARS }));
    const mode = $<HTMLSelectElement>('dm-mode').value as DanmakuMode;
    const ack = await this.deps.client().sendDanmaku({ text, color: this.color, mode });
    if (this.showAck(ack)) {
      input.value = '';
      this.renderCount();
      this.deps.fly({ text, color: this.color, mode, mine: true });
    }
  }

  private showAck(a: Ack): boolean {
    if (a.ok) {
      this.showError('');
      return true;
    }
    const reason =
      a.code === 'too_long' ? t('tooLong', { n: MAX_DANMAKU_CHARS }) : a.code === 'rate_limited' ? t('rateLimited') : a.code === 'banned' ? t('banned') : a.message;
    this.showError(t('sendFailed', { reason }));
    return false;
  }

  private showError(msg: string): void {
    $('send-error').textContent = msg;
  }
}
