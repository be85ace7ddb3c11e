import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import type { Ack, RoomEvent, RoomEventsResponse, Welcome } from '../../common/room-protocol';
import { memoryLogger } from '../../media/log';
import { RoomRegistry } from '../../media/relay/rooms';
import { createRoomHub, type RoomHub, type RoomHubOptions } from '../../media/room/hub';

const OWNER_KEY = 'owner-key-main-123';
const tmpDirs: string[] = [];
after(() => { for (const d of tmpDirs) rmSync(d, { recursive: true, force: true }); });

function tmpDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'room-hub-'));
  tmpDirs.push(d);
  return d;
}

interface Harness { url: string; hub: RoomHub; server: http.Server; stop(): Promise<void> }

/** A plain server that routes requests to whichever hub is current, as the relay does. */
function routedServer(): { server: http.Server; use(hub: RoomHub): void } {
  let hub: RoomHub | null = null;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void Promise.resolve(hub?.httpRoute(req, res, url) ?? false).then((handled) => {
      if (!handled) res.writeHead(404).end('not found');
    });
  });
  return { server, use: (h) => { hub = h; } };
}

async function startHub(extra: Partial<RoomHubOptions> = {}, routed = routedServer()): Promise<Harness> {
  const srv = routed.server;
  if (!srv.listening) await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const rooms = new RoomRegistry(null, [{ id: 'main', key: OWNER_KEY }, { id: 'other', key: 'other-key-12345' }]);
  const hub = createRoomHub({ server: srv, rooms, dataDir: null, log: memoryLogger(), batchMs: 20, likeFlushMs: 100, viewerCountMs: 100, ...extra });
  routed.use(hub);
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  const sockets: Socket[] = [];
  return {
    url, hub, server: srv,
    stop: async () => {
      for (const s of sockets) s.close();
      await hub.close();
      await new Promise<void>((r) => srv.close(() => r()));
    },
  };
}

type Client = { socket: Socket; welcome: Welcome; events: RoomEvent[]; batches: RoomEvent[][] };

