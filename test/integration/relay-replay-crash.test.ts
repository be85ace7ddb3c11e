/**
 * A relay SIGKILLed while archiving (the headless CLI in its own process, a real ffmpeg publisher, a
 * danmaku during the stream): at the next start the session is finished from what reached the disk,
 * marked interrupted, plays in Debian's ffprobe once published, keeps its danmaku, and the next
 * publish is a new session whose danmaku stay apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { io } from 'socket.io-client';
import { ROOM_NAMESPACE, type Ack } from '../../common/room-protocol';
import type { ReplayInfo } from '../../common/replay';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { publishTestPattern, waitFor } from '../helpers/media';
import { KEY, listSessions, ROOM, startReplayStack } from '../helpers/replay-stack';

const execFileP = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

test('sessions survive a SIGKILL of the relay mid-archive', { timeout: 120_000 }, async (t) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'danmu-replay-crash-'));
  const processes = new ProcessRegistry();
  t.after(async () => {
    await processes.stopAll(2000);
    processes.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'media/cli/relay.ts'), '--data-dir', dataDir, '--rtmp-port', '0', '--http-port', '0', '--room', ROOM, '--key', KEY, '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => { child.kill('SIGKILL'); });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const started = await waitFor('the relay CLI', () => out.includes('\n') && (JSON.parse(out.split('\n')[0]!) as { rtmpPort: number; httpPort: number }), 60_000, 100);
  const origin = `http://127.0.0.1:${started.httpPort}`;
  publishTestPattern(processes, `rtmp://127.0.0.1:${started.rtmpPort}/live/${ROOM}?key=${KEY}`, { size: '640x360', bitrate: '500k' });
  const text = `crash-${Math.random().toString(36).slice(2, 8)}`;
  const viewer = io(origin + ROOM_NAMESPACE, { auth: { room: ROOM, name: 'fan' }, transports: ['websocket'], reconnection: false, forceNew: true });
  t.after(() => { viewer.close(); });
  await new Promise((r) => viewer.once('welcome', r));
  await waitFor('live', async () => (await fetch(`${origin}/live/${ROOM}/index.m3u8`)).status === 200, 30_000, 200);
  const sent = (await viewer.timeout(10_000).emitWithAck('danmaku', { text })) as Ack;
  assert.ok(sent.ok);
  // Wait until a few segments are on disk, then kill the relay without any chance to finish.
  const folder = await waitFor('an archive folder', () => {
    const dir = path.join(dataDir, 'vod', ROOM);
    return existsSync(dir) && readdirSync(dir).find((f) => /^\d+$/.test(f));
  }, 20_000, 100);
  const dir = path.join(dataDir, 'vod', ROOM, folder);
  await waitFor('4 archived segments', () => existsSync(path.join(dir, 'segments.jsonl')) && readFileSync(path.join(dir, 'segments.jsonl'), 'utf8').split('\n').length > 4, 20_000, 100);
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  viewer.close();
  await processes.stopAll(2000);
  assert.equal(existsSync(path.join(dir, 'meta.json')), false, 'the crash left the session unfinished');
  const lines = readFileSync(path.join(dir, 'segments.jsonl'), 'utf8').trim().split('\n').length;

  const stack = await startReplayStack(dataDir);
  t.after(() => stack.stop());
  const owner = (await stack.join({ key: KEY })).socket;
  const [recovered] = await listSessions(stack, owner);
  assert.ok(recovered);
  assert.equal(String(recovered.session), folder, 'named by its live mark');
  assert.equal(recovered.interrupted, true);
  assert.ok(recovered.duration >= lines - 1 && recovered.duration <= lines + 1.5, `${recovered.duration} s from ${lines} archived segments`);
  assert.ok((await stack.request(owner, 'replay-publish', { session: recovered.session, published: true })).ok);
  const url = `${stack.origin}/vod/${ROOM}/${recovered.session}/index.m3u8`;
  const { stdout } = await execFileP('/usr/bin/ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', url], { timeout: 30_000 });
  assert.ok(Math.abs(Number(stdout) - recovered.duration) < 0.6, `ffprobe ${stdout.trim()} s`);
  const info = (await (await fetch(`${stack.origin}/api/replay/${ROOM}/${recovered.session}`)).json()) as ReplayInfo;
  assert.ok(info.comments.some((c) => c.text === text), 'the danmaku sent before the crash is in its replay');

  // The next publish is a new session; its danmaku stay out of the interrupted one.
  const later = `after-${Math.random().toString(36).slice(2, 8)}`;
  const fan = await stack.join({ name: 'fan2' });
  const next = await stack.session(owner, 3000, async () => {
    assert.ok((await stack.request(fan.socket, 'danmaku', { text: later })).ok);
  });
  assert.ok(next.session > recovered.session);
  const again = (await (await fetch(`${stack.origin}/api/replay/${ROOM}/${recovered.session}`)).json()) as ReplayInfo;
  assert.ok(!again.comments.some((c) => c.text === later), 'the interrupted session ends at the next live mark');
});
