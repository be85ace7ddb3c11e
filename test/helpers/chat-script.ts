/**
 * Scripted chat with fixed seeds, for the wave detector's test and the room bench: ordinary viewers
 * (reactions, sentences, questions, a little copying of each other, Chinese and English) and a bot
 * wave (accounts posting variants of a few templates, dressed up the ways spammers dodge filters:
 * spacing, emoji, full-width, look-alike letters, traditional characters, random numbers, small edits).
 */

export interface ScriptedMessage { userId: string; text: string; at: number; bot: boolean }

/** mulberry32: small, fast, seedable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const REACTIONS = [
  '666', '6666666', '哈哈哈哈', '哈哈哈哈哈哈哈', '好耶', '来了来了', '主播好', '？？？', '草', 'lol', 'gg', '8888', 'awsl',
  '好听', '前排', '打卡', '牛', '233333', 'nice', 'wow', '好家伙', '绝了', 'xswl', '？', '卧槽', '稳', 'hhhh', 'hi', 'LOL', '冲冲冲',
];
const ZH_SUBJECTS = ['主播', '这把', '这个操作', '刚才那波', '这首歌', '背景音乐', '这个皮肤', '今天的直播', '画质', '这个游戏', '队友', '对面', '这局', '镜头', '声音', '新发型', '这个地图'];
const ZH_ADVERBS = ['真的', '太', '有点', '特别', '超级', '简直', '好像', '确实', '也太', '是不是', '居然', '越来越'];
const ZH_ADJECTIVES = ['好看', '厉害', '秀了', '离谱', '好笑', '卡', '清楚', '难', '稳', '帅', '好听', '可爱', '菜', '强', '搞笑', '刺激', '上头', '安静'];
const ZH_ENDINGS = ['', '吧', '啊', '了', '哈哈', '！', '呀', '～', '吧哈哈', '我服了'];
const EN_SUBJECTS = ['this game', 'that play', 'the music', 'your aim', 'the stream', 'this boss', 'the new skin', 'your voice', 'that jump', 'the chat', 'this map', 'the lighting', 'your team', 'the camera'];
const EN_ADJECTIVES = ['insane', 'so good', 'kinda laggy', 'hilarious', 'clean', 'beautiful', 'rough', 'wild', 'amazing', 'too quiet', 'cursed', 'smooth', 'spooky', 'perfect'];
const ZH_ASK_WHO = ['主播', '你们', '大家', '房管', '老板', '有人'];
const ZH_ASK_WHAT = [
  '玩多久了', '是哪里人', '吃饭了吗', '几点下播', '明天还播吗', '用的什么键盘', '用的什么耳机', '上一把赢了吗', '知道歌名吗',
  '打算玩什么', '去过上海吗', '有回放吗', '多少级了', '会唱粤语歌吗', '看过这部电影吗', '养猫吗', '喝的什么', '几点起床',
  '怎么过这关', '为什么不开大', '能不能再唱一遍', '练了多久', '是不是换了麦', '哪个区的', '什么段位',
];
const EN_ASK_START = ['what', 'how', 'why', 'when', 'where', 'which'];
const EN_ASK_REST = [
  'game is this', 'long have you been playing', 'are you from', 'keyboard do you use', 'is the next stream', 'rank are you',
  'server is this', 'did you skip that', 'settings do you use', 'song was that', 'is the boss so hard', 'did you learn this',
  'mouse is that', 'time is it there', 'build are you running', 'map is next',
];
const EN_GREETINGS = ['first time here', 'hi all', 'greetings from', 'hello from', 'good evening from', 'watching from'];
const EN_PLACES = ['Berlin', 'Taipei', 'Toronto', 'Lyon', 'Osaka', 'Manila', 'Sydney', 'Austin', 'Leeds', 'Seoul', 'Lima', 'Oslo'];

function ordinary(r: () => number): string {
  const x = r();
  if (x < 0.4) return pick(r, REACTIONS);
  if (x < 0.65) return `${pick(r, ZH_SUBJECTS)}${pick(r, ZH_ADVERBS)}${pick(r, ZH_ADJECTIVES)}${pick(r, ZH_ENDINGS)}`;
  if (x < 0.8) return `${pick(r, ZH_ASK_WHO)}${pick(r, ZH_ASK_WHAT)}${r() < 0.3 ? '？' : ''}`;
  if (x < 0.88) return `${pick(r, EN_SUBJECTS)} is ${pick(r, EN_ADJECTIVES)}${r() < 0.3 ? '!' : ''}`;
  if (x < 0.96) return `${pick(r, EN_ASK_START)} ${pick(r, EN_ASK_REST)}${r() < 0.3 ? '?' : ''}`;
  return `${pick(r, EN_GREETINGS)} ${pick(r, EN_PLACES)}`;
}

/**
 * `accounts` ordinary viewers chatting for `seconds` at about `perSecond` messages a second in total.
 * About 5 % of messages copy one of the last 30 messages exactly, as real chat does.
 */
