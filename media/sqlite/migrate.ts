/**
 * Numbered migrations for our SQLite stores (the relay's room log, the studio's history): migration
 * N is at index N-1 and PRAGMA user_version records how many have run, each in its own transaction.
 */
import type Database from 'better-sqlite3';

export function migrate(db: Database.Database, migrations: readonly string[], what: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`The ${what} database is at schema version ${current}, newer than this app knows (${migrations.length}). Update Danmu Studio, or move the file aside to start a new one.`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
