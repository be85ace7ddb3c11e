import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { RoomEvent, RoomUser } from '../../common/room-protocol';
import { HistoryStore } from '../../main/history/store';

const alice: RoomUser = { id: 'v_a', name: 'Alice', role: 'viewer' };
const bob: RoomUser = { id: 'v_b', name: '小王', role: 'viewer' };
const T0 = Date.UTC(2025, 0, 1, 20, 0, 0);

function sampleEvents(): RoomEvent[] {
  const d = (seq: number, ts: number, user: RoomUser, text: string): RoomEvent => ({ seq, ts, user, type: 'danmaku', text, color: '#ffffff', mode: 'scroll' });
  return [
    { seq: 1, ts: T0, user: alice, type: 'enter' },
    d(2, T0 + 1_000, alice, '主播今天唱歌真好听'),
    d(3, T0 + 30_000, bob, '好听好听'),
    d(4, T0 + 61_000, bob, 'hello 100%_done'),
    { seq: 5, ts: T0 + 62_000, user: bob, type: 'gift', giftId: 'rocket', name: '火箭', count: 2, value: 10_000, combo: 1 },
    { seq: 6, ts: T0 + 63_000, user: alice, type: 'gift', giftId: 'heart', name: '小心心', count: 10, value: 10, combo: 1 },
    { seq: 7, ts: T0 + 64_000, user: alice, type: 'gift', giftId: 'cake', name: '蛋糕', count: 1, value: 52, combo: 1 },
    { seq: 8, ts: T0 + 65_000, user: alice, type: 'like', count: 33 },
    d(9, T0 + 125_000, alice, '唱歌唱歌'),
  ];
}

describe('HistoryStore', () => {
  it('stores each (room, seq) once and survives reopening', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'history-'));
    const file = path.join(dir, 'history.sqlite');
    try {
      const store = new HistoryStore(file);
      assert.equal(store.addMany('main', sampleEvents()), 9);
      assert.equal(store.addMany('main', sampleEvents()), 0, 'replayed events are not stored twice');
      assert.equal(store.add('other', sampleEvents()[0]!), true, 'the same seq in another room is a different event');
      store.close();
      const again = new HistoryStore(file);
      assert.equal(again.lastSeq('main'), 9);
      assert.deepEqual(again.list('main').map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.deepEqual(again.list('main', { since: 3, limit: 2 }).map((e) => e.seq), [4, 5]);
      assert.deepEqual(again.list('main', { before: 9, limit: 2 }).map((e) => e.seq), [7, 8]);
      assert.deepEqual(again.list('main', { types: ['gift'] }).map((e) => e.seq), [5, 6, 7]);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds Chinese text, short queries and LIKE wildcards literally', () => {
    const store = new HistoryStore(':memory:');
    store.addMany('main', sampleEvents());
    assert.deepEqual(store.search('main', '唱歌真好').map((e) => e.seq), [2]);
    assert.deepEqual(store.search('main', '好听').map((e) => e.seq), [3, 2], 'two characters: LIKE fallback');
    assert.deepEqual(store.search('main', '唱歌').map((e) => e.seq), [9, 2]);
    assert.deepEqual(store.search('main', '%_').map((e) => e.seq), [4], 'wildcards are literal');
    assert.deepEqual(store.search('main', 'HELLO').map((e) => e.seq), [4], 'case-insensitive');
    assert.deepEqual(store.search('main', '不存在的话'), []);
    assert.deepEqual(store.search('other', '唱歌'), []);
    store.close();
  });

  it('hides deleted danmaku from search and marks them in lists', () => {
    const store = new HistoryStore(':memory:');
    store.addMany('main', sampleEvents());
    store.add('main', { seq: 10, ts: T0 + 130_000, user: { id: 'system', name: 'System', role: 'owner' }, type: 'system', text: 'removed', code: 'delete', params: { seq: 2, userId: 'v_1', by: 'Host' }, target: { seq: 2 } });
    assert.deepEqual(store.search('main', '唱歌').map((e) => e.seq), [9]);
    const removed = store.list('main', { since: 1, limit: 1 })[0];
    assert.deepEqual(removed?.type === 'danmaku' && [removed.text, removed.deleted], ['', true]);
    store.close();
  });

  it('computes danmaku per minute, top supporters and totals', () => {
    const store = new HistoryStore(':memory:');
    store.addMany('main', sampleEvents());
    assert.deepEqual(store.danmakuPerMinute('main'), [
      { minute: T0, count: 2 }, { minute: T0 + 60_000, count: 1 }, { minute: T0 + 120_000, count: 1 },
    ]);
    assert.deepEqual(store.danmakuPerMinute('main', { from: T0 + 60_000, to: T0 + 120_000 }), [{ minute: T0 + 60_000, count: 1 }]);
    assert.deepEqual(store.topSupporters('main'), [
      { userId: 'v_b', name: '小王', value: 10_000, gifts: 2 },
      { userId: 'v_a', name: 'Alice', value: 62, gifts: 11 },
    ]);
    assert.deepEqual(store.totals('main'), { events: 9, danmaku: 4, gifts: 13, giftValue: 10_062, likes: 33, enters: 1, uniqueUsers: 2 });
    assert.deepEqual(store.totals('empty'), { events: 0, danmaku: 0, gifts: 0, giftValue: 0, likes: 0, enters: 0, uniqueUsers: 0 });
    store.close();
  });

  it('a batch that repeats stored events and itself stores, indexes and counts each new event once', () => {
    const store = new HistoryStore(':memory:');
    const events = sampleEvents();
    // Bigger than one multi-row INSERT (64 rows), with a catch-up page overlapping what is stored.
    const many: RoomEvent[] = Array.from({ length: 150 }, (_, i) => ({ seq: 100 + i, ts: T0 + 200_000 + i, user: bob, type: 'danmaku', text: `第${i}条 hello`, color: '#ffffff', mode: 'scroll' }));
    assert.equal(store.addMany('main', [...events.slice(0, 4), ...many.slice(0, 70)]), 74);
    const batch = [...events, events[4]!, ...many, { seq: 300, ts: T0 + 250_000, user: { id: 'system', name: 'System', role: 'owner' }, type: 'system', text: 'removed', code: 'delete', params: { seq: 3, userId: 'v_b', by: 'Host' } } as RoomEvent];
    assert.equal(store.addMany('main', batch), 5 + 80 + 1, 'only the events not stored yet count');
    assert.equal(store.addMany('main', batch), 0);
    assert.equal(store.totals('main').events, 9 + 150 + 1);
    assert.deepEqual(store.totals('main'), { events: 160, danmaku: 154, gifts: 13, giftValue: 10_062, likes: 33, enters: 1, uniqueUsers: 2 });
    assert.deepEqual(store.danmakuPerMinute('main').reduce((n, m) => n + m.count, 0), 154, 'each danmaku counted once in the roll-ups');
    assert.deepEqual(store.topSupporters('main').map((s) => [s.userId, s.gifts]), [['v_b', 2], ['v_a', 11]], 'a repeated gift is not counted again');
    assert.equal(store.search({ room: 'main', text: 'hello', limit: 500 }).total, 151, 'every stored danmaku is indexed once');
    assert.deepEqual(store.search('main', '第149条').map((e) => e.seq), [249]);
    assert.deepEqual(store.search('main', '好听').map((e) => e.seq), [2], 'the removal in the batch applied');
    store.close();
  });
});

