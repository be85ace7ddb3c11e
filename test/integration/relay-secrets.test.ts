/**
 * Secrets stay secret: the HLS upload route is not on the public port but on its own 127.0.0.1
 * listener behind a random path, and /api/health names no local path.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { createRelay, type Relay } from '../../media/relay/relay';

const processes = new ProcessRegistry();
const log = memoryLogger();
let relay: Relay;
const dataDir = mkdtempSync(path.join(tmpdir(), 'danmu-secrets-'));

before(async () => {
  relay = createRelay({ host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log, dataDir, rooms: [{ id: 'main', key: 'secret-key-123' }] });
  await relay.start();
});

after(async () => {
  await relay.stop();
  processes.dispose();
});

/** Local addresses of listening TCP sockets on a port, from the kernel's table (Linux). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local?.endsWith(`:${hexPort}`)) continue;
      const hex = local.split(':')[0]!;
      out.push(hex.length === 8 ? hex.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join('.') : `v6:${hex}`);
    }
  }
  return out;
}

test('the public port has no upload route; the upload listener is loopback-only and needs the secret path', async () => {
  const pub = `http://127.0.0.1:${relay.httpPort}`;
  for (const method of ['PUT', 'POST', 'DELETE']) {
    const res = await fetch(`${pub}/_ingest/anything/main/e1/seg-1.ts`, { method, body: method === 'DELETE' ? undefined : 'x' });
    assert.equal(res.status, 404, `${method} on the public port`);
  }
  assert.ok(relay.ingestPort > 0 && relay.ingestPort !== relay.httpPort);
  assert.deepEqual(listeningAddresses(relay.ingestPort), ['127.0.0.1'], 'bound to 127.0.0.1 only');
  const wrong = await fetch(`http://127.0.0.1:${relay.ingestPort}/_ingest/wrongsecret/main/e1/seg-1.ts`, { method: 'PUT', body: 'x' });
  assert.equal(wrong.status, 403);
  const noPath = await fetch(`http://127.0.0.1:${relay.ingestPort}/api/health`);
  assert.equal(noPath.status, 403, 'the upload listener serves nothing else');
  assert.ok(log.lines.some((l) => /Refused media upload/.test(l)));
});

test('/api/health reveals no local paths', async () => {
  const text = await (await fetch(`http://127.0.0.1:${relay.httpPort}/api/health`)).text();
  const health = JSON.parse(text) as Record<string, unknown>;
  assert.equal(health.ok, true);
  for (const leak of [process.cwd(), dataDir, 'ffmpeg', '/usr/', '/home/', 'node_modules', 'secret-key-123']) {
    assert.ok(!text.includes(leak), `health mentions ${leak}: ${text}`);
  }
});
