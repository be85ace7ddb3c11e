/**
 * Where history ingest spends its CPU (profiling aid for bench:history, not a benchmark of record):
 * the same synthetic events through the studio's HistoryStore, then through pieces of it, each timed
 * in this process's CPU time (the shared machine disturbs the wall clock far more).
 * The `sqlite:` stages bind one row per statement (as the store did before migration 8); the `store:`
 * stages are today's HistoryStore, and the same with the index as schema 7 had it (per-row sizes).
 * Flags: --events N (default 300,000), --batch N (default 4000), --only name,name, --repeat N (best of N,
 * interleaved). Prints one line per stage. Run: npx tsx scripts/bench/history-stages.ts --repeat 3
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RoomEvent } from '../../common/room-protocol';
import { toRow } from '../../main/history/event-row';
import { HistoryStore } from '../../main/history/store';
import { makeEvents } from './history-events';
import { loadSnapshot } from './machine-load';

const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const EVENTS = Number(arg('--events') ?? 300_000);
const BATCH = Number(arg('--batch') ?? 4000);
const ONLY = arg('--only')?.split(',');
const ROOM = 'bench';

function cpu<T>(fn: () => T): { cpuMs: number; wallMs: number; value: T } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const u = process.cpuUsage(c);
  return { cpuMs: (u.user + u.system) / 1000, wallMs: performance.now() - t, value };
}

function batches(events: RoomEvent[], fn: (b: RoomEvent[]) => void): void {
  for (let i = 0; i < events.length; i += BATCH) fn(events.slice(i, i + BATCH));
}

type Stage = (dir: string, events: RoomEvent[]) => void;

function rawDb(dir: string, name: string, setup: string): Database.Database {
  const db = new Database(path.join(dir, `${name}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32768');
  db.exec(setup);
  return db;
}

const EVENTS_TABLE = `CREATE TABLE events (id INTEGER PRIMARY KEY, room TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, type TEXT NOT NULL,
  user_id TEXT NOT NULL, user_name TEXT NOT NULL, role TEXT NOT NULL, text TEXT, code TEXT, count INTEGER NOT NULL DEFAULT 0,
  value INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0, extra TEXT, UNIQUE (room, seq));
  CREATE INDEX events_marks ON events (room, seq) WHERE type = 'system' AND code IN ('live', 'offline');
  CREATE INDEX events_system ON events (room, seq) WHERE type = 'system';`;
const INSERT = `INSERT OR IGNORE INTO events (room, seq, ts, type, user_id, user_name, role, text, code, count, value, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Events table alone, or with an FTS table created by `fts` (null: none). */
function tableStage(name: string, fts: string | null, table = EVENTS_TABLE, pre = ''): Stage {
  return (dir, events) => {
    const db = rawDb(dir, name, pre + table + (fts ?? ''));
    const ins = db.prepare(INSERT);
    const ix = fts ? db.prepare('INSERT INTO danmaku_fts (rowid, text) VALUES (?, ?)') : null;
    const tx = db.transaction((b: RoomEvent[]) => {
      for (const e of b) {
        const r = ins.run(...toRow(ROOM, e));
        if (ix && r.changes && e.type === 'danmaku') ix.run(r.lastInsertRowid, e.text);
      }
    });
    batches(events, tx);
    db.close();
  };
}

const fts = (opts: string) => `CREATE VIRTUAL TABLE danmaku_fts USING fts5(text, content='events', content_rowid='id', tokenize='trigram'${opts});`;

/** The studio's store on a file changed by `sql` first (another index configuration, say). */
function storeWith(sql: string): Stage {
  return (dir, events) => {
    const file = path.join(dir, 'store.sqlite');
    new HistoryStore(file).close();
    const db = new Database(file);
    db.exec(sql);
    db.close();
    const store = new HistoryStore(file);
    batches(events, (b) => store.addBatch(b.map((event) => ({ room: ROOM, event }))));
    store.close();
  };
}

const STAGES: Record<string, Stage> = {
  'js: toRow only': (_dir, events) => { let n = 0; for (const e of events) n += toRow(ROOM, e).length; if (n < 0) throw new Error('unreachable'); },
  'sqlite: events table': tableStage('plain', null),
  'sqlite: + fts (schema 7)': tableStage('fts', fts('')),
  'sqlite: + fts columnsize=0': tableStage('fts-cs0', fts(', columnsize=0')),
  'sqlite: + fts detail=none': tableStage('fts-dn', fts(', detail=none')),
  'sqlite: + fts detail=column': tableStage('fts-dc', fts(', detail=column')),
  'sqlite: + fts columnsize=0 detail=none': tableStage('fts-cs0-dn', fts(', columnsize=0, detail=none')),
  'sqlite: table without unique index': tableStage('nouniq', null, EVENTS_TABLE.replace(', UNIQUE (room, seq)', '')),
  'sqlite: table page_size 8192': tableStage('p8k', null, EVENTS_TABLE, 'PRAGMA page_size = 8192;'),
  'sqlite: + fts automerge=16 crisis=64': tableStage('fts-am16', fts('') + `INSERT INTO danmaku_fts (danmaku_fts, rank) VALUES ('automerge', 16); INSERT INTO danmaku_fts (danmaku_fts, rank) VALUES ('crisismerge', 64);`),
  'store: HistoryStore, index as schema 7': storeWith(`DROP TABLE danmaku_fts; CREATE VIRTUAL TABLE danmaku_fts USING fts5(text, content='events', content_rowid='id', tokenize='trigram');`),
  'store: HistoryStore, automerge 16': storeWith(`INSERT INTO danmaku_fts (danmaku_fts, rank) VALUES ('automerge', 16);`),
  'store: HistoryStore.addBatch': (dir, events) => {
    const store = new HistoryStore(path.join(dir, 'store.sqlite'));
    batches(events, (b) => store.addBatch(b.map((event) => ({ room: ROOM, event }))));
    store.close();
  },
};

const REPEAT = Number(arg('--repeat') ?? 1);

function main(): void {
  const events = makeEvents(EVENTS);
  console.log(`history stages: ${EVENTS} events, ${BATCH} per transaction, best of ${REPEAT}; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const chosen = Object.entries(STAGES).filter(([name]) => !ONLY || ONLY.some((o) => name.includes(o)));
  const best = new Map<string, { cpuMs: number; wallMs: number }>();
  // Rounds interleave the stages, and the best (least disturbed) run of each counts: the other work
  // on a shared machine only ever adds time.
  for (let round = 0; round < REPEAT; round++) {
    for (const [name, stage] of chosen) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-history-stages-'));
      try {
        const t = cpu(() => stage(dir, events));
        const b = best.get(name);
        if (!b || t.cpuMs < b.cpuMs) best.set(name, { cpuMs: t.cpuMs, wallMs: t.wallMs });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  for (const [name, t] of best) {
    console.log(`${name.padEnd(42)} ${Math.round(t.cpuMs).toString().padStart(6)} ms CPU  ${Math.round(EVENTS / (t.cpuMs / 1000)).toString().padStart(8)} events/CPU-s  (wall ${Math.round(t.wallMs)} ms)`);
  }
  console.log(`load after ${loadSnapshot().load_avg_1m}`);
}

main();
