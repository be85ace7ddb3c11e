/**
 * OBS browser-source overlay: danmaku (same canvas engine as the viewer page), gift toasts and an
 * optional chat column, on a transparent page. Options: see ./options.ts (query string).
 */
import { DanmakuEngine } from '../shared/danmaku/engine';
import { installBench } from '../shared/danmaku/bench';
import { RoomClient } from '../viewer/room/room-client';
import { ChatList } from '../viewer/chat-list';
import { roomFromLocation } from '../viewer/room-id';
import { getLang, initLang, t } from '../viewer/strings';
import { giftName, roleBadge, systemEventText, userName } from '../shared/i18n/room-events';
import { GiftToasts } from './gift-toasts';
import { parseOverlayOptions } from './options';

const search = new URLSearchParams(location.search);
const opts = parseOverlayOptions(search);
initLang(search);
const stage = document.getElementById('stage') as HTMLElement;

const engine = opts.danmaku
  ? new DanmakuEngine(stage, {
      fontSize: opts.fontSize,
      duration: opts.durationMs,
      opacity: opts.opacity,
      area: opts.area,
      density: { maxOnScreen: opts.maxOnScreen },
    })
  : null;

if (opts.bench && engine) installBench(engine);

const gifts = opts.gifts ? new GiftToasts() : null;
if (gifts) document.body.appendChild(gifts.el);
const chat = opts.chat ? new ChatList(60) : null;
if (chat) document.body.appendChild(chat.el);

/** Read-only hook for tests: the texts last handed to the danmaku layer and the layer's counters. */
const recent: string[] = [];
(window as unknown as { __overlay: unknown }).__overlay = { recent, stats: () => engine?.stats() ?? null };

if (!opts.bench) {
  const room = roomFromLocation(location.pathname, search);
  new RoomClient(
    { origin: location.origin, room, storage: null, client: 'overlay' },
    {
      onWelcome: (w) => gifts?.setCatalog(w.gifts),
      onEvent: (e, replayed) => {
        switch (e.type) {
          case 'danmaku':
            if (!replayed && engine) {
              engine.add({ text: e.text, color: e.color, mode: e.mode });
              recent.push(e.text);
              if (recent.length > 50) recent.shift();
            }
            chat?.add({ seq: e.seq, badge: roleBadge(getLang(), e), name: userName(getLang(), e.user.name), text: e.text, color: e.color, kind: 'danmaku' });
            break;
          case 'gift':
            if (!replayed) gifts?.show(e);
            chat?.add({ seq: e.seq, badge: roleBadge(getLang(), e), name: userName(getLang(), e.user.name), text: t('giftLine', { gift: giftName(getLang(), e.giftId, e.name), n: e.count }), kind: 'gift' });
            break;
          case 'system':
            chat?.add({ seq: e.seq, badge: roleBadge(getLang(), e), text: systemEventText(getLang(), e), kind: 'system' });
            break;
          default:
            break;
        }
      },
    },
  );
}
