/**
 * Issue 7, observation 8 (held sockets) and the HTTP bounds: unknown Upgrade requests are answered
 * and closed while socket.io's still upgrades, sockets that send nothing time out, and one address
 * cannot hold more than its share of connections (unless it is a trusted reverse proxy).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { startRelayService, type RelayService } from '../../media/relay/service';
import { waitFor } from '../helpers/media';

const processes = new ProcessRegistry();
const log = memoryLogger();
let service: RelayService;
const fds = () => readdirSync('/proc/self/fd').length;

before(async () => {
  service = await startRelayService({
    host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log,
    dataDir: mkdtempSync(path.join(tmpdir(), 'danmu-http-guard-')),
    rooms: [{ id: 'main', key: 'http-guard-key-1' }],
    limits: { httpConnectionsPerAddress: 1000, httpHeadersTimeoutMs: 1500 },
  });
});

after(async () => {
  await service.stop();
  processes.dispose();
});

/** Sends raw bytes; resolves with what came back and how long until the server closed. */
function rawExchange(port: number, request: string | null, timeoutMs = 10_000): Promise<{ reply: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const s = net.connect(port, '127.0.0.1', () => { if (request !== null) s.write(request); });
    let reply = '';
    s.on('data', (d) => (reply += d.toString('latin1')));
    s.on('error', () => {});
    const timer = setTimeout(() => { s.destroy(); resolve({ reply, closedAfterMs: -1 }); }, timeoutMs);
    s.on('close', () => { clearTimeout(timer); resolve({ reply, closedAfterMs: Date.now() - t0 }); });
  });
}

const upgradeRequest = (p: string) => `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

test('500 idle Upgrade requests to an unknown path are answered and closed; file descriptors do not grow', async () => {
  const port = service.relay.httpPort;
  const baseline = fds();
  const results = await Promise.all(Array.from({ length: 500 }, (_, i) => rawExchange(port, upgradeRequest(`/nothing-here/${i}`))));
  const held = results.filter((r) => r.closedAfterMs < 0).length;
  assert.equal(held, 0, `${held} of 500 upgrade sockets were held open`);
  assert.ok(results.every((r) => r.reply.startsWith('HTTP/1.1 404')), 'each is answered 404');
  await waitFor('server-side sockets gone', () => service.relay.httpConnections === 0, 15_000, 50);
  const now = fds();
  assert.ok(now <= baseline + 5, `fd count ${baseline} → ${now}`);
});

test("socket.io's path still upgrades to a WebSocket on the same server", async () => {
  const socket = io(`http://127.0.0.1:${service.relay.httpPort}/room`, { auth: { room: 'main' }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('welcome', () => resolve());
      socket.once('connect_error', reject);
    });
    assert.equal(socket.io.engine.transport.name, 'websocket');
  } finally {
    socket.close();
  }
  // the HTTP API on the same port is unaffected
  assert.equal((await fetch(`http://127.0.0.1:${service.relay.httpPort}/api/health`)).status, 200);
});

test('a socket that sends nothing, or only half a request, is closed', async () => {
  const port = service.relay.httpPort;
  const [silent, partial] = await Promise.all([
    rawExchange(port, null),
    rawExchange(port, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n'),
  ]);
  assert.ok(silent.closedAfterMs >= 1000 && silent.closedAfterMs < 8000, `silent socket closed after ${silent.closedAfterMs} ms`);
  assert.ok(partial.closedAfterMs >= 1000 && partial.closedAfterMs < 8000, `half a request closed after ${partial.closedAfterMs} ms`);
  assert.match(partial.reply, /^HTTP\/1\.1 408/);
});

test('one address cannot hold more than its cap of HTTP connections; a trusted proxy is exempt', async (t) => {
  const capped = await startRelayService({
    host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log, dataDir: null,
    rooms: [{ id: 'main' }], limits: { httpConnectionsPerAddress: 5 },
  });
  t.after(() => capped.stop());
  const port = capped.relay.httpPort;
  const sockets: net.Socket[] = [];
  t.after(() => sockets.forEach((s) => s.destroy()));
  const openOne = () => new Promise<net.Socket>((r) => { const s = net.connect(port, '127.0.0.1', () => r(s)); s.on('error', () => {}); sockets.push(s); });
  for (let i = 0; i < 5; i++) await openOne();
  await waitFor('five held', () => capped.relay.httpConnections === 5, 15_000, 20);
  const refused = await rawExchange(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n', 3000);
  assert.ok(refused.closedAfterMs >= 0 && !refused.reply.includes('200 OK'), 'the sixth connection is closed unanswered');
  assert.ok(log.lines.some((l) => /HTTP connection from .* refused: 5 connections/.test(l)));
  sockets.forEach((s) => s.destroy());
  await waitFor('released', () => capped.relay.httpConnections === 0, 15_000, 20);
  assert.equal((await fetch(`http://127.0.0.1:${port}/api/health`)).status, 200, 'the address may connect again');

  const proxied = await startRelayService({
    host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log, dataDir: null,
    rooms: [{ id: 'main' }], limits: { httpConnectionsPerAddress: 5 }, trustedProxies: ['127.0.0.1'],
  });
  t.after(() => proxied.stop());
  const viaProxy = () => new Promise<net.Socket>((r) => { const s = net.connect(proxied.relay.httpPort, '127.0.0.1', () => r(s)); s.on('error', () => {}); sockets.push(s); });
  for (let i = 0; i < 12; i++) await viaProxy();
  await waitFor('twelve held from the proxy', () => proxied.relay.httpConnections === 12, 15_000, 20);
  const res = await fetch(`http://127.0.0.1:${proxied.relay.httpPort}/api/health`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
  assert.equal(res.status, 200, 'a trusted proxy carries many clients');
});
