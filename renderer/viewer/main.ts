/**
 * The viewer page (/room/<room>): player with offline state and self-recovery, danmaku over the
 * video, and the live room (chat, send box, gifts, likes). Lean DOM + TypeScript rather than React:
 * the page is small and its first paint should not wait for a framework.
 * Query: ?mode=hls|flv  ?lang=zh-CN|en  ?bench=1 (installs window.__danmakuBench / __danmakuFps)
 */
import { DanmakuEngine } from '../shared/danmaku/engine';
import { installBench } from '../shared/danmaku/bench';
import { GiftToasts } from '../overlay/gift-toasts';
import { PlaybackController } from './player/controller';
import { formatLatency } from './player/latency';
import type { PlayerMode } from './player/types';
import { RoomClient } from './room/room-client';
import { roomFromLocation } from './room-id';
import { getLang, initLang, onLangChange, setLang, t, type StringKey } from './strings';
import { ReplayList } from './ui/replay-list';
import { RoomPanel } from './ui/room-panel';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const search = new URLSearchParams(location.search);
const room = roomFromLocation(location.pathname, search);
initLang(search);

const MODE_KEY = 'danmu.viewer.mode';
const DANMAKU_KEY = 'danmu.viewer.danmaku';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function store(key: string, v: string): void {
  try {
    localStorage.setItem(key, v);
  } catch {
    /* storage disabled */
  }
}

// ---- static strings ----
let live = false;
let viewers: number | null = null;
let latency: number | null = null;

function applyStrings(): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as StringKey);
  for (const el of document.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder as StringKey);
  renderTitle();
  renderStatus();
}

function renderStatus(): void {
  const badge = $('status-badge');
  badge.dataset.state = live ? 'live' : 'offline';
  badge.textContent = t(live ? 'live' : 'offline');
  $('viewers').textContent = viewers === null ? '' : t('viewers', { n: viewers });
  $('latency').textContent = latency === null ? '' : t('latency', { s: formatLatency(latency) });
}

/** The streamer's room title (from the hub's welcome and `title` events); the room id is only a fallback. */
let roomTitle = '';
function renderTitle(): void {
  const shown = roomTitle || t('title');
  $('room-name').textContent = shown;
  $('room-name').title = room;
  document.title = roomTitle ? `${roomTitle} · ${t('title')}` : `${t('title')} · ${room}`;
}
applyStrings();
onLangChange(applyStrings);
$('lang').addEventListener('click', () => setLang(getLang() === 'zh-CN' ? 'en' : 'zh-CN'));

// ---- danmaku layer ----
const engine = new DanmakuEngine($('danmaku-host'), { fontSize: 24, duration: 8000, area: 0.85, density: { maxOnScreen: 250 } });
if (search.get('bench') === '1') installBench(engine);
const danmakuOn = $<HTMLInputElement>('danmaku-on');
const opacity = $<HTMLInputElement>('danmaku-opacity');
const savedDanmaku = stored(DANMAKU_KEY);
if (savedDanmaku) {
  const [on, op] = savedDanmaku.split(',');
  danmakuOn.checked = on !== '0';
  opacity.value = op ?? '1';
}
const applyDanmaku = () => {
  engine.setEnabled(danmakuOn.checked);
  engine.setOpacity(Number(opacity.value));
  store(DANMAKU_KEY, `${danmakuOn.checked ? 1 : 0},${opacity.value}`);
};
danmakuOn.addEventListener('change', applyDanmaku);
opacity.addEventListener('input', applyDanmaku);
applyDanmaku();

const toasts = new GiftToasts(4, 4000);
$('player').appendChild(toasts.el);

// ---- playback ----
const video = $<HTMLVideoElement>('video');
const modeSel = $<HTMLSelectElement>('mode');
const initialMode: PlayerMode = (search.get('mode') ?? stored(MODE_KEY)) === 'flv' ? 'flv' : 'hls';
modeSel.value = initialMode;
const controller = new PlaybackController(video, { origin: location.origin, room, mode: initialMode }, {
  onStatus: (s) => {
    live = s.live;
    $('offline-panel').hidden = s.overlay !== 'offline';
    $('connecting-panel').hidden = s.overlay !== 'connecting';
    document.body.dataset.phase = s.phase;
    if (s.overlay === 'offline') engine.clear();
    renderStatus();
  },
  onLatency: (s) => {
    latency = s;
    renderStatus();
  },
});
modeSel.addEventListener('change', () => {
  const m = modeSel.value === 'flv' ? 'flv' : 'hls';
  store(MODE_KEY, m);
  controller.setMode(m);
});
const unmute = $('unmute');
// While the button shows, the danmaku lanes start below the controls strip (viewer.css).
const showUnmute = () => {
  unmute.hidden = !video.muted;
  $('player').classList.toggle('controls-shown', video.muted);
};
video.addEventListener('volumechange', showUnmute);
video.addEventListener('playing', showUnmute);
unmute.addEventListener('click', () => {
  video.muted = false;
  void video.play();
});

// ---- live room ----
const panel = new RoomPanel({
  client: () => client,
  fly: (d) => engine.add(d),
  toasts,
});
onLangChange(() => panel.refreshStrings());
// `client` is read lazily by the panel (on clicks), after this line has run.
const client: RoomClient = new RoomClient(
  { origin: location.origin, room, storage: localStorage, backlog: 30 },
  {
    onWelcome: (w) => {
      roomTitle = w.title ?? '';
      renderTitle();
      panel.onWelcome(w);
    },
    onEvent: (e, replayed) => {
      // Replayed (older) title events must not undo the title the welcome carried.
      if (!replayed && e.type === 'system' && e.code === 'title') {
        roomTitle = e.params.title;
        renderTitle();
      }
      panel.onEvent(e, replayed);
    },
    onViewers: (n) => {
      viewers = n;
      renderStatus();
    },
    onState: (s) => ($('chat-state').textContent = s === 'connected' ? '' : t(s === 'connecting' ? 'connecting' : 'reconnecting')),
  },
);

// ---- past streams the streamer published as replays ----
const replays = new ReplayList($('replays'), room);
void replays.load();
onLangChange(() => replays.render());

// Exposed for tests and the latency benchmark: read-only views, no control over other viewers.
(window as unknown as { __viewer: unknown }).__viewer = { controller, engine, video };
