/**
 * The history file on disk: schema migrations from an empty file, from the schema before sessions
 * (2) and from the index with per-row sizes (7), corrupt and foreign files moved aside (never
 * overwritten), and a writer SIGKILLed mid-write.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { RoomEvent, RoomUser } from '../../common/room-protocol';
import { INSERT_COLUMNS, toRow, type RowValues } from '../../main/history/event-row';
import { HISTORY_APPLICATION_ID, HISTORY_MIGRATIONS } from '../../main/history/migrations';
import { HistoryService } from '../../main/history/service';
import { HistoryStore } from '../../main/history/store';
import { migrate } from '../../media/sqlite/migrate';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const tmp = () => { const d = mkdtempSync(path.join(os.tmpdir(), 'history-file-')); dirs.push(d); return d; };
const viewer: RoomUser = { id: 'v_a', name: 'Alice', role: 'viewer' };
const sys: RoomUser = { id: 'system', name: 'System', role: 'owner' };
const T0 = Date.UTC(2026, 0, 1, 20, 0, 0);

function schema(db: Database.Database): string[] {
  return db.prepare<[], { sql: string }>(`SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'danmaku_fts_%' ORDER BY name`).all().map((r) => r.sql.replace(/\s+/g, ' '));
}

describe('history file', () => {
  it('migrates from an empty file and from schema 2 with its events, search and sessions intact', () => {
    const dir = tmp();
    // Schema 2 as the previous release wrote it: JSON bodies, FTS through triggers.
    const old = new Database(path.join(dir, 'old.sqlite'));
    migrate(old, HISTORY_MIGRATIONS.slice(0, 2), 'studio history');
    const ins = old.prepare('INSERT INTO events (room, seq, ts, type, user_id, user_name, text, count, value, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const events: RoomEvent[] = [
      { seq: 1, ts: T0, user: sys, type: 'system', text: 'The stream started', code: 'live', params: {} },
      { seq: 2, ts: T0 + 1000, user: viewer, type: 'danmaku', text: '主播今天唱歌真好听', color: '#ff0000', mode: 'top' },
      { seq: 3, ts: T0 + 2000, user: viewer, type: 'gift', giftId: 'rocket', name: '火箭', count: 2, value: 2000, combo: 1 },
      { seq: 4, ts: T0 + 61_000, user: viewer, type: 'like', count: 5 },
      { seq: 5, ts: T0 + 90_000, user: sys, type: 'system', text: 'The stream ended', code: 'offline', params: {} },
    ];
    for (const e of events) {
      ins.run('main', e.seq, e.ts, e.type, e.user.id, e.user.name, e.type === 'danmaku' ? e.text : null, e.type === 'gift' || e.type === 'like' ? e.count : 0, e.type === 'gift' ? e.value : 0, JSON.stringify(e));
    }
    old.close();

    const migrated = new HistoryStore(path.join(dir, 'old.sqlite'));
    assert.equal(migrated.openProblem, null);
    assert.deepEqual(migrated.list('main'), events, 'every event reads back as it was');
    assert.deepEqual(migrated.search('main', '唱歌真好').map((e) => e.seq), [2]);
    assert.deepEqual(migrated.danmakuPerMinute('main'), [{ minute: T0, count: 1 }], 'minutes rolled up from the old rows');
    const [s] = migrated.sessions('main');
    assert.deepEqual(s && [s.startSeq, s.endSeq, s.open], [1, 5, false]);
    assert.deepEqual(migrated.sessionTotals('main', s!), { danmaku: 1, likes: 5, giftValue: 2000, uniqueChatters: 1, uniqueViewers: 1, engagedViewers: 1, peakViewers: 0, avgViewers: 0, topSupporter: { user: viewer, value: 2000, gifts: 2 } });
    assert.equal(migrated.integrityCheck(), 'ok');
    migrated.close();

    const fresh = new HistoryStore(path.join(dir, 'fresh.sqlite'));
    fresh.close();
    const a = new Database(path.join(dir, 'old.sqlite'));
    const b = new Database(path.join(dir, 'fresh.sqlite'));
    assert.deepEqual(schema(a), schema(b), 'a migrated file has the same schema as a new one');
    for (const db of [a, b]) {
      assert.equal(db.pragma('user_version', { simple: true }), HISTORY_MIGRATIONS.length);
      assert.equal(db.pragma('application_id', { simple: true }), HISTORY_APPLICATION_ID);
      db.close();
    }
  });

  it('migrates a schema 7 file (index with per-row sizes) to 8: search, removals and retention still right', () => {
    const dir = tmp();
    const file = path.join(dir, 'v7.sqlite');
    // Schema 7 as the previous release wrote it: one row and one index entry per danmaku.
    const old = new Database(file);
    migrate(old, HISTORY_MIGRATIONS.slice(0, 7), 'studio history');
    const ins = old.prepare<RowValues>(`INSERT INTO events (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const fts = old.prepare('INSERT INTO danmaku_fts (rowid, text) VALUES (?, ?)');
    const d = (seq: number, text: string, deleted?: boolean): RoomEvent => ({ seq, ts: T0 + seq * 1000, user: viewer, type: 'danmaku', text, color: '#ffffff', mode: 'scroll', ...(deleted ? { deleted } : {}) });
    const events: RoomEvent[] = [
      { seq: 1, ts: T0, user: sys, type: 'system', text: 'The stream started', code: 'live', params: {} },
      d(2, '哈哈哈哈主播好厉害'), d(3, 'what a great stream'), d(4, '被删掉的弹幕', true), d(5, '哈哈哈笑死'),
      { seq: 6, ts: T0 + 6000, user: viewer, type: 'like', count: 3 },
      { seq: 7, ts: T0 + 7000, user: sys, type: 'system', text: 'removed', code: 'delete', params: { seq: 5, userId: viewer.id, by: 'Host' } },
    ];
    for (const e of events) {
      const r = ins.run(...toRow('main', e));
      if (e.type === 'danmaku' && !e.deleted) fts.run(r.lastInsertRowid, e.text);
    }
    old.prepare(`UPDATE events SET deleted = 1 WHERE room = 'main' AND seq = 5`).run();
    old.close();

    const store = new HistoryStore(file);
    assert.equal(store.openProblem, null);
    assert.deepEqual(store.search('main', '哈哈哈').map((e) => e.seq), [2], 'Chinese substring (trigram); the removed one stays hidden');
    assert.deepEqual(store.search('main', '主播').map((e) => e.seq), [2], 'two characters (LIKE)');
    assert.deepEqual(store.search('main', 'GREAT').map((e) => e.seq), [3], 'English, any case');
    assert.deepEqual(store.search('main', '被删掉'), [], 'a danmaku removed before it was stored was never indexed');
    store.add('main', d(8, '新的哈哈哈'));
    assert.deepEqual(store.search('main', '哈哈哈').map((e) => e.seq), [8, 2]);
    // Retention takes every row out of the index again: the index matches the rows exactly.
    assert.equal(store.prune.deleteEvents('main', 100, 1000), 8);
    assert.deepEqual(store.search('main', '哈哈哈'), []);
    store.close();
    const db = new Database(file);
    assert.equal(db.pragma('user_version', { simple: true }), HISTORY_MIGRATIONS.length);
    assert.doesNotThrow(() => db.prepare(`INSERT INTO danmaku_fts (danmaku_fts, rank) VALUES ('integrity-check', 1)`).run(), 'the index matches the rows');
    db.close();
  });

  it('moves a corrupt file, a foreign database and a newer schema aside and starts fresh', () => {
    const cases: [string, (file: string) => void, RegExp][] = [
      ['not SQLite', (f) => writeFileSync(f, 'this is not a database, just text '.repeat(200)), /not a database/i],
      ['foreign', (f) => { const d = new Database(f); d.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);'); d.close(); }, /not a Danmu Studio history/],
      ['newer', (f) => { const s = new HistoryStore(f); s.close(); const d = new Database(f); d.pragma(`user_version = ${HISTORY_MIGRATIONS.length + 5}`); d.close(); }, /newer than this app knows/],
      ['truncated', (f) => {
        const s = new HistoryStore(f);
        s.addMany('main', Array.from({ length: 3000 }, (_, i): RoomEvent => ({ seq: i + 1, ts: T0 + i, user: viewer, type: 'danmaku', text: `弹幕 ${i} `.repeat(5), color: '#ffffff', mode: 'scroll' })));
        s.close();
        const bytes = readFileSync(f);
        writeFileSync(f, Buffer.concat([bytes.subarray(0, 100), Buffer.alloc(4096, 0xab), bytes.subarray(4196, 8192)]));
      }, /malformed|not a database|corrupt/i],
    ];
    for (const [name, make, reason] of cases) {
      const dir = tmp();
      const file = path.join(dir, 'history.sqlite');
      make(file);
      const original = readFileSync(file);
      const store = new HistoryStore(file);
      assert.match(store.openProblem?.text ?? '', reason, name);
      assert.match(store.openProblem?.text ?? '', /moved to .*unreadable.* new, empty history/, `${name}: the message says where the old file went`);
      assert.equal(store.lastSeq('main'), 0, `${name}: a fresh history`);
      store.add('main', { seq: 1, ts: T0, user: viewer, type: 'enter' });
      store.close();
      const aside = readdirSync(dir).find((f) => f.startsWith('history.sqlite.unreadable-') && !f.endsWith('-wal') && !f.endsWith('-shm'));
      assert.ok(aside, `${name}: the old file is kept`);
      assert.deepEqual(readFileSync(path.join(dir, aside)), original, `${name}: and not modified`);
    }
  });

  it('a writer SIGKILLed mid-write leaves a sound file with every event it had reported stored', { timeout: 90_000 }, async () => {
    const dir = tmp();
    const file = path.join(dir, 'history.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'helpers', 'history-writer-child.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stored = 0;
    let buf = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`the writer exited by itself (${code})`)));
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) stored = Math.max(stored, Number(l.slice(7)));
        if (stored >= 20_000) {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
          child.on('exit', () => resolve());
        }
      });
    });
    assert.ok(existsSync(`${file}-wal`), 'killed with a WAL still in place');
    const store = new HistoryStore(file);
    assert.equal(store.openProblem, null);
    assert.equal(store.integrityCheck(), 'ok');
    const seqs = store.list('main', { since: 0, limit: 5000 }).map((e) => e.seq);
    assert.equal(seqs[0], 1);
    assert.ok(store.lastSeq('main') >= stored, `all ${stored} reported events are there (last ${store.lastSeq('main')})`);
    let n = 0;
    for (let since = 0; since < stored; since += 5000) n += store.list('main', { since, limit: 5000 }).filter((e) => e.seq <= stored).length;
    assert.equal(n, stored, 'no gaps');
    assert.equal(store.search({ room: 'main', text: 'hello 🎉', limit: 1 }).total, 1000, 'the text index came through too (count capped)');
    store.close();
  });

  it('a reset relay log (seqs from 1 again) archives the old events instead of dropping the new ones', () => {
    const dir = tmp();
    const store = new HistoryStore(path.join(dir, 'history.sqlite'));
    const history = new HistoryService(store, { room: () => 'main' });
    const stream = (t: number, text: string): RoomEvent[] => [
      { seq: 1, ts: t, user: sys, type: 'system', text: 'The stream started', code: 'live', params: {} },
      { seq: 2, ts: t + 1000, user: viewer, type: 'danmaku', text, color: '#ffffff', mode: 'scroll' },
      { seq: 3, ts: t + 2000, user: sys, type: 'system', text: 'The stream ended', code: 'offline', params: {} },
    ];
    history.setEpoch('main', 'old-log');
    store.addMany('main', stream(T0, '旧日志里的弹幕 old'));
    for (const e of stream(T0 + 86_400_000, '这条先排队 queued').slice(1, 2)) history.record('main', { ...e, seq: 4, ts: T0 + 5000 });
    assert.equal(history.resetRoom('main', 'new-log'), 'main~1');
    store.addMany('main', stream(T0 + 86_400_000, '新日志里的弹幕 new'));
    assert.equal(history.epoch('main'), 'new-log');
    assert.deepEqual(history.sessions().map((s) => s.id), ['main/1', 'main~1/1'], 'both sessions listed, newest first');
    const found = history.search({ text: '日志里的' });
    assert.deepEqual(found.events.map((e) => [e.room, e.session, e.type === 'danmaku' && e.text]), [
      ['main', 'main/1', '新日志里的弹幕 new'], ['main~1', 'main~1/1', '旧日志里的弹幕 old'],
    ]);
    assert.deepEqual(history.events({ session: 'main~1/1' }).events.map((e) => e.seq), [1, 2, 3]);
    assert.equal(store.lastSeq('main~1'), 4, 'the queued event went to the archive with its log');
    assert.equal(history.session('main~1/1').session.danmaku, 1);
    assert.equal(history.search({ text: '先排队' }).events[0]?.room, 'main~1');
    history.close();
  });
});
