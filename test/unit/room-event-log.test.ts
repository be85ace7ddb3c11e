import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { EventLog } from '../../media/room/event-log';
import { EVENT_LOG_MIGRATIONS } from '../../media/room/migrations';

const user = { id: 'v_1', name: 'a', role: 'viewer' as const };

describe('EventLog', () => {
  it('numbers events per room without gaps and keeps them across reopen', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'room-log-'));
    try {
      const log = new EventLog(dir);
      assert.equal(log.append('a', { type: 'enter', ts: 1, user }).seq, 1);
      assert.equal(log.append('a', { type: 'danmaku', ts: 2, user, text: '你好', color: '#ffffff', mode: 'scroll' }).seq, 2);
      assert.equal(log.append('b', { type: 'enter', ts: 3, user }).seq, 1);
      log.ban('a', { userId: 'v_9', name: 'troll', byId: 'owner', by: 'Host', reason: 'spam', at: 4 });
      log.markDeleted('a', 2);
      log.close();

      const again = new EventLog(dir);
      assert.equal(again.lastSeq('a'), 2);
      assert.equal(again.append('a', { type: 'like', ts: 5, user, count: 3 }).seq, 3);
      assert.deepEqual(again.since('a', 0, 10).map((e) => e.seq), [1, 2, 3]);
      assert.deepEqual(again.since('a', 1, 1).map((e) => e.seq), [2]);
      const deleted = again.get('a', 2);
      assert.deepEqual(deleted?.type === 'danmaku' && [deleted.text, deleted.deleted], ['', true]);
      assert.deepEqual([...again.bannedUsers('a')], ['v_9']);
      again.unban('a', 'v_9');
      assert.equal(again.bannedUsers('a').size, 0);
      again.close();

      const db = new Database(path.join(dir, 'room-events.sqlite'));
      assert.equal(db.pragma('user_version', { simple: true }), EVENT_LOG_MIGRATIONS.length);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
