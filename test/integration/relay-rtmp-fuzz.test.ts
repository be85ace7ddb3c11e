/**
 * Issue 7, observation 3: malformed RTMP must end one connection, never the process. A seeded corpus
 * of 1,000+ malformed messages goes to the real relay while a real ffmpeg streams; the stream keeps
 * going, every bounded case is closed by the server, memory stays bounded, and afterwards a new
 * publisher goes live on the same process. Also: per-address connection caps and the handshake deadline.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { parseMediaPlaylist } from '../../media/hls/playlist';
import { createRelay, type Relay } from '../../media/relay/relay';
import type { RoomMediaInfo } from '../../media/relay/types';
import { publishTestPattern, waitFor } from '../helpers/media';
import { RawRtmpClient } from '../helpers/rtmp-client';
import { buildFuzzCorpus, type FuzzCase } from '../helpers/rtmp-fuzz';

const KEY = 'fuzz-test-key-123';
const SEED = Number(process.env.DANMU_FUZZ_SEED ?? 20261201);
const processes = new ProcessRegistry();
const log = memoryLogger();
let relay: Relay;

before(async () => {
  relay = createRelay({
    host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log,
    dataDir: mkdtempSync(path.join(tmpdir(), 'danmu-fuzz-')),
    rooms: [{ id: 'main', key: KEY }],
    // the corpus runs a few connections at a time from one address
    limits: { rtmpConnectionsPerAddress: 64 },
  });
  await relay.start();
});

after(async () => {
  await relay.stop();
  await processes.stopAll();
  processes.dispose();
});

const roomInfo = async () => (await (await fetch(relay.urls('main').api)).json()) as RoomMediaInfo;
const hlsLast = async () => {
  const res = await fetch(relay.urls('main').hls);
  if (res.status !== 200) return -1;
  const p = parseMediaPlaylist(await res.text());
  return p.segments.length && !p.ended ? p.mediaSequence + p.segments.length - 1 : -1;
};

/** Runs one case; true when the server closed the connection by itself. */
async function runCase(fc: FuzzCase): Promise<boolean> {
  let c: RawRtmpClient;
  try {
    c = await RawRtmpClient.connect(relay.rtmpPort, '127.0.0.1', { handshake: !fc.raw });
  } catch {
    return true; // closed during the handshake (raw garbage may be refused there)
  }
  for (const b of fc.writes) c.raw(b);
  await Promise.race([c.closed, new Promise((r) => setTimeout(r, fc.mustClose ? 3000 : 30))]);
  const closedByServer = c.isClosed;
  c.destroy();
  return closedByServer;
}

