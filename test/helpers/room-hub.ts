/** A room hub on a plain HTTP server plus socket.io clients, for the room integration tests. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import type { Ack, RoomEvent, Welcome } from '../../common/room-protocol';
import { memoryLogger } from '../../media/log';
import { RoomRegistry } from '../../media/relay/rooms';
import { createRoomHub, type RoomHub, type RoomHubOptions } from '../../media/room/hub';

export const OWNER_KEY = 'owner-key-main-123';
const tmpDirs: string[] = [];
after(() => { for (const d of tmpDirs) rmSync(d, { recursive: true, force: true }); });

export function tmpDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'room-hub-'));
  tmpDirs.push(d);
  return d;
}

export interface Harness { url: string; hub: RoomHub; server: http.Server; stop(): Promise<void> }

/** A plain server that routes requests to whichever hub is current, as the relay does. */
export function routedServer(): { server: http.Server; use(hub: RoomHub): void } {
  let hub: RoomHub | null = null;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void Promise.resolve(hub?.httpRoute(req, res, url) ?? false).then((handled) => {
      if (!handled) res.writeHead(404).end('not found');
    });
  });
  return { server, use: (h) => { hub = h; } };
}

export async function startHub(extra: Partial<RoomHubOptions> = {}, routed = routedServer()): Promise<Harness> {
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

export type Client = { socket: Socket; welcome: Welcome; events: RoomEvent[]; batches: RoomEvent[][] };

export type ConnectError = Error & { data?: { code: string; message: string; retryAfterMs?: number } };

export function connect(url: string, auth: Record<string, unknown>, headers?: Record<string, string>): Promise<Client> {
  const socket = io(`${url}/room`, { auth, transports: ['websocket'], reconnection: false, forceNew: true, ...(headers ? { extraHeaders: headers } : {}) });
  const events: RoomEvent[] = [];
  const batches: RoomEvent[][] = [];
  socket.on('event', (e: RoomEvent) => events.push(e));
  socket.on('events', (b: RoomEvent[]) => { batches.push(b); events.push(...b); });
  return new Promise((resolve, reject) => {
    socket.once('welcome', (welcome: Welcome) => resolve({ socket, welcome, events, batches }));
    socket.once('connect_error', (err) => { socket.close(); reject(err); });
  });
}

// Bounds on a reply or a delivery are for a stuck hub, not a measure of speed: generous, so a loaded
// CI machine (load 10+ on 2 cores) does not fail them. Tests that prove something is fast bound it themselves.
export const send = <T extends object = { seq: number }>(c: Client, name: string, payload?: unknown): Promise<Ack<T>> =>
  c.socket.timeout(10_000).emitWithAck(name, payload) as Promise<Ack<T>>;

export async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function assertFail(a: Ack<object>, code: string): void {
  assert.equal(a.ok, false, `expected ${code}, got ${JSON.stringify(a)}`);
  if (!a.ok) assert.equal(a.code, code, a.message);
}

