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
  // 3: the ban list shows names and who banned; `until` is for bans that end by themselves (timeouts).
  `ALTER TABLE bans ADD COLUMN name TEXT;
   ALTER TABLE bans ADD COLUMN by_name TEXT;
   ALTER TABLE bans ADD COLUMN until INTEGER;`,
  // 4: appointed moderators, so tokens can expire and be revoked (a token alone is not enough).
  `CREATE TABLE moderators (
     room TEXT NOT NULL,
     user_id TEXT NOT NULL,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     revoked_at INTEGER,
     PRIMARY KEY (room, user_id)
   ) WITHOUT ROWID;`,
  // 5: per-room settings (the title; moderation settings), one JSON value per name.
  `CREATE TABLE room_settings (
     room TEXT NOT NULL,
     name TEXT NOT NULL,
     value TEXT NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (room, name)
   ) WITHOUT ROWID;`,
  // 6: the log's epoch, a random id created with the log: clients that see it change know the log
  // was reset (seq starts again) and re-sync from 0.
  `CREATE TABLE log_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
   INSERT INTO log_meta (key, value) VALUES ('epoch', lower(hex(randomblob(12))));`,
];
