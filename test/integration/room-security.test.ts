/**
 * The live room against hostile clients (issue 7, observations 5 and 6): connection and identity
 * floods from one address, and moderators whose rights end when the owner says so.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Manager } from 'socket.io-client';
import type { ModeratorEntry, RoomEvent } from '../../common/room-protocol';
import {
  assertFail, connect, OWNER_KEY, routedServer, send, startHub, tmpDir, until, type Client, type ConnectError,
} from '../helpers/room-hub';

const dirBytes = (dir: string) => readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);

/** Connects, or resolves with the refusal's code. */
const attempt = (url: string, auth: Record<string, unknown>, headers?: Record<string, string>): Promise<Client | string> =>
  connect(url, auth, headers).catch((err: ConnectError) => err.data?.code ?? `error: ${err.message}`);

describe('room hub under a connection flood', () => {
  it('2,000 tokenless connections from one address in a minute: bounded identities and enter events, the room carries on', async (t) => {
    const dataDir = tmpDir();
    // A compressed minute: the hub's clock advances 30 ms per connection attempt.
    const start = Date.now();
    let clock = start;
    const h = await startHub({ dataDir, now: () => clock });
    const open: Client[] = [];
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const rssBefore = process.memoryUsage().rss;
      const codes = new Map<string, number>();
      for (let batch = 0; batch < 40; batch++) {
        const results = await Promise.all(Array.from({ length: 50 }, () => {
          clock += 30;
          return attempt(h.url, { room: 'main' });
        }));
        for (const r of results) {
          if (typeof r === 'string') codes.set(r, (codes.get(r) ?? 0) + 1);
          else open.push(r);
        }
      }
      assert.equal(clock - start, 60_000);
      // Default: 200 at once (a lecture hall opening the link together), then 60 a minute.
      assert.ok(open.length >= 200 && open.length <= 265, `${open.length} identities created`);
      assert.equal(codes.get('too_many_identities'), 2000 - open.length, JSON.stringify([...codes]));
      assert.equal(new Set(open.map((c) => c.welcome.you.id)).size, open.length);

      // Enter events stored: at most 60 at once plus 30 a minute (and each viewer once a minute).
      await until(() => owner.events.filter((e) => e.type === 'enter').length >= 60, 'enter events');
      const hist = await send<{ events: RoomEvent[] }>(owner, 'history', { since: 0, limit: 500 });
      assert.ok(hist.ok);
      const enters = hist.events.filter((e) => e.type === 'enter').length;
      assert.ok(enters >= 60 && enters <= 95, `${enters} enter events stored`);
      assert.equal(h.hub.admission.enters, open.length - enters);

      t.diagnostic(`identities ${open.length}, refused ${2000 - open.length}, enter events ${enters}, data folder ${dirBytes(dataDir)} bytes, rss +${Math.round((process.memoryUsage().rss - rssBefore) / 1e6)} MB, ${Date.now() - start} ms`);
      // The data folder holds a few dozen events, not two thousand.
      assert.ok(dirBytes(dataDir) < 3_000_000, `data folder is ${dirBytes(dataDir)} bytes`);
      assert.ok(process.memoryUsage().rss - rssBefore < 300_000_000, 'memory stays bounded');

      // The room carries on: a viewer who kept their token gets back in and posts; the owner too.
      const regular = open[0]!;
      regular.socket.close();
      clock += 1000;
      const back = await connect(h.url, { room: 'main', token: regular.welcome.token });
      assert.equal(back.welcome.you.id, regular.welcome.you.id);
      assert.ok((await send(back, 'danmaku', { text: '还在' })).ok);
      assert.ok((await send(owner, 'danmaku', { text: 'host here' })).ok);
      back.socket.close();
      owner.socket.close();
    } finally {
      for (const c of open) c.socket.close();
      await h.stop();
    }
  });

  it('caps open connections per address, frees the slot on disconnect, and never caps the owner', async () => {
    const h = await startHub({ admission: { connectionsPerAddress: 20 } });
    const open: Client[] = [];
    try {
      const first = await connect(h.url, { room: 'main' });
      open.push(first);
      const token = first.welcome.token;
      for (let i = 0; i < 19; i++) open.push(await connect(h.url, { room: 'main', token }));
      const refused = await attempt(h.url, { room: 'main', token });
      assert.equal(refused, 'too_many_connections');
      await assert.rejects(connect(h.url, { room: 'main', token }), (err: ConnectError) => {
        assert.match(err.message, /Too many connections/);
        assert.ok((err.data?.retryAfterMs ?? 0) > 0);
        return true;
      });
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      open.push(owner);
      open.shift()!.socket.close();
      let again: Client | string = '';
      const end = Date.now() + 5000;
      while (typeof again === 'string' && Date.now() < end) again = await attempt(h.url, { room: 'main', token });
      assert.notEqual(typeof again, 'string', 'a closed connection frees its slot');
      if (typeof again !== 'string') open.push(again);
    } finally {
      for (const c of open) c.socket.close();
      await h.stop();
    }
  });

  it('caps raw socket.io transports per address, joined to a room or not', async () => {
    const h = await startHub({ admission: { transportsPerAddress: 5 } });
    const managers: Manager[] = [];
    try {
      const closed: number[] = [];
      await Promise.all(Array.from({ length: 8 }, (_, i) => new Promise<void>((resolve) => {
        const m = new Manager(h.url, { transports: ['websocket'], reconnection: false, autoConnect: false });
        managers.push(m);
        m.on('close', () => closed.push(i));
        m.open(() => resolve());
      })));
      await until(() => closed.length >= 3, 'excess transports closed');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(closed.length, 3, 'five stay open, the rest are closed');
      assert.equal(h.hub.admission.transports, 3);
    } finally {
      for (const m of managers) m.engine?.close();
      await h.stop();
    }
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const limits = { identitiesPerAddress: { perSecond: 0.001, burst: 2 } };
    const direct = await startHub({ admission: limits });
    const open: Client[] = [];
    try {
      // Not behind a trusted proxy: a forged header changes nothing, all three come from 127.0.0.1.
      const codes = [];
      for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        const r = await attempt(direct.url, { room: 'main' }, { 'x-forwarded-for': ip });
        codes.push(typeof r === 'string' ? r : 'ok');
        if (typeof r !== 'string') open.push(r);
      }
      assert.deepEqual(codes, ['ok', 'ok', 'too_many_identities']);
    } finally {
      for (const c of open.splice(0)) c.socket.close();
      await direct.stop();
    }
    const proxied = await startHub({ admission: limits, trustedProxies: ['127.0.0.1'] });
    try {
      const codes = [];
      for (const ip of ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2', '2001:db8:1:2::5', '2001:db8:1:2::6', '2001:db8:1:2::7']) {
        const r = await attempt(proxied.url, { room: 'main' }, { 'x-forwarded-for': `198.51.100.9, ${ip}` });
        codes.push(typeof r === 'string' ? r : 'ok');
        if (typeof r !== 'string') open.push(r);
      }
      // Per client address behind the proxy; IPv6 by /64.
      assert.deepEqual(codes, ['ok', 'ok', 'too_many_identities', 'ok', 'ok', 'ok', 'too_many_identities']);
    } finally {
      for (const c of open) c.socket.close();
      await proxied.stop();
    }
  });
});

