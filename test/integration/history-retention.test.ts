/**
 * History retention on a real SQLite file: by default nothing goes; "keep 30 days" removes the old
 * sessions whole (events, search entries, charts, audit) and nothing else — the open session, newer
 * sessions and every recording file stay; a size limit removes the oldest sessions first; the deletes
 * run in chunks that let the event loop turn (the live feed and the UI keep going).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RoomEvent, RoomUser } from '../../common/room-protocol';
import { memoryLogger } from '../../media/log';
import { HistoryRetention, type RetentionPolicy } from '../../main/history/retention';
import { HistoryStore } from '../../main/history/store';

const DAY = 86_400_000;
const ROOM = 'studio';
const sys: RoomUser = { id: 'system', name: 'System', role: 'owner' };
const fan: RoomUser = { id: 'v_1', name: '观众甲', role: 'viewer' };

/** Sessions starting `daysAgo` days ago, `n` danmaku each; the last one left open (live now). */
function seed(store: HistoryStore, sessions: { daysAgo: number; n: number; word: string; open?: boolean }[], dir: string): string[] {
  const events: RoomEvent[] = [];
  const files: string[] = [];
  for (const s of sessions) {
    const t0 = Date.now() - s.daysAgo * DAY;
    events.push({ seq: events.length + 1, ts: t0, user: sys, type: 'system', text: 'live', code: 'live', params: {} });
    for (let i = 0; i < s.n; i++) {
      events.push({ seq: events.length + 1, ts: t0 + 1000 + i * 10, user: fan, type: 'danmaku', text: `${s.word} 第${i}条 哈哈哈`, color: '#ffffff', mode: 'scroll' });
      if (i % 100 === 0) store.addViewerCount(ROOM, t0 + 1000 + i * 10, i);
    }
    events.push({ seq: events.length + 1, ts: t0 + 1000 + s.n * 10, user: fan, type: 'gift', giftId: 'heart', name: '小心心', count: 1, value: 1, combo: 1 });
    if (!s.open) events.push({ seq: events.length + 1, ts: t0 + 2000 + s.n * 10, user: sys, type: 'system', text: 'offline', code: 'offline', params: {} });
    const file = path.join(dir, `rec-${s.word}.mp4`);
    writeFileSync(file, 'video');
    store.addRecording(ROOM, file, t0, t0 + 2000 + s.n * 10);
    store.audit.add(ROOM, [{ id: events.length, at: t0 + 500, actor: 'owner', actorName: '主播', action: 'ban', targetUserId: 'v_9', targetName: 'x' }]);
    files.push(file);
  }
  for (let i = 0; i < events.length; i += 2000) store.addMany(ROOM, events.slice(i, i + 2000));
  return files;
}

function setup(sessions: Parameters<typeof seed>[1]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'history-retention-'));
  const store = new HistoryStore(path.join(dir, 'history.sqlite'));
  const files = seed(store, sessions, dir);
  return { dir, store, files, done: () => { store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

test('keep everything by default; "30 days" removes old sessions whole and keeps recordings and newer sessions', async () => {
  const { store, files, done } = setup([{ daysAgo: 60, n: 3000, word: 'oldest' }, { daysAgo: 40, n: 3000, word: 'older' }, { daysAgo: 10, n: 500, word: 'recent' }, { daysAgo: 0, n: 200, word: 'live', open: true }]);
  let policy: RetentionPolicy = { keepDays: null, maxMb: null };
  const retention = new HistoryRetention(store, () => policy, { log: memoryLogger(), gapMs: 0 });
  assert.deepEqual(await retention.run().then((r) => [r.sessions, r.events]), [0, 0], 'nothing without a limit');
  assert.equal(store.sessions(ROOM).length, 4);

  policy = { keepDays: 30, maxMb: null };
  const run = await retention.run();
  assert.equal(run.sessions, 2);
  assert.equal(run.events, 2 * 3003);
  const left = store.sessions(ROOM);
  assert.deepEqual(left.map((s) => s.open), [false, true], 'the recent session and the open one stay');
  assert.equal(store.search({ room: ROOM, text: 'oldest 第1条' }).total, 0, 'search entries gone with the events');
  assert.equal(store.search({ room: ROOM, text: 'older 第' }).total, 0);
  assert.equal(store.search({ room: ROOM, text: 'recent 第1' }).total, 111, 'newer sessions still searchable');
  assert.equal(store.search({ room: ROOM, text: '哈哈' }).total, 700, 'short (LIKE) search agrees');
  assert.equal(store.audit.list(ROOM, {}).length, 2, 'the audit of removed sessions is gone, the rest stays');
  assert.equal(store.sessionMinutes(ROOM, store.sessions(ROOM)[0]!).reduce((n, m) => n + m.danmaku, 0), 500, 'charts of the kept session intact');
  for (const f of files) assert.ok(existsSync(f), `recording ${path.basename(f)} is never deleted`);
  assert.equal(store.recordingsFor(ROOM, { start: 0, end: Date.now() }).length, 4, 'and the rows naming them stay');
  assert.equal(store.integrityCheck(), 'ok');
  assert.equal(await retention.run().then((r) => r.events), 0, 'a second run finds nothing more');
  done();
});

test('a size limit removes the oldest sessions first, in chunks that let the event loop run', async () => {
  const { store, done } = setup([{ daysAgo: 3, n: 20_000, word: 'first' }, { daysAgo: 2, n: 20_000, word: 'second' }, { daysAgo: 1, n: 2000, word: 'third' }, { daysAgo: 0, n: 10, word: 'now', open: true }]);
  const used = store.prune.usedBytes();
  // Room for roughly half of what is stored: the first session must go, the third must stay.
  const retention = new HistoryRetention(store, () => ({ keepDays: null, maxMb: (used * 0.6) / 1024 / 1024 }), { log: memoryLogger(), chunk: 1000, gapMs: 0 });
  let turns = 0;
  const ticker = setInterval(() => turns++, 0);
  const run = await retention.run();
  clearInterval(ticker);
  assert.ok(run.sessions >= 1 && run.sessions <= 2, `removed ${run.sessions} session(s)`);
  const words = store.sessions(ROOM).map((s) => store.range(ROOM, s.startSeq + 1, s.startSeq + 1, 1)[0]);
  assert.ok(!words.some((e) => e?.type === 'danmaku' && e.text.startsWith('first')), 'the oldest session went first');
  assert.ok(words.some((e) => e?.type === 'danmaku' && e.text.startsWith('third')), 'the newest closed session stays');
  assert.ok(turns >= run.events / 1000 - 1, `the loop turned between chunks (${turns} timer turns for ${run.events} events)`);
  assert.equal(store.integrityCheck(), 'ok');
  done();
});
