/**
 * A full disk must not cost accepted events (the guide: never lose accepted data). The real SQLite
 * file is capped with `max_page_count`, so its writes fail with SQLITE_FULL exactly as on a full
 * disk: the live feed goes on, the streamer is told once (in both languages) that events are waiting,
 * and once the space is back every event is in the history and the streamer hears it recovered.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type Database from 'better-sqlite3';
import type { CodedMessage } from '../../common/studio-api';
import type { RoomEvent } from '../../common/room-protocol';
import { HistoryService } from '../../main/history/service';
import { HistoryStore } from '../../main/history/store';
import { HistoryWriter } from '../../main/history/writer';
import { translateCoded } from '../../renderer/shared/i18n';
import { waitFor } from '../helpers/media';

const dir = mkdtempSync(path.join(os.tmpdir(), 'history-full-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const danmaku = (seq: number): RoomEvent => ({
  seq, ts: Date.UTC(2026, 0, 1, 20) + seq * 100, user: { id: `v${seq % 7}`, name: `Viewer ${seq % 7}`, role: 'viewer' },
  type: 'danmaku', text: `第 ${seq} 条弹幕 hello ${'x'.repeat(seq % 40)}`, color: '#ffffff', mode: 'scroll',
});

test('a full disk holds events and saves them all when space is back; the feed never waits', { timeout: 60_000 }, async () => {
  const store = new HistoryStore(path.join(dir, 'history.sqlite'));
  const history = new HistoryService(store, { room: () => 'main' });
  const notes: { message: CodedMessage; level: string }[] = [];
  history.onProblem((message, level) => notes.push({ message, level }));
  // The store's own connection, capped at the pages it has: the next page it needs fails as SQLITE_FULL.
  const db = (store as unknown as { db: Database.Database }).db;
  history.record('main', danmaku(1));
  await waitFor('the first event stored', () => store.lastSeq('main') === 1, 10_000, 20);
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);

  let shown = 0;
  for (let seq = 2; seq <= 3000; seq++) history.record('main', danmaku(seq), () => { shown++; });
  await waitFor('the feed shows every event although the disk is full', () => shown === 2999, 10_000, 20);
  await waitFor('the streamer told', () => notes.length > 0, 10_000, 20);
  assert.equal(notes[0]!.message.code, 'history-write-failed');
  assert.equal(notes[0]!.level, 'error');
  const render = (lang: 'en' | 'zh-CN', m: CodedMessage) => translateCoded(lang, 'studioNote', m);
  assert.match(render('en', notes[0]!.message), /room events are waiting to be saved to the history \(.*full.*\)\. They are kept/);
  assert.match(render('zh-CN', notes[0]!.message), /条房间事件暂未能保存到历史记录/);
  assert.ok(store.lastSeq('main') < 3000, 'the capped file took less than everything');

  // More events while the disk is full: shown at once, held too.
  for (let seq = 3001; seq <= 3500; seq++) history.record('main', danmaku(seq), () => { shown++; });
  assert.equal(shown, 3499, 'shown without waiting for the disk');
  await new Promise((r) => setTimeout(r, 3500)); // a retry against the still-full disk
  assert.equal(notes.filter((n) => n.message.code === 'history-write-failed').length, 1, 'told once, not at every retry');

  db.pragma('max_page_count = 1073741823'); // space is back
  await waitFor('told it recovered', () => notes.some((n) => n.message.code === 'history-write-recovered'), 15_000, 50);
  const recovered = notes.find((n) => n.message.code === 'history-write-recovered')!;
  assert.equal(recovered.level, 'info');
  assert.match(render('zh-CN', recovered.message), /历史记录已恢复保存/);
  assert.equal(store.lastSeq('main'), 3500);
  const all = store.range('main', 1, 3500, 5000);
  assert.equal(all.length, 3500, 'every accepted event is in the history, once');
  assert.deepEqual(all.map((e) => e.seq), Array.from({ length: 3500 }, (_, i) => i + 1));
  const found = store.search('main', '第 3333 条弹幕');
  assert.deepEqual(found.map((e) => e.seq), [3333], 'held events are searchable too');
  assert.equal(store.integrityCheck(), 'ok');
  store.close();
});

test('beyond what it may hold, the oldest waiting events are given up and counted; the rest are saved', { timeout: 30_000 }, async () => {
  const store = new HistoryStore(path.join(dir, 'held.sqlite'));
  const db = (store as unknown as { db: Database.Database }).db;
  const reports: { waiting: number; lost: number }[] = [];
  let saved = -1;
  const writer = new HistoryWriter(store, { failed: (_e, waiting, lost) => reports.push({ waiting, lost }), recovered: (n) => { saved = n; } }, 100, 500);
  writer.push('main', danmaku(1));
  await waitFor('the first event stored', () => store.lastSeq('main') === 1, 10_000, 20);
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  for (let seq = 2; seq <= 1200; seq++) writer.push('main', danmaku(seq));
  await waitFor('a retry reports what was given up', () => reports.some((r) => r.lost > 0), 10_000, 20);
  const last = reports.at(-1)!;
  assert.equal(last.waiting, 500, 'never more than it may hold');
  assert.equal(last.lost, 699, 'the oldest beyond that are counted');
  db.pragma('max_page_count = 1073741823');
  await waitFor('recovered', () => saved >= 0, 10_000, 20);
  assert.equal(saved, 500);
  const kept = store.range('main', 1, 1200, 2000).map((e) => e.seq);
  assert.deepEqual(kept, [1, ...Array.from({ length: 500 }, (_, i) => 701 + i)], 'the newest 500 are saved, in order');
  writer.close();
  store.close();
});
