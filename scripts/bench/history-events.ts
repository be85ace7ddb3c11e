/**
 * The history benchmarks' synthetic room: sessions of danmaku in Chinese and English (a few viewers
 * talk a lot), likes, enters and gifts, with a live/offline mark at each session's ends. Deterministic.
 */
import type { RoomEvent, RoomUser } from '../../common/room-protocol';

export const SESSIONS = 10;
export const PHRASES = ['哈哈哈哈', '主播好厉害', '666666', '前方高能', '这个操作太秀了', '主播唱得真好听', '笑死我了', '来了来了', '弹幕护体', '晚上好',
  'hello everyone', 'great stream', 'lol', 'gg wp', 'first time here', 'awesome play', 'what song is this', '爱了爱了', '下次一定', '好家伙'];
export const RARE = ['紫罗兰永恒花园', 'xylophone', '量子纠缠', 'serendipity'];

export function makeEvents(n: number): RoomEvent[] {
  const t0 = Date.UTC(2026, 10, 1, 12);
  const sys: RoomUser = { id: 'system', name: 'System', role: 'owner' };
  const users: RoomUser[] = Array.from({ length: 20_000 }, (_, i) => ({ id: `v_${i.toString(36)}`, name: i % 3 ? `观众${i}` : `viewer_${i}`, role: 'viewer' }));
  const out: RoomEvent[] = [];
  const perSession = Math.floor(n / SESSIONS);
  let rnd = 42;
  const rand = () => ((rnd = (rnd * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let seq = 1; seq <= n; seq++) {
    const i = seq - 1;
    const ts = t0 + Math.floor(i * 20); // 50 events/s: a session of 100k events is ~33 minutes
    const pos = i % perSession;
    if (pos === 0) { out.push({ seq, ts, user: sys, type: 'system', text: 'The stream started', code: 'live', params: {} }); continue; }
    if (pos === perSession - 1) { out.push({ seq, ts, user: sys, type: 'system', text: 'The stream ended', code: 'offline', params: {} }); continue; }
    const user = users[Math.floor(rand() * rand() * users.length)]!; // a few talk a lot
    const r = rand();
    if (r < 0.83) {
      const base = PHRASES[Math.floor(rand() * PHRASES.length)]!;
      const text = rand() < 0.001 ? `${RARE[Math.floor(rand() * RARE.length)]} ${base}` : rand() < 0.3 ? `${base} ${Math.floor(rand() * 1000)}` : base;
      out.push({ seq, ts, user, type: 'danmaku', text, color: rand() < 0.9 ? '#ffffff' : '#fb7299', mode: 'scroll' });
    } else if (r < 0.91) out.push({ seq, ts, user, type: 'like', count: 1 + Math.floor(rand() * 20) });
    else if (r < 0.96) out.push({ seq, ts, user, type: 'enter' });
    else out.push({ seq, ts, user, type: 'gift', giftId: 'heart', name: '小心心', count: 1 + Math.floor(rand() * 10), value: 1 + Math.floor(rand() * 100), combo: 1 });
  }
  return out;
}