describe('moderator rights', () => {
  async function appoint(owner: Client, name = 'Ann', extra: Record<string, unknown> = {}) {
    const a = await send<{ token: string; userId: string; expiresAt: number }>(owner, 'moderator-token', { name, ...extra });
    assert.ok(a.ok, JSON.stringify(a));
    return a;
  }

  it('a banned moderator loses every right at once: open connection closed, new ones refused, cannot unban itself', async () => {
    const h = await startHub();
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const troll = await connect(h.url, { room: 'main', name: 'troll' });
      const said = await send(troll, 'danmaku', { text: 'keep me' });
      assert.ok(said.ok);
      const m = await appoint(owner);
      const mod = await connect(h.url, { room: 'main', token: m.token });
      assert.equal(mod.welcome.you.role, 'moderator');
      const modTwo = await connect(h.url, { room: 'main', token: m.token });
      const closed = Promise.all([mod, modTwo].map((c) => new Promise<string>((r) => c.socket.once('disconnect', r))));
      assert.ok((await send(owner, 'ban', { userId: m.userId, reason: 'abuse' })).ok);
      assert.deepEqual(await closed, ['io server disconnect', 'io server disconnect']);
      await assert.rejects(connect(h.url, { room: 'main', token: m.token }), (err: ConnectError) => err.data?.code === 'token_revoked');
      // Nothing it tried took effect.
      const hist = await send<{ events: RoomEvent[] }>(owner, 'history', { since: 0 });
      assert.ok(hist.ok);
      assert.ok(hist.events.some((e) => e.seq === said.seq && e.type === 'danmaku' && !e.deleted && e.text === 'keep me'));
      const list = await send<{ moderators: ModeratorEntry[] }>(owner, 'moderators', {});
      assert.ok(list.ok);
      assert.equal(typeof list.moderators[0]?.revokedAt, 'number', 'a ban ends the appointment');
      // Unbanning does not make them a moderator again.
      assert.ok((await send(owner, 'unban', { userId: m.userId })).ok);
      await assert.rejects(connect(h.url, { room: 'main', token: m.token }), (err: ConnectError) => err.data?.code === 'token_revoked');
      for (const c of [owner, troll]) c.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('rights are re-checked on every action against the stored list: revoked on one relay process, refused on another', async () => {
    const dataDir = tmpDir();
    const a = await startHub({ dataDir });
    const b = await startHub({ dataDir }, routedServer());
    try {
      const owner = await connect(a.url, { room: 'main', key: OWNER_KEY });
      const v = await connect(a.url, { room: 'main' });
      const m = await appoint(owner, 'Bob');
      // The moderator is on process B, which never hears of the revocation (no Redis here).
      const mod = await connect(b.url, { room: 'main', token: m.token });
      assert.ok((await send(mod, 'bans', {})).ok);
      const revoke = await send(owner, 'revoke-moderator', { userId: m.userId });
      assert.ok(revoke.ok);
      assert.ok(mod.socket.connected);
      for (const [name, payload] of [['ban', { userId: v.welcome.you.id }], ['unban', { userId: v.welcome.you.id }], ['delete', { seq: 1 }], ['bans', {}]] as const) {
        const r = await send(mod, name, payload);
        assertFail(r, 'forbidden');
        assert.match(!r.ok ? r.message : '', /revoked/);
      }
      assertFail(await send(owner, 'revoke-moderator', { userId: m.userId }), 'not_found');
      await until(() => owner.events.some((e) => e.type === 'system' && e.code === 'moderator-revoked'), 'revoked event');
      for (const c of [owner, v, mod]) c.socket.close();
    } finally {
      await b.stop();
      await a.stop();
    }
  });

  it('a revoked token is refused, an expired one too; moderators are listed for the owner only', async () => {
    let clock = Date.now();
    const h = await startHub({ now: () => clock, moderatorTokenTtlMs: 7 * 24 * 3600_000 });
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const revoked = await appoint(owner, 'Cat');
      const short = await appoint(owner, 'Dan', { ttlSeconds: 3600 });
      const long = await appoint(owner, 'Eve', { ttlSeconds: 365 * 86_400 });
      assert.equal(short.expiresAt - clock, 3600_000);
      assert.equal(long.expiresAt - clock, 7 * 24 * 3600_000, 'the owner cannot exceed the relay limit');

      const cat = await connect(h.url, { room: 'main', token: revoked.token });
      assertFail(await send(cat, 'moderators', {}), 'forbidden');
      assertFail(await send(cat, 'revoke-moderator', { userId: short.userId }), 'forbidden');
      const closed = new Promise<string>((r) => cat.socket.once('disconnect', r));
      assert.ok((await send(owner, 'revoke-moderator', { userId: revoked.userId })).ok);
      assert.equal(await closed, 'io server disconnect');
      await assert.rejects(connect(h.url, { room: 'main', token: revoked.token }), (err: ConnectError) => {
        assert.equal(err.data?.code, 'token_revoked');
        assert.match(err.message, /revoked/);
        return true;
      });

      const dan = await connect(h.url, { room: 'main', token: short.token });
      assert.ok((await send(dan, 'bans', {})).ok);
      clock += 3600_000 + 1;
      const expired = await send(dan, 'bans', {});
      assertFail(expired, 'forbidden');
      assert.match(!expired.ok ? expired.message : '', /expired/);
      await assert.rejects(connect(h.url, { room: 'main', token: short.token }), (err: ConnectError) => err.data?.code === 'token_expired');
      clock += 7 * 24 * 3600_000;
      await assert.rejects(connect(h.url, { room: 'main', token: long.token }), (err: ConnectError) => err.data?.code === 'token_expired');

      const list = await send<{ moderators: ModeratorEntry[] }>(owner, 'moderators', {});
      assert.ok(list.ok);
      assert.deepEqual(list.moderators.map((x) => [x.name, x.revokedAt !== undefined]).sort(), [['Cat', true], ['Dan', false], ['Eve', false]]);
      for (const c of [owner, dan]) c.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('moderators cannot ban other moderators or themselves; staff actions are rate limited per identity', async () => {
    const h = await startHub({ messageRate: { perSecond: 1000, burst: 1000 } });
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const [a, b] = [await appoint(owner, 'A'), await appoint(owner, 'B')];
      const modA = await connect(h.url, { room: 'main', token: a.token });
      assertFail(await send(modA, 'ban', { userId: b.userId }), 'forbidden');
      assertFail(await send(modA, 'ban', { userId: a.userId }), 'forbidden');
      const burst = await Promise.all(Array.from({ length: 40 }, () => send(modA, 'bans', {})));
      const limited = burst.filter((r) => !r.ok && r.code === 'rate_limited').length;
      assert.ok(limited >= 5 && limited <= 12, `${limited} of 40 staff actions limited`);
      assert.ok((await send(owner, 'bans', {})).ok, 'limits are per identity');
      for (const c of [owner, modA]) c.socket.close();
    } finally {
      await h.stop();
    }
  });
});
