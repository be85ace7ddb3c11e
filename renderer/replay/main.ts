/**
 * The replay page (/replay/<room>/<session>): a published past session as HLS VOD (hls.js), its
 * danmaku drawn by the shared canvas engine at the moments they were sent (the engine runs on the
 * video's clock, so pause, seek and speed apply to the comments too), the density graph over the
 * timeline (click to jump), and a box to comment at the current moment (stored with its position by
 * the relay, shown to later replay viewers, never sent to the live room).
 * Query: ?lang=zh-CN|en
 */
import { io, type Socket } from 'socket.io-client';
import { densityPath, formatMediaTime, replayInfoPath, SESSION_ID_PATTERN, type ReplayComment, type ReplayInfo } from '../../common/replay';
import { ROOM_ID_PATTERN, ROOM_NAMESPACE, type Ack, type ClientToServerEvents, type ServerToClientEvents, type Welcome } from '../../common/room-protocol';
import { countChars, MAX_DANMAKU_CHARS } from '../../common/text-length';
import { DanmakuEngine } from '../shared/danmaku/engine';
import { getLang, onLangChange, translate, type MessageKey, type Params } from '../shared/i18n';
import { formatDateTime } from '../studio/components/history/format';
import { initLang, setLang } from '../viewer/strings';
import { CommentCursor } from './cursor';

type ReplayKey = { [K in MessageKey]: K extends `replay.${infer R}` ? R : never }[MessageKey];
const t = (key: ReplayKey, params?: Params) => translate(getLang(), `replay.${key}` as MessageKey, params);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const search = new URLSearchParams(location.search);
const m = /^\/replay\/([^/]+)\/([^/]+)\/?$/.exec(location.pathname);
const room = m?.[1] ?? search.get('room') ?? '';
const session = Number(m?.[2] ?? search.get('session') ?? '');
initLang(search);

const video = $<HTMLVideoElement>('video');
// The engine runs on the video's clock and asks, at the start of each frame, for what is due; each
// comment is placed at its own moment (`due`), so a late frame still draws it where it belongs.
const engine = new DanmakuEngine($('danmaku-host'), {
  fontSize: 24, duration: 8000, area: 0.85, density: { maxOnScreen: 250 },
  clock: () => video.currentTime * 1000,
  onFrame: (now) => handOver(now / 1000),
});
let info: ReplayInfo | null = null;
let cursor = new CommentCursor([]);
let message: { key: ReplayKey; params?: Params } | null = { key: 'loading' };
/** For tests: every comment handed to the layer, with the video time it was handed at. */
const shown: { id: string; text: string; t: number; at: number }[] = [];

function applyStrings(): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as ReplayKey);
  for (const el of document.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder as ReplayKey);
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle as ReplayKey);
  $('lang').textContent = translate(getLang(), 'viewer.language');
  $('density').setAttribute('aria-label', t('density'));
  $('message').hidden = message === null;
  $('message-text').textContent = message ? t(message.key, message.params) : '';
  if (info) {
    $('title').textContent = info.title || room;
    $('when').textContent = t('streamedAt', { date: formatDateTime(getLang(), info.startedAt), duration: formatMediaTime(info.duration) });
    $('count').textContent = t('comments', { n: cursor.size });
    $('interrupted').hidden = !info.interrupted;
  }
  document.title = `${info?.title || room} · ${t('title')}`;
  renderCount();
}
onLangChange(applyStrings);
$('lang').addEventListener('click', () => setLang(getLang() === 'zh-CN' ? 'en' : 'zh-CN'));

function show(key: ReplayKey | null, params?: Params): void {
  message = key ? { key, ...(params ? { params } : {}) } : null;
  applyStrings();
}

// ---- loading ----
async function load(): Promise<void> {
  if (!ROOM_ID_PATTERN.test(room) || !SESSION_ID_PATTERN.test(String(session))) return show('notFound');
  let res: Response;
  try {
    res = await fetch(replayInfoPath(room, session), { cache: 'no-store' });
  } catch (err) {
    return show('loadFailed', { reason: (err as Error).message });
  }
  if (res.status === 404) return show('notFound');
  if (!res.ok) return show('loadFailed', { reason: `HTTP ${res.status}` });
  info = (await res.json()) as ReplayInfo;
  cursor = new CommentCursor(info.comments);
  $('density-path').setAttribute('d', densityPath(info.density, 1000, 40));
  $('density').setAttribute('aria-valuemax', String(Math.round(info.duration)));
  show(null);
  await attachVideo(info.playlist);
}

async function attachVideo(url: string): Promise<void> {
  if (video.canPlayType('application/vnd.apple.mpegurl') && typeof MediaSource === 'undefined') {
    video.src = url;
    return;
  }
  const { default: Hls } = await import('hls.js');
  if (!Hls.isSupported()) {
    video.src = url;
    return;
  }
  const hls = new Hls({ enableWorker: true });
  hls.on(Hls.Events.ERROR, (_e, data) => {
    if (data.fatal) show('playFailed', { reason: data.details });
  });
  hls.loadSource(url);
  hls.attachMedia(video);
}

