/**
 * UI strings of the viewer page and the overlay, zh-CN and en. Kept here rather than in
 * renderer/shared/i18n because that catalog belongs to the studio UI engineer (and was still being
 * written); the language helpers follow the same shape so the keys can move there later.
 * Language: `?lang=` beats the saved choice beats navigator.language.
 */
export type Lang = 'zh-CN' | 'en';

const zhCN = {
  title: '直播间',
  live: '直播中',
  offline: '未开播',
  offlineTitle: '直播未开始',
  offlineHint: '主播开播后这里会自动开始播放',
  connecting: '连接中…',
  reconnecting: '正在重新连接聊天室…',
  latency: '延迟 {s} 秒',
  viewers: '{n} 人在看',
  modeHls: 'HLS',
  modeFlv: '低延迟 (FLV)',
  danmakuOn: '弹幕',
  opacity: '不透明度',
  placeholder: '发个弹幕吧…',
  send: '发送',
  modeScroll: '滚动',
  modeTop: '顶部',
  modeBottom: '底部',
  color: '颜色',
  like: '点赞',
  likes: '{n} 赞',
  chat: '聊天',
  sendFailed: '发送失败：{reason}',
  tooLong: '太长了（最多 {n} 字）',
  rateLimited: '发送太快了，请稍后再试',
  banned: '你已被禁言',
  giftSent: '{user} 送出 {gift}',
  entered: '{user} 进入直播间',
  liked: '{user} 点了 {n} 个赞',
  language: 'English',
  playBlocked: '点击播放',
  muted: '已静音，点击开启声音',
} as const;

export type StringKey = keyof typeof zhCN;

const en: Record<StringKey, string> = {
  title: 'Live room',
  live: 'LIVE',
  offline: 'Offline',
  offlineTitle: 'The stream is offline',
  offlineHint: 'Playback starts by itself when the streamer goes live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting to the chat…',
  latency: 'Latency {s} s',
  viewers: '{n} watching',
  modeHls: 'HLS',
  modeFlv: 'Low latency (FLV)',
  danmakuOn: 'Danmaku',
  opacity: 'Opacity',
  placeholder: 'Send a comment…',
  send: 'Send',
  modeScroll: 'Scroll',
  modeTop: 'Top',
  modeBottom: 'Bottom',
  color: 'Colour',
  like: 'Like',
  likes: '{n} likes',
  chat: 'Chat',
  sendFailed: 'Not sent: {reason}',
  tooLong: 'Too long (at most {n} characters)',
  rateLimited: 'Slow down a little, then try again',
  banned: 'You are muted in this room',
  giftSent: '{user} sent {gift}',
  entered: '{user} joined',
  liked: '{user} liked ×{n}',
  language: '中文',
  playBlocked: 'Click to play',
  muted: 'Muted: click for sound',
};

const catalogs: Record<Lang, Record<StringKey, string>> = { 'zh-CN': zhCN, en };
const LANG_KEY = 'danmu.viewer.lang';

export function normalizeLang(tag: string | null | undefined): Lang {
  return tag && tag.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

let current: Lang = 'en';
const listeners = new Set<() => void>();

export function initLang(search: URLSearchParams): Lang {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(LANG_KEY);
  } catch {
    /* storage disabled */
  }
  current = normalizeLang(search.get('lang') ?? saved ?? navigator.language);
  document.documentElement.lang = current;
  return current;
}

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* storage disabled */
  }
  for (const l of listeners) l();
}

export function onLangChange(cb: () => void): void {
  listeners.add(cb);
}

export function t(key: StringKey, params?: Record<string, string | number>): string {
  const template = catalogs[current][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}
