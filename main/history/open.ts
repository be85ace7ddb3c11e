/**
 * Opens the history file, or, when it is not a history we can use (not SQLite, corrupt, another
 * program's database, a newer schema), moves it aside with its WAL and starts a fresh one. Nothing is
 * overwritten: the old file keeps its name plus ".unreadable-<time>", and the problem says where.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { CodedMessage } from '../../common/studio-api';
import { migrate } from '../../media/sqlite/migrate';
import { HISTORY_APPLICATION_ID, HISTORY_MIGRATIONS } from './migrations';

export interface OpenedHistory {
  db: Database.Database;
  problem: CodedMessage | null;
}

function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL: every committed transaction survives a crash of the process (not of the OS).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 2000');
  // 32 MB of page cache: the full-text index's merges stay in memory during ingest.
  db.pragma('cache_size = -32768');
}

/** Throws when the file is not our history (readable or not). */
function checkOurs(db: Database.Database): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).all().map((r) => r.name);
  if (appId === HISTORY_APPLICATION_ID) return;
  // Files from before the application id (schema 1-2) are ours when they hold our events table.
  const legacy = appId === 0 && ((tables.length === 0 && version === 0) || (version >= 1 && version <= 2 && tables.includes('events')));
  if (!legacy) throw new Error(`it is not a Danmu Studio history (application id ${appId}, tables: ${tables.slice(0, 5).join(', ') || 'none'})`);
}

function tryOpen(file: string): Database.Database {
  const db = new Database(file);
  try {
    checkOurs(db); // before anything writes: someone else's file must stay as it was
    configure(db);
    migrate(db, HISTORY_MIGRATIONS, 'studio history');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function openHistoryDatabase(file: string): OpenedHistory {
  if (file === ':memory:') {
    const db = new Database(file);
    migrate(db, HISTORY_MIGRATIONS, 'studio history');
    return { db, problem: null };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    return { db: tryOpen(file), problem: null };
  } catch (err) {
    const reason = (err as Error).message.replace(/\.$/, '');
    const aside = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    }
    const problem: CodedMessage = {
      code: 'history-moved-aside',
      params: { file, reason, aside },
      text: `The room history file ${file} could not be used (${reason}). It was moved to ${aside} and a new, empty history was started; nothing was deleted.`,
    };
    return { db: tryOpen(file), problem };
  }
}
