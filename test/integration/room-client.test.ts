import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import type { Ack, RoomEvent, Welcome } from '../../common/room-protocol';
import { recordRoom } from '../../main/history/recorder';
import { HistoryStore } from '../../main/history/store';
import { RoomClient } from '../../main/room/client';
import { memoryLogger } from '../../media/log';
import { RoomRegistry } from '../../media/relay/rooms';
import { createRoomHub, type RoomHub, type RoomHubOptions } from '../../media/room/hub';

const KEY = 'studio-key-12345';
const generous = { perSecond: 10_000, burst: 10_000 };
const dirs: string[] = [];
const tmpDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'room-client-'));
  dirs.push(d);
  return d;
};
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function listen(): Promise<{ server: http.Server; url: string; use(h: RoomHub): void }> {
  let hub: RoomHub | null = null;
  const server = http.createServer((req, res) => {
    void Promise.resolve(hub?.httpRoute(req, res, new URL(req.url ?? '/', 'http://x')) ?? false).then((ok) => { if (!ok) res.writeHead(404).end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, use: (h) => { hub = h; } };
}

function hubOn(srv: { server: http.Server; use(h: RoomHub): void }, extra: Partial<RoomHubOptions> = {}): RoomHub {
  const hub = createRoomHub({
    server: srv.server, rooms: new RoomRegistry(null, [{ id: 'main', key: KEY }]), dataDir: null, log: memoryLogger(),
    batchMs: 20, danmakuRate: generous, addressRate: generous, messageRate: generous, ...extra,
  });
  srv.use(hub);
  return hub;
}

async function viewer(url: string): Promise<{ socket: Socket; welcome: Welcome }> {
  const socket = io(`${url}/room`, { auth: { room: 'main' }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('welcome', (welcome: Welcome) => resolve({ socket, welcome }));
    socket.once('connect_error', reject);
  });
}

const say = (s: Socket, text: string) => s.timeout(5000).emitWithAck('danmaku', { text }) as Promise<Ack>;

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function follow(url: string, extra: Partial<ConstructorParameters<typeof RoomClient>[0]> = {}) {
  const client = new RoomClient({ url, room: 'main', key: KEY, fromSeq: 0, ...extra });
  const got: RoomEvent[] = [];
  client.on('event', (e) => got.push(e));
  client.connect();
  return { client, got, ready: until(() => client.state === 'live', 'studio live') };
}

const assertExactlyOnceInOrder = (got: RoomEvent[], upTo: number) =>
  assert.deepEqual(got.map((e) => e.seq), Array.from({ length: upTo }, (_, i) => i + 1));

describe('studio room client', () => {
  it('gets every event from 20 viewers exactly once in seq order and records it once', async () => {
    const srv = await listen();
    const hub = hubOn(srv);
    const store = new HistoryStore(':memory:');
    const { client, got, ready } = follow(srv.url);
    const stop = recordRoom(client, store, 'main');
    try {
      await ready;
      const viewers = await Promise.all(Array.from({ length: 20 }, () => viewer(srv.url)));
      const acks = await Promise.all(viewers.flatMap((v, i) => [0, 1, 2, 3, 4].map((j) => say(v.socket, `观众${i}说第${j}句话`))));
      assert.ok(acks.every((a) => a.ok));
      const top = Math.max(...acks.map((a) => (a.ok ? a.seq : 0)));
      await until(() => client.lastSeq >= top, 'all events at the studio');
      assertExactlyOnceInOrder(got, top);
      assert.equal(got.filter((e) => e.type === 'danmaku').length, 100);
      assert.equal(store.lastSeq('main'), top);
      assert.equal(store.totals('main').danmaku, 100);
      assert.deepEqual(store.search('main', '观众7说第3句').map((e) => e.type === 'danmaku' && e.text), ['观众7说第3句话']);
      await until(() => client.viewers === 20, 'viewer count');
      for (const v of viewers) v.socket.close();
    } finally {
      stop();
      client.close();
      store.close();
      await hub.close();
      srv.server.close();
    }
  });

  it('after a disconnect during 500 events it has exactly those 500, no duplicate', async () => {
    const srv = await listen();
    const hub = hubOn(srv);
    const { client, got, ready } = follow(srv.url, { historyPageSize: 120 });
    try {
      await ready;
      const viewers = await Promise.all(Array.from({ length: 10 }, () => viewer(srv.url)));
      await until(() => got.length === 10, 'enter events');
      const before = client.lastSeq;
      client.disconnect();
      const acks: Ack[] = [];
      for (let round = 0; round < 50; round++) {
        acks.push(...(await Promise.all(viewers.map((v, i) => say(v.socket, `r${round} v${i}`)))));
      }
      assert.ok(acks.every((a) => a.ok));
      assert.equal(got.length, 10, 'nothing arrives while disconnected');
      client.connect();
      await until(() => client.lastSeq >= before + 500, 'catch-up');
      // Keep live traffic flowing right after the catch-up to make overlap with history likely.
      const late = await say(viewers[0]!.socket, 'late');
      assert.ok(late.ok);
      await until(() => client.lastSeq >= late.seq, 'live after catch-up');
      assertExactlyOnceInOrder(got, late.seq);
      const missed = got.filter((e) => e.seq > before && e.seq <= before + 500);
      assert.equal(missed.length, 500);
      assert.deepEqual(new Set(missed.map((e) => e.type === 'danmaku' && e.text)).size, 500);
      for (const v of viewers) v.socket.close();
    } finally {
      client.close();
      await hub.close();
      srv.server.close();
    }
  });

  it('follows the room across a hub restart: seq continues, nothing lost or repeated', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'room-client-'));
    dirs.push(dataDir);
    const srv = await listen();
    let hub = hubOn(srv, { dataDir });
    const store = new HistoryStore(':memory:');
    const { client, got, ready } = follow(srv.url);
    recordRoom(client, store, 'main');
    try {
      await ready;
      const v1 = await viewer(srv.url);
      for (let i = 0; i < 5; i++) assert.ok((await say(v1.socket, `before ${i}`)).ok);
      await until(() => client.lastSeq === 6, 'first events');
      await hub.close();
      await until(() => client.state === 'disconnected', 'studio notices');
      hub = hubOn(srv, { dataDir });
      const v2 = await viewer(srv.url);
      assert.equal(v2.welcome.seq, 7, 'seq continues (6 stored + this viewer entering)');
      for (let i = 0; i < 5; i++) assert.ok((await say(v2.socket, `after ${i}`)).ok);
      await until(() => client.lastSeq === 12 && client.state === 'live', 'studio reconnected and caught up');
      assertExactlyOnceInOrder(got, 12);
      assert.deepEqual(store.list('main').map((e) => e.seq), Array.from({ length: 12 }, (_, i) => i + 1));
      v1.socket.close();
      v2.socket.close();
    } finally {
      client.close();
      store.close();
      await hub.close();
      srv.server.close();
    }
  });

  it('moderates from the studio: ban, delete, and a moderator client via an issued token', async () => {
    const srv = await listen();
    const hub = hubOn(srv);
    const owner = follow(srv.url);
    try {
      await owner.ready;
      const troll = await viewer(srv.url);
      const bad = await say(troll.socket, 'spam spam');
      assert.ok(bad.ok);
      const issued = await owner.client.issueModeratorToken('Ann');
      assert.ok(issued.ok);
      const mod = follow(srv.url, { key: undefined, token: issued.token });
      await mod.ready;
      assert.equal(mod.client.you?.role, 'moderator');
      assert.ok((await mod.client.deleteEvent(bad.seq)).ok);
      assert.ok((await owner.client.ban(troll.welcome.you.id, 'spam')).ok);
      const refused = await say(troll.socket, 'more spam');
      assert.equal(!refused.ok && refused.code, 'banned');
      const own = await owner.client.sendDanmaku({ text: '欢迎大家', color: '#FF0000' });
      assert.ok(own.ok);
      await until(() => mod.got.some((e) => e.seq === own.seq), 'moderator sees the owner');
      const ownEvent = mod.got.find((e) => e.seq === own.seq);
      assert.deepEqual(ownEvent?.type === 'danmaku' && [ownEvent.user.role, ownEvent.color], ['owner', '#ff0000']);
      await until(() => owner.got.some((e) => e.type === 'system' && e.code === 'delete' && e.target?.seq === bad.seq), 'delete at the owner');
      const bans = await mod.client.bans();
      assert.deepEqual(bans.ok && bans.bans.map((b) => [b.userId, b.reason]), [[troll.welcome.you.id, 'spam']]);
      assert.ok((await owner.client.setTitle('今晚唱歌')).ok);
      const mods = await owner.client.moderators();
      assert.deepEqual(mods.ok && mods.moderators.map((m) => m.name), ['Ann']);
      assert.ok((await owner.client.revokeModerator(issued.userId)).ok);
      await until(() => mod.client.state !== 'live', 'the revoked moderator is cut off');
      const late = await mod.client.bans().catch((err: Error) => err.message);
      assert.ok(typeof late === 'string' || (!late.ok && late.code === 'forbidden'), JSON.stringify(late));
      troll.socket.close();
      mod.client.close();
    } finally {
      owner.client.close();
      await hub.close();
      srv.server.close();
    }
  });

  it('notices a reset relay log (new epoch) and re-syncs from 0 instead of dropping the new events', async () => {
    const srv = await listen();
    let hub = hubOn(srv, { dataDir: tmpDir() });
    const { client, got, ready } = follow(srv.url);
    const resets: Array<{ epoch: string; previousEpoch: string | null; previousSeq: number }> = [];
    client.on('reset', (r) => resets.push(r));
    try {
      await ready;
      const firstEpoch = client.epoch;
      assert.ok(firstEpoch);
      const v1 = await viewer(srv.url);
      for (let i = 0; i < 5; i++) assert.ok((await say(v1.socket, `old ${i}`)).ok);
      await until(() => client.lastSeq === 6, 'first events');
      v1.socket.close();
      await hub.close();
      await until(() => client.state === 'disconnected', 'studio notices');
      // The relay comes back with an empty data folder: its log starts again at seq 1.
      hub = hubOn(srv, { dataDir: tmpDir() });
      await until(() => resets.length === 1 && client.state === 'live', 'reset noticed');
      assert.deepEqual(resets[0], { epoch: client.epoch, previousEpoch: firstEpoch, previousSeq: 6 });
      assert.notEqual(client.epoch, firstEpoch);
      const v2 = await viewer(srv.url);
      for (let i = 0; i < 3; i++) assert.ok((await say(v2.socket, `new ${i}`)).ok);
      await until(() => got.filter((e) => e.type === 'danmaku' && e.text.startsWith('new')).length === 3, 'new-log events delivered');
      // Old log 1..6, then the new log from 1 (the enter), exactly once and in order.
      assert.deepEqual(got.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 1, 2, 3, 4]);
      v2.socket.close();
    } finally {
      client.close();
      await hub.close();
      srv.server.close();
    }
  });

  it('notices a reset that happened while the studio was closed (local history ahead of the relay)', async () => {
    const srv = await listen();
    const hub = hubOn(srv);
    // The studio's local history ends at seq 40 of a log the relay no longer has.
    const { client, got, ready } = follow(srv.url, { fromSeq: 40, epoch: 'an-old-epoch' });
    const resets: unknown[] = [];
    client.on('reset', (r) => resets.push(r));
    try {
      await ready;
      assert.equal(resets.length, 1);
      const v = await viewer(srv.url);
      assert.ok((await say(v.socket, 'hello again')).ok);
      await until(() => got.some((e) => e.type === 'danmaku' && e.text === 'hello again'), 'event of the new log');
      assert.deepEqual(got.map((e) => e.seq), [1, 2]);
      v.socket.close();
    } finally {
      client.close();
      await hub.close();
      srv.server.close();
    }
  });
});