test(`a seeded corpus of 1,000+ malformed RTMP messages (seed ${SEED}) ends connections, not the process or the live stream`, async (t) => {
  const pub = publishTestPattern(processes, `${relay.urls('main').rtmp}/main?key=${KEY}`, { size: '640x360', bitrate: '600k' });
  t.after(() => pub.stop());
  await waitFor('main live with HLS', async () => (await hlsLast()) >= 1, 30_000);
  const before = await roomInfo();
  const rssBefore = process.memoryUsage().rss;

  const corpus = buildFuzzCorpus(SEED, relay.rtmpPort);
  assert.ok(corpus.length >= 1000, `${corpus.length} cases`);
  const byCategory = new Map<string, { n: number; closed: number }>();
  let next = 0;
  const notClosed: string[] = [];
  const started = Date.now();
  let rssPeak = rssBefore;
  await Promise.all(Array.from({ length: 6 }, async () => {
    while (next < corpus.length) {
      const i = next++;
      const fc = corpus[i]!;
      const closed = await runCase(fc);
      const s = byCategory.get(fc.category) ?? { n: 0, closed: 0 };
      s.n++;
      if (closed) s.closed++;
      byCategory.set(fc.category, s);
      if (fc.mustClose && !closed) notClosed.push(`#${i} ${fc.category}`);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
  }));
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`fuzz: ${corpus.length} cases in ${seconds.toFixed(1)} s; ${JSON.stringify(Object.fromEntries(byCategory))}; RSS +${Math.round((rssPeak - rssBefore) / 1048576)} MB peak`);
  assert.deepEqual(notClosed, [], 'every case that exceeds a bound is closed by the server');
  assert.ok(rssPeak - rssBefore < 400 * 1048576, `RSS grew ${Math.round((rssPeak - rssBefore) / 1048576)} MB`);
  assert.ok(log.lines.some((l) => /RTMP connection from .* closed: (malformed RTMP|message of|invalid chunk size|more than|reassembly)/.test(l)), 'faults are logged');

  // the live stream carried on, untouched
  assert.equal(pub.child.exitCode, null, 'the real publisher is still connected');
  const after = await roomInfo();
  assert.deepEqual([after.live, after.video], [true, before.video]);
  const seg = await hlsLast();
  await waitFor('HLS still advancing', async () => (await hlsLast()) > seg, 15_000);
  await waitFor('all fuzz connections gone', () => relay.rtmpConnections <= 1, 10_000);
  await pub.stop();

  // and a new publisher goes live on the same process
  await waitFor('offline', async () => !(await roomInfo()).live, 10_000);
  const c = await RawRtmpClient.connect(relay.rtmpPort);
  t.after(() => c.destroy());
  assert.equal(await c.startPublish(relay.rtmpPort, `main?key=${KEY}`), true, 'a publisher is accepted after the fuzz');
  await waitFor('room live again', async () => (await roomInfo()).live, 15_000);
  c.destroy();
});

test('per-address RTMP connection cap and handshake deadline', async (t) => {
  const small = createRelay({
    host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log, dataDir: null,
    rooms: [{ id: 'main', key: KEY }],
    limits: { rtmpConnectionsPerAddress: 3, rtmpHandshakeTimeoutMs: 1000 },
  });
  await small.start();
  t.after(() => small.stop());
  const open = (): Promise<{ sock: net.Socket; closed: Promise<number> }> => new Promise((resolve) => {
    const sock = net.connect(small.rtmpPort, '127.0.0.1');
    const t0 = Date.now();
    const closed = new Promise<number>((r) => sock.once('close', () => r(Date.now() - t0)));
    sock.on('error', () => {});
    sock.once('connect', () => resolve({ sock, closed }));
  });
  // three idle connections (never a handshake byte) are allowed...
  const idle = await Promise.all([open(), open(), open()]);
  await waitFor('three accepted', () => small.rtmpConnections === 3, 15_000, 20);
  // ...a fourth from the same address is closed at once
  const fourth = await open();
  const fourthMs = await Promise.race([fourth.closed, new Promise<number>((r) => setTimeout(() => r(-1), 3000))]);
  assert.ok(fourthMs >= 0 && fourthMs < 900, `the fourth connection is refused at once (${fourthMs} ms)`);
  // the idle three are closed by the handshake deadline
  const idleMs = await Promise.all(idle.map((c) => Promise.race([c.closed, new Promise<number>((r) => setTimeout(() => r(-1), 8000))])));
  for (const ms of idleMs) assert.ok(ms >= 900 && ms < 8000, `idle connection closed after ${ms} ms`);
  assert.ok(log.lines.some((l) => /did not start playing or publishing within 1 s/.test(l)));
  assert.ok(log.lines.some((l) => /3 connections from this address already open/.test(l)));
  // a slow-but-completed handshake that never plays or publishes is closed too
  const lazy = await RawRtmpClient.connect(small.rtmpPort);
  lazy.connectApp('live', small.rtmpPort);
  await Promise.race([lazy.closed, new Promise((r) => setTimeout(r, 8000))]);
  assert.ok(lazy.isClosed, 'a connection that never plays or publishes is closed');
  // and the address is free again: a real publish works
  const pub = await RawRtmpClient.connect(small.rtmpPort);
  t.after(() => pub.destroy());
  assert.equal(await pub.startPublish(small.rtmpPort, `main?key=${KEY}`), true);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(pub.isClosed, false, 'an accepted publisher is not subject to the handshake deadline');
  pub.destroy();
});
