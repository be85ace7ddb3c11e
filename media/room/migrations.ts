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
  // 7: moderation. A held danmaku keeps its seq (its place in the order) with held = 1 until it is
  // approved (0) or denied (2); viewers' history skips held rows. Bans (and timeouts, which are bans
  // with `until`) remember the banned identity's network address, so a new identity from it is
  // banned too, and timeouts "for this stream" end when the stream does. The audit log keeps every
  // moderation action and automatic decision.
  `ALTER TABLE events ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE bans ADD COLUMN address TEXT;
   ALTER TABLE bans ADD COLUMN until_stream_end INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE holds (
     room TEXT NOT NULL,
     seq INTEGER NOT NULL,
     rule TEXT NOT NULL,
     detail TEXT NOT NULL,
     ts INTEGER NOT NULL,
     state TEXT NOT NULL DEFAULT 'pending',
     reviewed_by TEXT,
     reviewed_at INTEGER,
     PRIMARY KEY (room, seq)
   ) WITHOUT ROWID;
   CREATE INDEX holds_by_state ON holds (room, state, seq);
   CREATE TABLE audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     room TEXT NOT NULL,
     ts INTEGER NOT NULL,
     actor TEXT NOT NULL,
     actor_name TEXT NOT NULL,
     action TEXT NOT NULL,
     target_user TEXT,
     target_name TEXT,
     target_seq INTEGER,
     reason TEXT,
     detail TEXT
   );
   CREATE INDEX audit_by_room ON audit (room, id);`,
  // 8: viewer replays. A session (one publish, named by the seq of its live mark) is private until
  // the owner publishes it; comments viewers post on a replay are kept apart from the live log with
  // their position in the video (ms), so they never reach the live room.
  `CREATE TABLE replays (
     room TEXT NOT NULL,
     session INTEGER NOT NULL,
     published INTEGER NOT NULL DEFAULT 0,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (room, session)
   ) WITHOUT ROWID;
   CREATE TABLE replay_comments (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     room TEXT NOT NULL,
     session INTEGER NOT NULL,
     pos_ms INTEGER NOT NULL,
     ts INTEGER NOT NULL,
     user_id TEXT NOT NULL,
     user_name TEXT NOT NULL,
     text TEXT NOT NULL,
     color TEXT NOT NULL,
     mode TEXT NOT NULL
   );
   CREATE INDEX replay_comments_by_session ON replay_comments (room, session, id);`,
];