function connect(url: string, auth: Record<string, unknown>): Promise<Client> {
  const socket = io(`${url}/room`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  const events: RoomEvent[] = [];
  const batches: RoomEvent[][] = [];
  socket.on('event', (e: RoomEvent) => events.push(e));
  socket.on('events', (b: RoomEvent[]) => { batches.push(b); events.push(...b); });
  return new Promise((resolve, reject) => {
    socket.once('welcome', (welcome: Welcome) => resolve({ socket, welcome, events, batches }));
    socket.once('connect_error', (err) => { socket.close(); reject(err); });
  });
}

const send = <T extends object = { seq: number }>(c: Client, name: string, payload?: unknown): Promise<Ack<T>> =>
  c.socket.timeout(3000).emitWithAck(name, payload) as Promise<Ack<T>>;

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function assertFail(a: Ack<object>, code: string): void {
  assert.equal(a.ok, false, `expected ${code}, got ${JSON.stringify(a)}`);
  if (!a.ok) assert.equal(a.code, code, a.message);
}

describe('room hub', () => {
  it('delivers every event from 20 viewers to the owner once, in seq order, and batches to viewers', async () => {
    const h = await startHub({ addressRate: { perSecond: 1000, burst: 1000 } });
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      assert.equal(owner.welcome.you.role, 'owner');
      const viewers = await Promise.all(Array.from({ length: 20 }, (_, i) => connect(h.url, { room: 'main', name: `v${i}` })));
      const acks = await Promise.all(viewers.flatMap((v, i) => [0, 1, 2].map((j) => send(v, 'danmaku', { text: `hi ${i}-${j}` }))));
      assert.ok(acks.every((a) => a.ok), JSON.stringify(acks.find((a) => !a.ok)));
      const ackedSeqs = acks.map((a) => (a.ok ? a.seq : 0));
      assert.equal(new Set(ackedSeqs).size, 60);
      // 20 enters + 60 danmaku.
      await until(() => owner.events.length >= 80, 'owner events');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(owner.events.length, 80);
      assert.deepEqual(owner.events.map((e) => e.seq), Array.from({ length: 80 }, (_, i) => i + 1));
      const danmaku = owner.events.filter((e) => e.type === 'danmaku');
      assert.deepEqual(danmaku.map((e) => e.seq).sort((a, b) => a - b), ackedSeqs.sort((a, b) => a - b));
      // Viewers got batches (several events per packet), never single `event` packets.
      const last = viewers[19]!;
      await until(() => last.events.some((e) => e.type === 'danmaku' && e.text === 'hi 0-0'), 'viewer batch');
      assert.ok(last.batches.length < last.events.length, 'viewers receive events in batches');
      for (const v of viewers) v.socket.close();
      owner.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('refuses bad payloads with an error ack and keeps the connection', async () => {
    const h = await startHub();
    try {
      const v = await connect(h.url, { room: 'main' });
      assertFail(await send(v, 'danmaku', { text: 'x'.repeat(61) }), 'too_long');
      assertFail(await send(v, 'danmaku', { text: '好'.repeat(5000) }), 'too_long');
      assertFail(await send(v, 'danmaku', { text: 123 }), 'invalid');
      assertFail(await send(v, 'danmaku', 'hello'), 'invalid');
      assertFail(await send(v, 'danmaku', null), 'invalid');
      assertFail(await send(v, 'danmaku', { text: '  \n\t ' }), 'invalid');
      assertFail(await send(v, 'danmaku', { text: 'hi', color: 'red' }), 'invalid');
      assertFail(await send(v, 'danmaku', { text: 'hi', admin: true }), 'invalid');
      const huge = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
      assertFail(await send(v, 'gift', huge), 'invalid');
      assertFail(await send(v, 'gift', { giftId: 'diamond-car', count: 1 }), 'unknown_gift');
      assertFail(await send(v, 'gift', { giftId: 'rocket', count: -1 }), 'invalid');
      assertFail(await send(v, 'gift', { giftId: 'rocket', count: 1000 }), 'invalid');
      assertFail(await send(v, 'gift', { giftId: 'rocket', count: 1.5 }), 'invalid');
      assertFail(await send(v, 'gift', { giftId: 'rocket', count: 1, value: 0 }), 'invalid');
      assertFail(await send(v, 'history', { since: -1 }), 'invalid');
      assertFail(await send(v, 'history', { since: 0, limit: 501 }), 'invalid');
      // No ack callback at all: nothing is sent back, nothing breaks.
      v.socket.emit('danmaku', { text: 42 });
      v.socket.emit('gift');
      const ok = await send(v, 'danmaku', { text: '  hello\u0000 <b>world</b>\u202E  ' });
      assert.ok(ok.ok);
      const hist = await send<{ events: RoomEvent[] }>(v, 'history', { since: 0 });
      assert.ok(hist.ok);
      const stored = hist.events.filter((e) => e.type === 'danmaku');
      assert.equal(stored.length, 1, 'only the valid danmaku was stored');
      assert.equal(stored[0]?.type === 'danmaku' && stored[0].text, 'hello <b>world</b>');
      assert.ok(v.socket.connected);
      v.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('computes gift value from the catalog and counts combos', async () => {
    const h = await startHub();
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const v = await connect(h.url, { room: 'main' });
      for (const count of [2, 3]) assert.ok((await send(v, 'gift', { giftId: 'rocket', count })).ok);
      assert.ok((await send(v, 'gift', { giftId: 'heart', count: 1 })).ok);
      await until(() => owner.events.filter((e) => e.type === 'gift').length === 3, 'gifts');
      const gifts = owner.events.filter((e) => e.type === 'gift');
      assert.deepEqual(gifts.map((g) => g.type === 'gift' && [g.giftId, g.count, g.value, g.combo]), [
        ['rocket', 2, 10000, 1], ['rocket', 3, 15000, 2], ['heart', 1, 1, 1],
      ]);
      owner.socket.close();
      v.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('throttles a flooding viewer while other viewers keep posting', async () => {
    const h = await startHub({ addressRate: { perSecond: 1000, burst: 1000 } });
    try {
      const flooder = await connect(h.url, { room: 'main' });
      const calm = await connect(h.url, { room: 'main' });
      const flood = await Promise.all(Array.from({ length: 30 }, (_, i) => send(flooder, 'danmaku', { text: `spam ${i}` })));
      const accepted = flood.filter((a) => a.ok).length;
      assert.ok(accepted >= 1 && accepted <= 4, `flooder got ${accepted} through`);
      assert.ok(flood.some((a) => !a.ok && a.code === 'rate_limited'));
      assert.ok((await send(calm, 'danmaku', { text: 'hello' })).ok, 'a calm viewer is unaffected');
      // A fresh connection (well within its per-connection budget) still has a history budget.
      const reader = await connect(h.url, { room: 'main' });
      const pages = await Promise.all(Array.from({ length: 15 }, () => send(reader, 'history', { since: 0 })));
      assert.equal(pages.filter((a) => a.ok).length, 10, 'history paging by a viewer is limited to its burst');
      reader.socket.close();
      assert.ok((await send(calm, 'history', { since: 0 })).ok);
      flooder.socket.close();
      calm.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('limits posts per address across identities', async () => {
    const h = await startHub({ addressRate: { perSecond: 0.1, burst: 3 } });
    try {
      const clients = await Promise.all(Array.from({ length: 5 }, () => connect(h.url, { room: 'main' })));
      const acks = await Promise.all(clients.map((c) => send(c, 'danmaku', { text: 'hi' })));
      assert.equal(acks.filter((a) => a.ok).length, 3);
      assert.ok(acks.some((a) => !a.ok && a.code === 'rate_limited'));
      for (const c of clients) c.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('aggregates likes into few events and acks every click', async () => {
    const h = await startHub({ likeFlushMs: 300 });
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const v = await connect(h.url, { room: 'main' });
      const acks = await Promise.all(Array.from({ length: 15 }, () => send(v, 'like', { count: 2 })));
      assert.ok(acks.every((a) => a.ok));
      const likeSum = () => owner.events.reduce((n, e) => n + (e.type === 'like' ? e.count : 0), 0);
      await until(() => likeSum() >= 30, 'likes at the owner');
      const likes = owner.events.filter((e) => e.type === 'like');
      assert.ok(likes.length >= 1 && likes.length <= 2, `${likes.length} like events`);
      assert.equal(likes.reduce((n, e) => n + (e.type === 'like' ? e.count : 0), 0), 30);
      assertFail(await send(v, 'like', { count: 0 }), 'invalid');
      owner.socket.close();
      v.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('lets owner and moderators ban, unban and delete; viewers cannot', async () => {
    const h = await startHub();
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const troll = await connect(h.url, { room: 'main', name: 'troll' });
      const other = await connect(h.url, { room: 'main' });
      const bad = await send(troll, 'danmaku', { text: 'bad words' });
      assert.ok(bad.ok);
      assertFail(await send(other, 'ban', { userId: troll.welcome.you.id }), 'forbidden');
      assertFail(await send(other, 'delete', { seq: bad.seq }), 'forbidden');
      assertFail(await send(other, 'moderator-token', { name: 'me' }), 'forbidden');

      const modToken = await send<{ token: string; userId: string }>(owner, 'moderator-token', { name: 'Mod Ann' });
      assert.ok(modToken.ok);
      const mod = await connect(h.url, { room: 'main', token: modToken.token });
      assert.deepEqual(mod.welcome.you, { id: modToken.userId, name: 'Mod Ann', role: 'moderator' });
      // A moderator token is bound to its room.
      const elsewhere = await connect(h.url, { room: 'other', token: modToken.token });
      assert.equal(elsewhere.welcome.you.role, 'viewer');
      elsewhere.socket.close();

      const del = await send(mod, 'delete', { seq: bad.seq });
      assert.ok(del.ok);
      assertFail(await send(mod, 'delete', { seq: 9999 }), 'not_found');
      const ban = await send(mod, 'ban', { userId: troll.welcome.you.id, reason: 'spam' });
      assert.ok(ban.ok);
      assertFail(await send(troll, 'danmaku', { text: 'again' }), 'banned');
      assertFail(await send(troll, 'gift', { giftId: 'heart', count: 1 }), 'banned');
      assertFail(await send(mod, 'ban', { userId: 'owner' }), 'forbidden');

      await until(() => owner.events.some((e) => e.seq === ban.seq), 'ban event');
      const delEvent = owner.events.find((e) => e.seq === del.seq);
      assert.equal(delEvent?.type, 'system');
      assert.deepEqual(delEvent?.type === 'system' && [delEvent.code, delEvent.target?.seq], ['delete', bad.seq]);
      const banEvent = owner.events.find((e) => e.seq === ban.seq);
      assert.deepEqual(banEvent?.type === 'system' && [banEvent.code, banEvent.target?.userId], ['ban', troll.welcome.you.id]);

      // History shows the deleted danmaku emptied.
      const res = await fetch(`${h.url}/api/rooms/main/events?since=0`);
      const body = (await res.json()) as RoomEventsResponse;
      const removed = body.events.find((e) => e.seq === bad.seq);
      assert.deepEqual(removed?.type === 'danmaku' && [removed.text, removed.deleted], ['', true]);

      assert.ok((await send(owner, 'unban', { userId: troll.welcome.you.id })).ok);
      assert.ok((await send(troll, 'danmaku', { text: 'sorry' })).ok);
      for (const c of [owner, troll, other, mod]) c.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('keeps an anonymous viewer the same person with their token; a forged token is not that person', async () => {
    const h = await startHub({ dataDir: tmpDir() });
    try {
      const first = await connect(h.url, { room: 'main', name: '小明' });
      const token = first.welcome.token;
      assert.ok(token);
      first.socket.close();
      const again = await connect(h.url, { room: 'main', token });
      assert.equal(again.welcome.you.id, first.welcome.you.id);
      assert.equal(again.welcome.you.name, '小明');
      assert.equal(again.welcome.token, undefined);
      again.socket.close();

      const [head, body] = token.split('.');
      const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
      const forgedBody = Buffer.from(JSON.stringify({ ...claims, sub: 'v_someoneelse' })).toString('base64url');
      const forged = await connect(h.url, { room: 'main', token: `${head}.${forgedBody}.${token.split('.')[2]}` });
      assert.notEqual(forged.welcome.you.id, 'v_someoneelse');
      assert.notEqual(forged.welcome.you.id, first.welcome.you.id);
      assert.ok(forged.welcome.token, 'a forged token gets a fresh identity');
      forged.socket.close();
      // A viewer cannot promote themselves to moderator by editing claims either.
      const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'moderator', room: 'main' })).toString('base64url');
      const p = await connect(h.url, { room: 'main', token: `${head}.${promoted}.${token.split('.')[2]}` });
      assert.equal(p.welcome.you.role, 'viewer');
      p.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('refuses unknown rooms, bad handshakes and wrong keys with a clear error', async () => {
    const h = await startHub();
    try {
      await assert.rejects(connect(h.url, { room: 'nope' }), (err: Error & { data?: { code: string } }) => {
        assert.equal(err.data?.code, 'unknown_room');
        assert.match(err.message, /nope/);
        return true;
      });
      await assert.rejects(connect(h.url, { room: 'main', key: 'wrong-key' }), (err: Error & { data?: { code: string } }) => err.data?.code === 'forbidden');
      await assert.rejects(connect(h.url, { room: 42 }), (err: Error & { data?: { code: string } }) => err.data?.code === 'invalid');
    } finally {
      await h.stop();
    }
  });

  it('broadcasts only to the room an event belongs to', async () => {
    const h = await startHub();
    try {
      const mainOwner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const otherViewer = await connect(h.url, { room: 'other' });
      const mainViewer = await connect(h.url, { room: 'main' });
      assert.ok((await send(otherViewer, 'danmaku', { text: 'only in other' })).ok);
      assert.ok((await send(mainViewer, 'danmaku', { text: 'only in main' })).ok);
      await until(() => otherViewer.events.some((e) => e.type === 'danmaku'), 'other batch');
      await until(() => mainOwner.events.some((e) => e.type === 'danmaku'), 'main event');
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(mainOwner.events.every((e) => !(e.type === 'danmaku' && e.text === 'only in other')));
      assert.ok(otherViewer.events.every((e) => !(e.type === 'danmaku' && e.text === 'only in main')));
      for (const c of [mainOwner, otherViewer, mainViewer]) c.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('records live/offline and reports viewer counts', async () => {
    const h = await startHub();
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      assert.equal(owner.welcome.live, false);
      h.hub.setLive('main', true);
      const counts: number[] = [];
      owner.socket.on('viewers', (v: { count: number }) => counts.push(v.count));
      const v1 = await connect(h.url, { room: 'main' });
      assert.equal(v1.welcome.live, true);
      const v2 = await connect(h.url, { room: 'main' });
      await until(() => counts.at(-1) === 2, 'viewer count 2');
      h.hub.setLive('main', false);
      await until(() => owner.events.some((e) => e.type === 'system' && e.code === 'offline'), 'offline event');
      assert.ok(owner.events.some((e) => e.type === 'system' && e.code === 'live'));
      for (const c of [owner, v1, v2]) c.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('serves history over HTTP with validated queries', async () => {
    const h = await startHub();
    try {
      const v = await connect(h.url, { room: 'main' });
      for (let i = 0; i < 3; i++) assert.ok((await send(v, 'danmaku', { text: `m${i}` })).ok);
      const ok = await fetch(`${h.url}/api/rooms/main/events?since=2&limit=1`);
      assert.equal(ok.status, 200);
      const body = (await ok.json()) as RoomEventsResponse;
      assert.equal(body.room, 'main');
      assert.equal(body.seq, 4);
      assert.deepEqual(body.events.map((e) => e.seq), [3]);
      const bad = await fetch(`${h.url}/api/rooms/main/events?since=abc`);
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as { error: string }).error, 'invalid');
      assert.equal((await fetch(`${h.url}/api/rooms/main/events?limit=100000`)).status, 400);
      const missing = await fetch(`${h.url}/api/rooms/ghost/events`);
      assert.equal(missing.status, 404);
      assert.equal(((await missing.json()) as { error: string }).error, 'not_found');
      v.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('continues seq and keeps history and bans after a restart on the same data dir', async () => {
    const dataDir = tmpDir();
    const server = routedServer();
    const first = await startHub({ dataDir }, server);
    const owner = await connect(first.url, { room: 'main', key: OWNER_KEY });
    const v = await connect(first.url, { room: 'main' });
    const seqs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await send(v, 'danmaku', { text: `before ${i}` });
      assert.ok(a.ok);
      seqs.push(a.seq);
    }
    const ban = await send(owner, 'ban', { userId: v.welcome.you.id });
    assert.ok(ban.ok);
    owner.socket.close();
    v.socket.close();
    await first.hub.close();
    // The relay's own routes keep working without the hub.
    assert.equal((await fetch(`${first.url}/elsewhere`)).status, 404);

    // Same http server, new hub: the server is still usable for other routes and socket.io re-attaches.
    const second = await startHub({ dataDir }, server);
    try {
      const owner2 = await connect(second.url, { room: 'main', key: OWNER_KEY });
      assert.equal(owner2.welcome.seq, ban.seq);
      const viewer = await connect(second.url, { room: 'main', token: v.welcome.token });
      assertFail(await send(viewer, 'danmaku', { text: 'still muted?' }), 'banned');
      const fresh = await connect(second.url, { room: 'main' });
      const next = await send(fresh, 'danmaku', { text: 'after' });
      assert.ok(next.ok);
      assert.ok(next.seq > ban.seq);
      const hist = await send<{ events: RoomEvent[] }>(owner2, 'history', { since: 0, limit: 500 });
      assert.ok(hist.ok);
      assert.deepEqual(hist.events.map((e) => e.seq), Array.from({ length: next.seq }, (_, i) => i + 1));
      assert.deepEqual(hist.events.filter((e) => e.type === 'danmaku').map((e) => e.type === 'danmaku' && e.text), ['before 0', 'before 1', 'before 2', 'after']);
      for (const c of [owner2, viewer, fresh]) c.socket.close();
    } finally {
      await second.stop();
    }
  });
});