// ---- danmaku on the video's clock ----
const danmakuOn = $<HTMLInputElement>('danmaku-on');
danmakuOn.addEventListener('change', () => engine.setEnabled(danmakuOn.checked));
video.addEventListener('seeking', () => engine.clear());
function handOver(now: number): void {
  if (!info) return;
  const step = cursor.advance(now);
  if (step.seeked) engine.clear();
  for (const c of step.due) {
    engine.add({ text: c.text, color: c.color, mode: c.mode }, c.t * 1000);
    shown.push({ id: c.id, text: c.text, t: c.t, at: now });
    if (shown.length > 2000) shown.splice(0, 1000);
  }
}
/** The playhead on the density graph. */
function tick(): void {
  requestAnimationFrame(tick);
  if (!info) return;
  const now = video.currentTime;
  const x = info.duration > 0 ? Math.min(1000, (now / info.duration) * 1000) : 0;
  $('density-played').setAttribute('width', String(x));
  $('density-head').setAttribute('x1', String(x));
  $('density-head').setAttribute('x2', String(x));
}
requestAnimationFrame(tick);

video.addEventListener('timeupdate', () => {
  const d = $('density');
  d.setAttribute('aria-valuenow', String(Math.round(video.currentTime)));
  d.setAttribute('aria-valuetext', formatMediaTime(video.currentTime));
});
if (ROOM_ID_PATTERN.test(room)) $<HTMLAnchorElement>('back').href = `/room/${encodeURIComponent(room)}`;

const speed = $<HTMLSelectElement>('speed');
speed.addEventListener('change', () => (video.playbackRate = Number(speed.value)));
const density = $('density');
density.addEventListener('click', (e) => {
  if (!info) return;
  const r = density.getBoundingClientRect();
  video.currentTime = Math.max(0, Math.min(info.duration, ((e.clientX - r.left) / r.width) * info.duration));
});
density.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowRight') video.currentTime += 5;
  else if (e.key === 'ArrowLeft') video.currentTime = Math.max(0, video.currentTime - 5);
});

// ---- commenting at the current moment ----
let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
const tokenKey = `danmu.room.token.${room}`;
function connect(): Promise<Socket<ServerToClientEvents, ClientToServerEvents>> {
  if (socket?.connected) return Promise.resolve(socket);
  let token: string | undefined;
  try {
    token = localStorage.getItem(tokenKey) ?? undefined;
  } catch {
    /* storage disabled: an anonymous identity for this page view */
  }
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = socket ?? io(location.origin + ROOM_NAMESPACE, { auth: { room, client: 'replay', ...(token ? { token } : {}) }, transports: ['websocket', 'polling'] });
  socket = s;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), 10_000);
    s.once('welcome', (w: Welcome) => {
      clearTimeout(timer);
      try {
        if (w.token) localStorage.setItem(tokenKey, w.token);
      } catch {
        /* storage disabled */
      }
      resolve(s);
    });
    s.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

const input = $<HTMLInputElement>('dm-text');
function renderCount(): void {
  const used = countChars(input.value);
  $('dm-count').textContent = `${used}/${MAX_DANMAKU_CHARS}`;
  $('dm-count').classList.toggle('over', used > MAX_DANMAKU_CHARS);
}
input.addEventListener('input', renderCount);

function errorText(a: Extract<Ack<object>, { ok: false }>): string {
  switch (a.code) {
    case 'too_long': return t('tooLong', { n: MAX_DANMAKU_CHARS });
    case 'rate_limited': case 'slow_mode': return t('rateLimited');
    case 'banned': case 'timed_out': return t('banned');
    case 'blocked': return t('blocked');
    case 'not_found': return t('gone');
    default: return a.message;
  }
}

$('send-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = input.value.trim();
  if (!text || !info) return;
  const status = $('send-status');
  // The same line says "sent" or why not: only a failure is drawn in the error colour.
  const say = (text: string, ok: boolean) => { status.textContent = text; status.dataset.state = ok ? 'ok' : 'error'; };
  if (countChars(text) > MAX_DANMAKU_CHARS) return void say(t('sendFailed', { reason: t('tooLong', { n: MAX_DANMAKU_CHARS }) }), false);
  const at = video.currentTime;
  const color = $<HTMLInputElement>('dm-color').value.toLowerCase();
  void connect().then((s) => s.timeout(10_000).emitWithAck('replay-danmaku', { session, t: at, text, color }))
    .then((a) => {
      if (!a.ok) return void say(t('sendFailed', { reason: errorText(a) }), false);
      const c: ReplayComment = { id: a.id, t: at, text, color, mode: 'scroll', live: false };
      cursor.insert(c);
      engine.add({ text, color, mode: 'scroll', mine: true });
      input.value = '';
      renderCount();
      say(t('sent', { time: formatMediaTime(at) }), true);
      applyStrings();
    }, () => say(t('sendFailed', { reason: t('offline') }), false));
});

applyStrings();
void load();

// Read-only views for tests.
(window as unknown as { __replay: unknown }).__replay = { video, engine, shown, info: () => info };
