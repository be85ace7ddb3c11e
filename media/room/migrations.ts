/** Schema of the room event log, as numbered migrations (index + 1 = PRAGMA user_version). */
export const EVENT_LOG_MIGRATIONS: readonly string[] = [
  // 1: the log itself. One row per event; `body` is the event as sent. WITHOUT ROWID keeps rows
  // clustered by (room, seq), which is exactly how history is read.
  `CREATE TABLE events (
     room TEXT NOT NULL,
     seq INTEGER NOT NULL,
     ts INTEGER NOT NULL,
     type TEXT NOT NULL,
     user_id TEXT NOT NULL,
     body TEXT NOT NULL,
     deleted INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (room, seq)
   ) WITHOUT ROWID;`,
  // 2: bans survive restarts.
  `CREATE TABLE bans (
     room TEXT NOT NULL,
     user_id TEXT NOT NULL,
     by_user TEXT NOT NULL,
     reason TEXT,
     ts INTEGER NOT NULL,
     PRIMARY KEY (room, user_id)
   ) WITHOUT ROWID;`,
];