export function ordinaryChat(seed: number, accounts: number, seconds: number, perSecond: number, prefix = 'n'): ScriptedMessage[] {
  const r = rng(seed);
  const out: ScriptedMessage[] = [];
  // some viewers talk far more than others
  const weight = Array.from({ length: accounts }, () => r() ** 3);
  const total = weight.reduce((a, b) => a + b, 0);
  const speaker = () => {
    let x = r() * total;
    for (let i = 0; i < accounts; i++) if ((x -= weight[i]!) <= 0) return i;
    return accounts - 1;
  };
  let t = 0;
  while (t < seconds * 1000) {
    t += -Math.log(1 - r()) * (1000 / perSecond);
    const u = speaker();
    const recent = out.slice(-30);
    const text = r() < 0.05 && recent.length ? pick(r, recent).text : ordinary(r);
    out.push({ userId: `${prefix}${u}`, text, at: Math.round(t), bot: false });
  }
  // every account says something at least once
  for (let u = 0; u < accounts; u++) {
    if (!out.some((m) => m.userId === `${prefix}${u}`)) out.push({ userId: `${prefix}${u}`, text: ordinary(r), at: Math.round(r() * seconds * 1000), bot: false });
  }
  return out.sort((a, b) => a.at - b.at);
}

export const BOT_TEMPLATES = [
  '加微信 xiaomei520 领取免费皮肤',
  '免费领取100元红包，私信我看主页',
  'cheap followers at boostfans dot com, 1000 for 1 dollar',
];

const CYRILLIC: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і' };
const TRADITIONAL: Record<string, string> = { 费: '費', 领: '領', 肤: '膚', 红: '紅', 元: '元', 页: '頁', 信: '信' };
const EMOJI = ['🎁', '🔥', '💰', '😀', '👉', '✨', '❤️'];
const PREFIXES = ['', '', '', '兄弟们 ', '快来 ', 'hey ', '速度 ', '【福利】'];
const SUFFIXES = ['', '', '!!', '～～', ' 速来', ' 限时', ' 💯', ' 真的'];

/** One spam variant of a template: the dodges spammers use, a few at a time. */
export function botVariant(r: () => number, template: string): string {
  let s = [...template];
  // a small edit: drop or duplicate one character
  if (r() < 0.3) {
    const i = Math.floor(r() * s.length);
    if (r() < 0.5) s.splice(i, 1);
    else s.splice(i, 0, s[i]!);
  }
  if (r() < 0.5) s = s.map((c) => (CYRILLIC[c] && r() < 0.5 ? CYRILLIC[c]! : c));
  if (r() < 0.4) s = s.map((c) => TRADITIONAL[c] ?? c);
  if (r() < 0.3) s = s.map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c));
  s = s.map((c) => (/\d/.test(c) && r() < 0.5 ? String(Math.floor(r() * 10)) : c));
  const out: string[] = [];
  for (const c of s) {
    out.push(c);
    const x = r();
    if (x < 0.08) out.push(' ');
    else if (x < 0.12) out.push(pick(r, EMOJI));
    else if (x < 0.14) out.push('.');
  }
  return `${pick(r, PREFIXES)}${out.join('')}${pick(r, SUFFIXES)}`;
}

/** `accounts` bots, each posting 1–2 variants of one of the templates within `spreadMs` after `startMs`. */
export function botWave(seed: number, accounts: number, startMs: number, spreadMs: number, prefix = 'b'): ScriptedMessage[] {
  const r = rng(seed);
  const out: ScriptedMessage[] = [];
  for (let b = 0; b < accounts; b++) {
    const template = BOT_TEMPLATES[b % BOT_TEMPLATES.length]!;
    const posts = r() < 0.5 ? 1 : 2;
    for (let k = 0; k < posts; k++) out.push({ userId: `${prefix}${b}`, text: botVariant(r, template), at: Math.round(startMs + r() * spreadMs), bot: true });
  }
  return out.sort((a, b) => a.at - b.at);
}

export function mixChat(...parts: ScriptedMessage[][]): ScriptedMessage[] {
  return parts.flat().sort((a, b) => a.at - b.at);
}
