/**
 * Stopping the relay service while someone is publishing: the publish's end arrives after the room
 * hub's database has closed. It used to throw "The database connection is not open" from the
 * relay's event handler, which takes the process down.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { EventLog } from '../../media/room/event-log';
import { SYSTEM_USER } from '../../media/room/recorder';
import { memoryLogger } from '../../media/log';
import { startRelayService } from '../../media/relay/service';
import { waitFor } from '../helpers/media';
import { FAKE_MEDIA, RawRtmpClient } from '../helpers/rtmp-client';

test('stopping the relay service mid-publish neither throws nor loses the process', { timeout: 30_000 }, async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relay-stop-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const processes = new ProcessRegistry();
  t.after(() => processes.dispose());
  const uncaught: Error[] = [];
  const onUncaught = (err: Error) => uncaught.push(err);
  process.on('uncaughtException', onUncaught);
  t.after(() => process.off('uncaughtException', onUncaught));

  const key = 'stop-while-live-key';
  const service = await startRelayService({
    host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log: memoryLogger(), dataDir,
    rooms: [{ id: 'main', key }],
  });
  const pub = await RawRtmpClient.connect(service.relay.rtmpPort);
  t.after(() => pub.destroy());
  assert.equal(await pub.startPublish(service.relay.rtmpPort, `main?key=${key}`), true);
  pub.video(FAKE_MEDIA.avcHeader, 0);
  pub.audio(FAKE_MEDIA.aacHeader, 0);
  let ts = 0;
  const push = setInterval(() => { pub.video(Buffer.from([ts % 1000 === 0 ? 0x17 : 0x27, 1, 0, 0, 0, 0x42]), ts); ts += 40; }, 40);
  t.after(() => clearInterval(push));
  await waitFor('live', () => service.relay.roomInfo('main')?.live, 10_000, 20);

  await service.stop();
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(uncaught.map((e) => e.message), []);
  // The stream's end is in the room log, so histories close the session instead of showing it live.
  assert.deepEqual(marks(dataDir), ['live', 'offline']);
});

function marks(dataDir: string): string[] {
  const log = new EventLog(dataDir);
  try {
    return log.since('main', 0, 1000).flatMap((e) => (e.type === 'system' && (e.code === 'live' || e.code === 'offline') ? [e.code] : []));
  } finally {
    log.close();
  }
}

// A studio SIGKILLed while live left a `live` mark and no end: its history showed the session live,
// its duration growing, until the next Go Live.
test('a stream the last run never ended is ended at its last event when the relay starts', { timeout: 30_000 }, async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relay-unended-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const t0 = Date.now() - 3_600_000;
  const log = new EventLog(dataDir);
  log.append('main', { type: 'system', ts: t0, user: SYSTEM_USER, code: 'live', params: {}, text: 'The stream started' });
  log.append('main', { type: 'danmaku', ts: t0 + 5_000, user: { id: 'v_abcdefgh', name: 'a', role: 'viewer' }, text: 'hi', color: '#ffffff', mode: 'scroll' });
  log.close();

  const processes = new ProcessRegistry();
  t.after(() => processes.dispose());
  const start = () => startRelayService({ host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log: memoryLogger(), dataDir, rooms: [{ id: 'main', key: 'unended-stream-key' }] });
  const service = await start();
  await service.stop();
  const reopened = new EventLog(dataDir);
  const events = reopened.since('main', 0, 100);
  reopened.close();
  const end = events.at(-1)!;
  assert.ok(end.type === 'system' && end.code === 'offline', `last event: ${JSON.stringify(end)}`);
  assert.equal(end.ts, t0 + 5_000, 'ended at its last event, not at the restart an hour later');
  // A second start adds nothing.
  await (await start()).stop();
  assert.deepEqual(marks(dataDir), ['live', 'offline']);
});

// Found by acceptance testing: a studio SIGKILLed 30 s into a quiet stream (no danmaku after Go Live)
// came back with that session 0:00:00 long, ended at its live mark, while its recording and replay
// held the 30 s. The replay the relay was archiving (finished at start from its last complete
// segment) says how long the stream really ran.
test('a stream killed while live ends where its archived replay ends when that is after its last event', { timeout: 30_000 }, async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relay-unended-vod-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const t0 = Date.now() - 3_600_000;
  const log = new EventLog(dataDir);
  const live = log.append('main', { type: 'system', ts: t0, user: SYSTEM_USER, code: 'live', params: {}, text: 'The stream started' });
  log.append('main', { type: 'enter', ts: t0 + 1_000, user: { id: 'v_abcdefgh', name: 'a', role: 'viewer' } });
  log.close();
  // What the archive leaves on disk when the process dies: segments and their index, no meta.json.
  const dir = path.join(dataDir, 'vod', 'main', String(live.seq));
  mkdirSync(dir, { recursive: true });
  const lines = Array.from({ length: 30 }, (_, i) => ({ i, d: 1, pdt: t0 + 100 + i * 1000, bytes: 188 }));
  for (const l of lines) writeFileSync(path.join(dir, `${l.i}.ts`), Buffer.alloc(l.bytes, 0x47));
  writeFileSync(path.join(dir, 'segments.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

  const processes = new ProcessRegistry();
  t.after(() => processes.dispose());
  const start = () => startRelayService({ host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log: memoryLogger(), dataDir, rooms: [{ id: 'main', key: 'unended-vod-key' }] });
  await (await start()).stop();
  const reopened = new EventLog(dataDir);
  const end = reopened.since('main', 0, 100).at(-1)!;
  reopened.close();
  assert.ok(end.type === 'system' && end.code === 'offline', `last event: ${JSON.stringify(end)}`);
  assert.equal(end.ts, t0 + 100 + 30 * 1000, 'ended where the archived stream ends (30 s in), not at its last event (1 s in)');
  await (await start()).stop();
  assert.deepEqual(marks(dataDir), ['live', 'offline']);
});
