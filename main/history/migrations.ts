/** Schema of the studio's local room history, as numbered migrations (index + 1 = user_version). */
/** PRAGMA application_id of a history file ("DMSU"): tells our file from someone else's SQLite file. */
export const HISTORY_APPLICATION_ID = 0x444d5355;

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
  // 3: the history of sessions. Events lose the JSON `body` (columns only: a third of the bytes and
  // twice the ingest rate); the rest of an event that has no column of its own goes to `extra`.
  // Danmaku text is indexed directly (no trigger); `code` holds a system event's code or a gift's id,
  // so sessions can be derived from the live/offline marks in SQL. `minutes` rolls events up per
  // minute at ingest (charts and date ranges read it instead of scanning events), `viewers` keeps the
  // audience count over time and `recordings` the files the pipeline wrote.
  `CREATE TABLE events3 (
     id INTEGER PRIMARY KEY,
     room TEXT NOT NULL,
     seq INTEGER NOT NULL,
     ts INTEGER NOT NULL,
     type TEXT NOT NULL,
     user_id TEXT NOT NULL,
     user_name TEXT NOT NULL,
     role TEXT NOT NULL,
     text TEXT,
     code TEXT,
     count INTEGER NOT NULL DEFAULT 0,
     value INTEGER NOT NULL DEFAULT 0,
     deleted INTEGER NOT NULL DEFAULT 0,
     extra TEXT,
     UNIQUE (room, seq)
   );
   INSERT INTO events3 (id, room, seq, ts, type, user_id, user_name, role, text, code, count, value, deleted, extra)
     SELECT id, room, seq, ts, type, user_id, user_name, COALESCE(json_extract(body, '$.user.role'), 'viewer'),
            CASE WHEN type = 'danmaku' THEN json_extract(body, '$.text') END,
            CASE type WHEN 'system' THEN json_extract(body, '$.code') WHEN 'gift' THEN json_extract(body, '$.giftId') END,
            count, value, deleted,
            CASE type
              WHEN 'danmaku' THEN json_object('color', json_extract(body, '$.color'), 'mode', json_extract(body, '$.mode'))
              WHEN 'gift' THEN json_object('name', json_extract(body, '$.name'), 'combo', json_extract(body, '$.combo'))
              WHEN 'system' THEN json_object('text', json_extract(body, '$.text'), 'params', COALESCE(json_extract(body, '$.params'), json('{}')), 'target', json_extract(body, '$.target'))
            END
     FROM events;
   DROP TRIGGER events_fts_insert;
   DROP TRIGGER events_fts_delete;
   DROP TABLE danmaku_fts;
   DROP TABLE events;
   ALTER TABLE events3 RENAME TO events;
   CREATE INDEX events_marks ON events (room, seq) WHERE type = 'system' AND code IN ('live', 'offline');
   CREATE INDEX events_user ON events (room, user_id);
   CREATE VIRTUAL TABLE danmaku_fts USING fts5(text, content='events', content_rowid='id', tokenize='trigram');
   INSERT INTO danmaku_fts (danmaku_fts) VALUES ('rebuild');
   CREATE TABLE minutes (
     room TEXT NOT NULL,
     minute INTEGER NOT NULL,
     first_seq INTEGER NOT NULL,
     last_seq INTEGER NOT NULL,
     danmaku INTEGER NOT NULL DEFAULT 0,
     gift_value INTEGER NOT NULL DEFAULT 0,
     gifts INTEGER NOT NULL DEFAULT 0,
     likes INTEGER NOT NULL DEFAULT 0,
     enters INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (room, minute)
   ) WITHOUT ROWID;
   INSERT INTO minutes (room, minute, first_seq, last_seq, danmaku, gift_value, gifts, likes, enters)
     SELECT room, (ts / 60000) * 60000, MIN(seq), MAX(seq), SUM(type = 'danmaku'),
            SUM(CASE WHEN type = 'gift' THEN value ELSE 0 END), SUM(CASE WHEN type = 'gift' THEN count ELSE 0 END),
            SUM(CASE WHEN type = 'like' THEN count ELSE 0 END), SUM(type = 'enter')
     FROM events GROUP BY room, ts / 60000;
   CREATE TABLE viewers (
     room TEXT NOT NULL,
     ts INTEGER NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (room, ts)
   ) WITHOUT ROWID;
   CREATE TABLE recordings (
     room TEXT NOT NULL,
     path TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     ended_at INTEGER,
     PRIMARY KEY (room, path)
   ) WITHOUT ROWID;
   CREATE TABLE session_stats (
     room TEXT NOT NULL,
     start_seq INTEGER NOT NULL,
     end_seq INTEGER NOT NULL,
     stats TEXT NOT NULL,
     PRIMARY KEY (room, start_seq)
   ) WITHOUT ROWID;
   PRAGMA application_id = 1145918293; -- HISTORY_APPLICATION_ID`,
  // 4: no index on users. Keeping it sorted costs a third of the ingest rate (random user ids touch
  // random pages); a search by user walks events newest first instead and stops at its limit.
  `DROP INDEX events_user;`,
  // 5: which relay log (epoch) a room's events came from, and the archives of earlier logs: when the
  // relay's log is reset its seqs start again at 1, so the old events move to "<room>~<n>" rather
  // than blocking the new ones (rows are keyed by room and seq).
  // `supporters` keeps each giver's first gift, so "returning supporters" is a lookup, not a scan.
  `CREATE TABLE room_logs (
     room TEXT PRIMARY KEY,
     epoch TEXT,
     archives INTEGER NOT NULL DEFAULT 0
   ) WITHOUT ROWID;
   CREATE TABLE supporters (
     room TEXT NOT NULL,
     user_id TEXT NOT NULL,
     first_seq INTEGER NOT NULL,
     PRIMARY KEY (room, user_id)
   ) WITHOUT ROWID;
   INSERT INTO supporters (room, user_id, first_seq) SELECT room, user_id, MIN(seq) FROM events WHERE type = 'gift' GROUP BY room, user_id;`,
  // 6: system events (moderation, marks) are rare: a small partial index finds a session's moderation
  // without walking all its danmaku.
  `CREATE INDEX events_system ON events (room, seq) WHERE type = 'system';`,
  // 7: the hub's audit log (staff actions and automatic decisions), cached so it can be read and
  // exported offline. Keyed by the hub's entry id: a page and the live event for one entry store once.
  `CREATE TABLE audit (
     room TEXT NOT NULL,
     id INTEGER NOT NULL,
     at INTEGER NOT NULL,
     actor TEXT NOT NULL,
     actor_name TEXT NOT NULL,
     action TEXT NOT NULL,
     target_user_id TEXT,
     target_name TEXT,
     target_seq INTEGER,
     reason TEXT,
     detail TEXT,
     PRIMARY KEY (room, id)
   ) WITHOUT ROWID;
   CREATE INDEX audit_at ON audit (room, at);`,
  // 8: the search index keeps no per-row sizes (columnsize=0): nothing reads them (matches are listed
  // newest first, never ranked), and writing one per danmaku cost ~5 % of ingest. (Merging 16 segments
  // at a time instead of 4 saved another ~4 % but made a search after a burst ~50 % slower: kept at 4.)
  // Rebuilt from the rows, danmaku with text only: a row is in the index exactly when it is one of those.
  `DROP TABLE danmaku_fts;
   CREATE VIRTUAL TABLE danmaku_fts USING fts5(text, content='events', content_rowid='id', tokenize='trigram', columnsize=0);
   INSERT INTO danmaku_fts (rowid, text) SELECT id, text FROM events WHERE type = 'danmaku' AND text IS NOT NULL;`,
];
