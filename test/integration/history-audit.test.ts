/**
 * The studio's cache of the room's audit log, with real parts: a hub on a data folder, the studio's
 * room client as the owner and the history store on a temp SQLite file. An action taken while the
 * studio is connected (live `audit` event) and one taken while it is away (paged in through
 * `audit {since}` on reconnect) each end up cached exactly once, survive a restart of the studio
 * (the file reopened) and come out of the exports.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { AuditEntry } from '../../common/room-protocol';
import { parseCsv, AUDIT_CSV_COLUMNS } from '../../main/history/export';
import { syncAudit } from '../../main/history/audit-sync';
import { HistoryService } from '../../main/history/service';
import { HistoryStore } from '../../main/history/store';
import { RoomClient } from '../../main/room/client';
import { studioRequestSchemas } from '../../main/studio/api-schemas';
import { connect, OWNER_KEY, send, startHub, tmpDir, until } from '../helpers/room-hub';

/** The studio as composition.ts wires it: events to the history, audit to its cache. */
function studio(url: string, file: string, pageSize?: number) {
  const store = new HistoryStore(file);
  const service = new HistoryService(store, { room: () => 'main' });
  const client = new RoomClient({ url, room: 'main', key: OWNER_KEY, fromSeq: store.lastSeq('main') });
  const problems: Error[] = [];
  client.on('event', (e) => service.record('main', e));
  const sync = syncAudit(client, store.audit, 'main', (err) => problems.push(err), pageSize);
  client.connect();
  return {
    store, service, client, sync, problems,
    cached: () => store.audit.list('main', { limit: 1000 }),
    ready: until(() => client.state === 'live', 'studio connected'),
    close: async () => { sync.stop(); client.close(); await sync.idle(); service.close(); },
  };
}

describe('studio audit cache', () => {
  it('caches actions taken while connected and while away exactly once, across a restart, and exports them', async () => {
    const h = await startHub({ dataDir: tmpDir() });
    const file = path.join(tmpDir(), 'history.sqlite');
    try {
      h.hub.setLive('main', true);
      const a = studio(h.url, file);
      await a.ready;
      const v1 = await connect(h.url, { room: 'main', name: 'spammer' });
      const v2 = await connect(h.url, { room: 'main', name: 'shouter' });
      // While the studio is connected: its own ban arrives as a live `audit` event.
      assert.ok((await a.client.ban(v1.welcome.you.id, '刷屏 spam')).ok);
      await until(() => a.cached().some((e) => e.action === 'ban' && e.targetUserId === v1.welcome.you.id), 'the live ban entry is cached');
      await a.close();

      // While the studio is away: the owner times out a viewer from the browser console.
      const browser = await connect(h.url, { room: 'main', key: OWNER_KEY });
      assert.ok((await send(browser, 'timeout', { userId: v2.welcome.you.id, seconds: 600, reason: 'caps, "loud"' })).ok);
      for (const slowModeSeconds of [3, 5, 0]) assert.ok((await send(browser, 'room-settings', { slowModeSeconds })).ok);

      // The studio restarts on the same file: it pages in what it missed (pages of 2: several round trips).
      const b = studio(h.url, file, 2);
      await b.ready;
      await until(() => b.cached().some((e) => e.action === 'timeout' && e.targetUserId === v2.welcome.you.id), 'the missed timeout is paged in');
      await until(() => b.cached().filter((e) => e.action === 'room-settings').length === 3, 'the missed settings changes are paged in');
      // One more while connected after the restart, then a reconnect (catch-up overlaps live entries).
      assert.ok((await b.client.unban(v1.welcome.you.id)).ok);
      await until(() => b.cached().some((e) => e.action === 'unban'), 'the live unban is cached');
      b.client.disconnect();
      b.client.connect();
      await until(() => b.client.state === 'live', 'reconnected');
      await b.sync.idle();

      const hub = await send<{ entries: AuditEntry[] }>(browser, 'audit', { since: 0, limit: 500 });
      assert.ok(hub.ok);
      const cached = b.cached();
      assert.deepEqual(cached.map((e) => e.id), hub.entries.map((e) => e.id), 'every hub entry cached once, in order');
      assert.deepEqual(cached, hub.entries, 'cached entries read back as the hub sent them');
      assert.equal(cached.filter((e) => e.action === 'ban').length, 1);
      assert.equal(cached.filter((e) => e.action === 'timeout').length, 1);
      assert.deepEqual(b.problems, []);

      h.hub.setLive('main', false);
      await until(() => b.service.sessions().some((s) => !s.open), 'the session ended in the history');
      await b.close();
      browser.socket.close();
      v1.socket.close();
      v2.socket.close();

      // Reopened with the relay out of reach: the cache is still there, through the API's shapes.
      const store = new HistoryStore(file);
      const service = new HistoryService(store, { room: () => 'main' });
      try {
        assert.deepEqual(service.audit().entries, hub.entries);
        assert.deepEqual(service.audit({ since: hub.entries[0]!.id, limit: 1 }).entries, [hub.entries[1]]);
        const session = service.sessions()[0]!;
        assert.deepEqual(service.audit({ session: session.id }).entries.map((e) => e.action).filter((x) => x !== 'room-settings'), ['ban', 'timeout', 'unban']);

        const json = JSON.parse(service.export({ session: session.id, format: 'json' }).content) as { audit: AuditEntry[] };
        assert.deepEqual(json.audit.map((e) => e.id), service.audit({ session: session.id }).entries.map((e) => e.id));
        const csv = service.export({ session: session.id, format: 'audit' });
        assert.match(csv.filename, /-audit\.csv$/);
        const rows = parseCsv(csv.content);
        assert.deepEqual(rows[0], [...AUDIT_CSV_COLUMNS]);
        const timeout = rows.find((r) => r[4] === 'timeout')!;
        assert.equal(timeout[5], v2.welcome.you.id);
        assert.equal(timeout[8], 'caps, "loud"', 'commas and quotes survive the CSV');
        assert.equal(rows.find((r) => r[4] === 'ban')![8], '刷屏 spam');
      } finally {
        service.close();
      }
    } finally {
      await h.stop();
    }
  });

  it('validates history.audit at the API edge', () => {
    const s = studioRequestSchemas['history.audit'];
    assert.equal(s.safeParse(undefined).success, true);
    assert.equal(s.safeParse({ since: 3, limit: 10, session: 'main/1' }).success, true);
    assert.equal(s.safeParse({ limit: 100_000 }).success, false);
    assert.equal(s.safeParse({ since: -1 }).success, false);
    assert.equal(s.safeParse({ session: '../x' }).success, false);
    assert.equal(s.safeParse({ sql: 'DROP' }).success, false);
  });

  it('skips malformed entries from the hub instead of storing them half', () => {
    const store = new HistoryStore(':memory:');
    try {
      const good: AuditEntry = { id: 1, at: 1000, actor: 'rule:links', actorName: 'links', action: 'hold', detail: 'www.example.com' };
      const added = store.audit.add('main', [good, good, { id: 'x', at: 1 } as unknown as AuditEntry, { ...good, id: 2, at: Number.NaN }]);
      assert.equal(added, 1);
      assert.deepEqual(store.audit.list('main'), [good]);
      assert.equal(store.audit.lastId('main'), 1);
    } finally {
      store.close();
    }
  });
});
