import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { ROOM_NAMESPACE } from '../../common/room-protocol';
import { memoryLogger } from '../../media/log';
import { compose } from '../../main/composition';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'studio-compose-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function occupyPort(): Promise<Server & { port: number }> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return Object.assign(s, { port: (s.address() as { port: number }).port });
}

test('the composition root starts relay + room hub, the snapshot has working URLs, dispose leaves no child process', async (t) => {
  const dataDir = tempDir(t);
  const log = memoryLogger();
  const { core, processes, dispose } = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: 0 }, log });
  t.after(dispose);
  const snap = await core.getSnapshot();
  assert.equal(snap.relay.status, 'running', snap.relay.error ?? '');
  assert.ok(snap.relay.ffmpegOk, snap.relay.ffmpeg);
  const urls = snap.relay.urls!;
  assert.match(urls.rtmp, /^rtmp:\/\/127\.0\.0\.1:\d+\/live$/);
  assert.match(urls.obsStreamKey, /^studio\?key=.{8,}$/);
  assert.deepEqual(snap.relay.lanUrls, [], 'bound to loopback: no LAN links offered');
  assert.equal(snap.scenes.length, 2);
  assert.equal(snap.activeSceneId, 'main');

  // The room API answers on the relay's HTTP port: the URL we hand out works.
  const api = await fetch(urls.api);
  assert.equal(api.status, 200);
  assert.equal(((await api.json()) as { room: string }).room, 'studio');

  // The room hub runs on the same port: a viewer can join the studio's room.
  const viewer = io(new URL(urls.api).origin + ROOM_NAMESPACE, { auth: { room: 'studio' }, transports: ['websocket'], reconnection: false });
  const welcome = await new Promise<{ room: string }>((resolve, reject) => {
    viewer.once('welcome', resolve);
    viewer.once('connect_error', reject);
  });
  assert.equal(welcome.room, 'studio');
  viewer.close();

  await dispose();
  assert.equal(processes.size, 0, 'no ffmpeg left running');
  await assert.rejects(fetch(urls.api), 'the relay port is closed after dispose');
});

test('a taken port is reported and the relay falls back to a free one; a restart keeps the stream key', async (t) => {
  const dataDir = tempDir(t);
  const blocker = await occupyPort();
  t.after(() => blocker.close());
  const first = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: blocker.port }, log: memoryLogger() });
  const snap = await first.core.getSnapshot();
  await first.dispose();
  assert.equal(snap.relay.status, 'running');
  assert.notEqual(snap.relay.httpPort, blocker.port);
  assert.ok(snap.relay.notes.some((n) => n.includes(`HTTP port ${blocker.port} is in use`)), snap.relay.notes.join('\n'));
  assert.ok(snap.notes.some((n) => n.level === 'warn' && n.text.includes(`${blocker.port}`)), 'shown as a visible note too');

  const second = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: 0 }, log: memoryLogger() });
  const again = await second.core.getSnapshot();
  await second.dispose();
  assert.equal(again.relay.urls!.obsStreamKey, snap.relay.urls!.obsStreamKey, 'OBS keeps working after a restart');
});

test('a corrupt settings file does not stop the studio: it starts on defaults with a note', async (t) => {
  const dataDir = tempDir(t);
  writeFileSync(path.join(dataDir, 'settings.json'), 'not json');
  const { core, dispose } = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: 0 }, log: memoryLogger() });
  t.after(dispose);
  const snap = await core.getSnapshot();
  assert.equal(snap.relay.status, 'running');
  assert.ok(snap.notes.some((n) => /settings file could not be read/.test(n.text)));
  // The note carries its code and params, so a studio in 中文 shows it in Chinese.
  const note = snap.notes.find((n) => n.code === 'settings-unreadable');
  assert.match(String(note?.params?.backup), /settings\.json\.corrupt-/);
});

test('the studio follows its own room as owner: viewer danmaku arrive as events, land in history, and the host can reply and moderate', async (t) => {
  const dataDir = tempDir(t);
  const { core, dispose } = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: 0 }, log: memoryLogger() });
  t.after(dispose);
  const seen: string[] = [];
  core.onEvent((e) => { if (e.type === 'room.event' && e.event.type === 'danmaku') seen.push(e.event.text); });
  // A bound for a stuck connection, not a speed test: 5 s was within reach of a loaded 2-core machine.
  const waitFor = async (cond: () => boolean | Promise<boolean>, what: string) => {
    const end = Date.now() + 20_000;
    while (Date.now() < end) { if (await cond()) return; await new Promise((r) => setTimeout(r, 50)); }
    assert.fail(`timed out waiting for ${what}`);
  };
  await waitFor(async () => (await core.getSnapshot()).room.connected, 'the owner connection');
  const snap = await core.getSnapshot();
  assert.equal(snap.room.you?.role, 'owner');
  // The welcome's gift catalog reaches the UI, icons included (the gift feed draws them).
  assert.ok(snap.room.gifts.length > 0, 'a gift catalog');
  assert.ok(snap.room.gifts.every((g) => g.id && g.name && g.price > 0 && g.icon), JSON.stringify(snap.room.gifts));

  const viewer = io(new URL(snap.relay.urls!.api).origin + ROOM_NAMESPACE, { auth: { room: 'studio', name: 'Alice' }, transports: ['websocket'], reconnection: false });
  t.after(() => viewer.close());
  await new Promise((r) => viewer.once('welcome', r));
  const ack = await viewer.emitWithAck('danmaku', { text: '主播好 hello' });
  assert.equal(ack.ok, true);
  await waitFor(() => seen.includes('主播好 hello'), 'the viewer danmaku to reach the studio');
  assert.ok((await core.getSnapshot()).room.recentEvents.some((e) => e.type === 'danmaku' && e.text === '主播好 hello'));

  const found = await core.history.search({ text: 'hello' });
  assert.equal(found.events.length, 1);
  assert.equal(found.events[0]!.user.name, 'Alice');

  const reply = await core.room.send({ text: '欢迎 Alice' });
  assert.ok(reply.seq > 0);
  const aliceId = found.events[0]!.user.id;
  await core.room.ban({ userId: aliceId });
  const refused = await viewer.emitWithAck('danmaku', { text: 'still here?' });
  assert.equal(refused.ok, false, 'a banned viewer cannot post');
  await core.room.unban(aliceId);
  await core.room.deleteEvent(found.events[0]!.seq);
  const stats = await core.history.stats();
  assert.ok(stats.danmaku >= 2);
});
