/**
 * A process that writes room events to a history file through the studio's HistoryService as fast as
 * it can and prints "stored <seq>" once each commit is done (what the feed would show). The crash
 * test SIGKILLs it mid-write. Usage: tsx history-writer-child.ts <file>
 */
import type { RoomEvent } from '../../common/room-protocol';
import { HistoryService } from '../../main/history/service';
import { HistoryStore } from '../../main/history/store';

const file = process.argv[2]!;
const store = new HistoryStore(file);
const history = new HistoryService(store, { room: () => 'main' });
let seq = store.lastSeq('main');
const user = { id: 'v_crash', name: '崩溃测试', role: 'viewer' as const };

function burst(): void {
  // A few hundred events per turn of the loop, as a busy room delivers them.
  for (let i = 0; i < 300; i++) {
    const s = ++seq;
    const e: RoomEvent = s % 10 === 0
      ? { seq: s, ts: Date.now(), user, type: 'gift', giftId: 'heart', name: '小心心', count: 1, value: 1, combo: 1 }
      : { seq: s, ts: Date.now(), user, type: 'danmaku', text: `第${s}条 弹幕 hello 🎉`, color: '#ffffff', mode: 'scroll' };
    history.record('main', e, () => process.stdout.write(`stored ${s}\n`));
  }
  setImmediate(burst);
}
history.record('main', { seq: ++seq, ts: Date.now(), user: { id: 'system', name: 'System', role: 'owner' }, type: 'system', text: 'The stream started', code: 'live', params: {} });
burst();
