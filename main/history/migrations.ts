/** Schema of the studio's local room history, as numbered migrations (index + 1 = user_version). */
export const HISTORY_MIGRATIONS: readonly string[] = [
  // 1: every event the studio saw, with the columns search and analytics need pulled out of `body`.
  `CREATE TABLE events (
     id INTEGER PRIMARY KEY,
     room TEXT NOT NULL,
     seq INTEGER NOT NULL,
     ts INTEGER NOT NULL,
     type TEXT NOT NULL,
     user_id TEXT NOT NULL,
     user_name TEXT NOT NULL,
     text TEXT,
     count INTEGER NOT NULL DEFAULT 0,
     value INTEGER NOT NULL DEFAULT 0,
     deleted INTEGER NOT NULL DEFAULT 0,
     body TEXT NOT NULL,
     UNIQUE (room, seq)
   );
   CREATE INDEX events_room_type_ts ON events (room, type, ts);`,
  // 2: full-text search over danmaku. The trigram tokenizer matches any substring of 3+ characters,
  // which suits Chinese (no spaces between words); shorter queries fall back to LIKE.
  `CREATE VIRTUAL TABLE danmaku_fts USING fts5(text, content='events', content_rowid='id', tokenize='trigram');
   CREATE TRIGGER events_fts_insert AFTER INSERT ON events WHEN new.text IS NOT NULL BEGIN
     INSERT INTO danmaku_fts (rowid, text) VALUES (new.id, new.text);
   END;
   CREATE TRIGGER events_fts_delete AFTER DELETE ON events WHEN old.text IS NOT NULL BEGIN
     INSERT INTO danmaku_fts (danmaku_fts, rowid, text) VALUES ('delete', old.id, old.text);
   END;`,
];
