// Fan-out across two hubs through the socket.io Redis adapter, with a real Redis: REDIS_URL if set,
// otherwise a throwaway redis-server (Debian's package, installed by .ci/run).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { io } from 'socket.io-client';
import type { Ack, RoomEvent } from '../../common/room-protocol';
import { memoryLogger } from '../../media/log';
import { RoomRegistry } from '../../media/relay/rooms';
import { createRoomHub } from '../../media/room/hub';
import { redisServerAvailable, startRedis } from '../helpers/redis';
import { waitFor } from '../helpers/media';

let REDIS_URL = process.env.REDIS_URL;
const canRun = Boolean(REDIS_URL) || redisServerAvailable();

describe('room hub with the Redis adapter', { skip: canRun ? false : 'needs redis-server (apt-get install redis-server) or REDIS_URL' }, () => {
  let stopRedis: (() => Promise<void>) | undefined;
  before(async () => {
    if (REDIS_URL) return;
    const r = await startRedis();
    REDIS_URL = r.url;
    stopRedis = r.stop;
  });
  after(async () => {
    await stopRedis?.();
  });
  it('delivers an event posted on one hub to the owner connected to another', async () => {
    const rooms = new RoomRegistry(null, [{ id: 'main', key: 'redis-key-12345' }]);
    const servers = [http.createServer(), http.createServer()];
    for (const s of servers) await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const hubs = servers.map((server) => createRoomHub({ server, rooms, dataDir: null, log: memoryLogger(), redisUrl: REDIS_URL }));
    const url = (i: number) => `http://127.0.0.1:${(servers[i]!.address() as AddressInfo).port}/room`;
    const owner = io(url(1), { auth: { room: 'main', key: 'redis-key-12345' }, transports: ['websocket'], forceNew: true });
    const viewer = io(url(0), { auth: { room: 'main' }, transports: ['websocket'], forceNew: true });
    try {
      const got: RoomEvent[] = [];
      owner.on('event', (e: RoomEvent) => got.push(e));
      await Promise.all([owner, viewer].map((s) => new Promise((r) => s.once('welcome', r))));
      // Both hubs' adapters subscribed (Redis counts the subscribers of their shared request channel;
      // each adapter pattern-subscribes to the event channels just before, on the same connection). A
      // fixed 300 ms wait for this raced with the clients' connect on a busy machine.
      const probe = createClient({ url: REDIS_URL });
      await probe.connect();
      try {
        await waitFor('both hubs subscribed in Redis', async () => {
          const counts = (await probe.sendCommand(['PUBSUB', 'NUMSUB', 'socket.io-request#/room#'])) as [string, number];
          return Number(counts[1]) >= 2;
        }, 15_000, 50);
      } finally {
        await probe.quit();
      }
      const ack = (await viewer.timeout(5000).emitWithAck('danmaku', { text: 'across nodes' })) as Ack;
      assert.ok(ack.ok);
      await waitFor('the danmaku at the owner on the other hub', () => got.some((e) => e.type === 'danmaku' && e.text === 'across nodes'), 15_000, 20);
    } finally {
      owner.close();
      viewer.close();
      await Promise.all(hubs.map((h) => h.close()));
      for (const s of servers) s.close();
    }
  });
});
