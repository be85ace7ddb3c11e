/**
 * Secrets stay secret: nothing can upload media into the relay (HLS is packaged in-process), and
 * /api/health names no local path.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
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

/** Ports this process listens on, from the kernel's socket table and our open descriptors (Linux). */
function ownListeningPorts(): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && inodes.has(cols[9]!)) ports.add(parseInt(cols[1]!.split(':').pop()!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

test('nobody can write media: there is no upload route, and the relay listens on its RTMP and HTTP ports only', async () => {
  // HLS is packaged inside the relay from the FLV it already holds: no uploads, no extra listener.
  const pub = `http://127.0.0.1:${relay.httpPort}`;
  for (const method of ['PUT', 'POST', 'DELETE']) {
    for (const p of ['/_ingest/anything/main/e1/seg-1.ts', '/live/main/index.m3u8', '/live/main/e1-0.ts']) {
      const res = await fetch(`${pub}${p}`, { method, body: method === 'DELETE' ? undefined : 'x' });
      assert.equal(res.status, 404, `${method} ${p}`);
    }
  }
  assert.deepEqual(ownListeningPorts(), [relay.rtmpPort, relay.httpPort].sort((a, b) => a - b));
});

test('/api/health reveals no local paths', async () => {
  const text = await (await fetch(`http://127.0.0.1:${relay.httpPort}/api/health`)).text();
  const health = JSON.parse(text) as Record<string, unknown>;
  assert.equal(health.ok, true);
  for (const leak of [process.cwd(), dataDir, 'ffmpeg', '/usr/', '/home/', 'node_modules', 'secret-key-123']) {
    assert.ok(!text.includes(leak), `health mentions ${leak}: ${text}`);
  }
});
