/**
 * Bench server child: `hub` runs the real room hub (own process so its CPU and RSS can be read from
 * /proc); `baseline` runs a plain socket.io server that broadcasts every danmaku to everyone with no
 * checks, batching or storage; `batched` is the fair baseline: plain socket.io with the hub's
 * delivery shape (the owner, who connects with a key, gets each danmaku at once; viewers get one
 * batch every 100 ms) and still no checks, rules or storage. Reports its port over IPC.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { ROOM_NAMESPACE } from '../../common/room-protocol';
import { consoleLogger } from '../../media/log';
import { RoomRegistry } from '../../media/relay/rooms';
import { createRoomHub } from '../../media/room/hub';

const [mode = 'hub', key = 'bench-key-123456', dataDir = '', perUserRate = '1', partitions = '4'] = process.argv.slice(2);
const server = http.createServer();

if (mode === 'hub') {
  const rateLimit = Number(perUserRate);
  createRoomHub({
    server,
    rooms: new RoomRegistry(null, [{ id: 'main', key }]),
    dataDir: dataDir || null,
    log: consoleLogger('hub', true),
    // Every bench viewer shares 127.0.0.1, so the per-address limit must allow the whole load.
    addressRate: { perSecond: 10_000, burst: 10_000 },
    admission: { connectionsPerAddress: 100_000, transportsPerAddress: 100_000, identitiesPerAddress: { perSecond: 10_000, burst: 100_000 }, entersPerAddress: { perSecond: 10_000, burst: 100_000 } },
    viewerPartitions: Number(partitions),
    danmakuRate: { perSecond: rateLimit, burst: Math.max(3, Math.ceil(rateLimit * 3)) },
  });
} else if (mode === 'batched') {
  const io = new Server(server, { serveClient: false });
  const nsp = io.of(ROOM_NAMESPACE);
  let seq = 0;
  let pending: unknown[] = [];
  nsp.on('connection', (socket) => {
    void socket.join((socket.handshake.auth as { key?: string }).key ? 'staff' : 'viewers');
    socket.on('danmaku', (req: { text: string }, ack?: (a: unknown) => void) => {
      const e = { seq: ++seq, type: 'danmaku', text: req.text, ts: Date.now() };
      nsp.to('staff').emit('event', e);
      pending.push(e);
      ack?.({ ok: true, seq: e.seq });
    });
  });
  setInterval(() => {
    if (pending.length === 0) return;
    nsp.to('viewers').emit('events', pending);
    pending = [];
  }, 100);
} else {
  const io = new Server(server, { serveClient: false });
  io.of(ROOM_NAMESPACE).on('connection', (socket) => {
    socket.on('danmaku', (req: { text: string }, ack?: (a: unknown) => void) => {
      io.of(ROOM_NAMESPACE).emit('event', { type: 'danmaku', text: req.text, ts: Date.now() });
      ack?.({ ok: true, seq: 0 });
    });
  });
}

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});
// Event-loop delay during the measured window tells server-side stalls apart from machine load.
const loop = monitorEventLoopDelay({ resolution: 5 });
process.on('message', (m: { type: string }) => {
  if (m.type === 'measure') { loop.reset(); loop.enable(); }
  if (m.type === 'stats') {
    process.send?.({ type: 'stats', loopP50Ms: loop.percentile(50) / 1e6, loopP99Ms: loop.percentile(99) / 1e6, loopMaxMs: loop.max / 1e6 });
  }
});
process.on('disconnect', () => process.exit(0));
