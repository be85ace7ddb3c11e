/**
 * Viewer replays on a real relay: a real ffmpeg publish with danmaku sent over socket.io during it,
 * archived to the data folder; private until the owner publishes it; Debian's ffprobe reads the VOD
 * with the expected duration; a live danmaku lands near its moment; replay comments go through the
 * live room's rules, are stored with their position and never reach the live room; unpublished,
 * unknown and traversal paths are 404; sessions survive a relay restart and a crash mid-archive.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, appendFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Socket } from 'socket.io-client';
import type { ReplayInfo, ReplayListResponse, ReplaySessionSummary } from '../../common/replay';
import type { RoomEventsResponse } from '../../common/room-protocol';
import { listSessions, ROOM, startReplayStack, type ReplayStack } from '../helpers/replay-stack';

const execFileP = promisify(execFile);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'danmu-replay-'));
let stack: ReplayStack;
let owner: Socket;
let session: ReplaySessionSummary;
let liveText: string;
let liveSentAt = 0;

/** GET with the path sent exactly as written (no client-side normalisation of `..`). */
function rawGet(origin: string, rawPath: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const u = new URL(origin);
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  stack = await startReplayStack(dataDir);
  owner = (await stack.join({ key: 'k-replay-test-1', name: 'Host' })).socket;
  const viewer = await stack.join({ name: 'fan' });
  liveText = `live-${Math.random().toString(36).slice(2, 8)}`;
  session = await stack.session(owner, 6000, async () => {
    await new Promise((r) => setTimeout(r, 2500));
    liveSentAt = Date.now();
    const a = await stack.request(viewer.socket, 'danmaku', { text: liveText });
    assert.ok(a.ok, JSON.stringify(a));
  });
});

after(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a finished publish is archived as a private session named by its live mark', async () => {
  const events = (await (await fetch(`${stack.origin}/api/rooms/${ROOM}/events?since=0&limit=500`)).json()) as RoomEventsResponse;
  const live = events.events.find((e) => e.type === 'system' && e.code === 'live');
  assert.equal(session.session, live?.seq, 'the session id is the seq of the live mark');
  assert.equal(session.published, false);
  assert.ok(session.duration >= 4 && session.duration <= 9, `duration ${session.duration}`);
  for (const p of [`/vod/${ROOM}/${session.session}/index.m3u8`, `/vod/${ROOM}/${session.session}/0.ts`, `/api/replay/${ROOM}/${session.session}`, `/replay/${ROOM}/${session.session}`]) {
    assert.equal((await fetch(stack.origin + p)).status, 404, `${p} is private until published`);
  }
  const list = (await (await fetch(`${stack.origin}/api/replay/${ROOM}`)).json()) as ReplayListResponse;
  assert.deepEqual(list.sessions, [], 'the public list holds published sessions only');
});

test('only the owner publishes; a viewer is refused', async () => {
  const viewer = await stack.join({ name: 'mallory' });
  const refused = await stack.request(viewer.socket, 'replay-publish', { session: session.session, published: true });
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.code, 'forbidden');
  const listRefused = await stack.request(viewer.socket, 'replay-sessions', {});
  assert.equal(!listRefused.ok && listRefused.code, 'forbidden');
  const unknown = await stack.request(owner, 'replay-publish', { session: 999_999, published: true });
  assert.equal(!unknown.ok && unknown.code, 'not_found');
  assert.equal((await fetch(`${stack.origin}/vod/${ROOM}/${session.session}/index.m3u8`)).status, 404);

  const ok = await stack.request(owner, 'replay-publish', { session: session.session, published: true });
  assert.ok(ok.ok, JSON.stringify(ok));
  const list = (await (await fetch(`${stack.origin}/api/replay/${ROOM}`)).json()) as ReplayListResponse;
  assert.deepEqual(list.sessions.map((s) => s.session), [session.session]);
});

test("Debian's ffprobe reads the published VOD with the expected duration; caching as for a CDN", async (t) => {
  const url = `${stack.origin}/vod/${ROOM}/${session.session}/index.m3u8`;
  const pl = await fetch(url);
  const text = await pl.text();
  assert.equal(pl.status, 200);
  assert.match(text, /#EXT-X-PLAYLIST-TYPE:VOD/);
  assert.match(text, /#EXT-X-ENDLIST/);
  assert.match(text, /#EXT-X-PROGRAM-DATE-TIME:/);
  assert.equal(pl.headers.get('cache-control'), 'public, max-age=60');
  const seg = await fetch(`${stack.origin}/vod/${ROOM}/${session.session}/0.ts`);
  assert.equal(seg.status, 200);
  assert.match(seg.headers.get('cache-control') ?? '', /immutable/);
  assert.equal(seg.headers.get('content-type'), 'video/mp2t');
  const { stdout } = await execFileP('/usr/bin/ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', url], { timeout: 30_000 });
  const probed = JSON.parse(stdout) as { format: { duration: string }; streams: { codec_type: string }[] };
  const d = Number(probed.format.duration);
  assert.ok(Math.abs(d - session.duration) < 0.6, `ffprobe ${d} s vs archived ${session.duration} s`);
  t.diagnostic(`ffprobe: ${d} s; archive: ${session.duration} s`);
  assert.deepEqual(probed.streams.map((s) => s.codec_type).sort(), ['audio', 'video']);
});

test('unknown, unpublished and traversal paths are 404 and never leave the archive', async () => {
  for (const p of [
    `/vod/${ROOM}/${session.session}/../../../rooms.json`,
    `/vod/${ROOM}/${session.session}/..%2f..%2f..%2frooms.json`,
    `/vod/${ROOM}/%2e%2e/rooms.json`,
    `/vod/${ROOM}/${session.session}/%2e%2e%2fmeta.json`,
    `/vod/${ROOM}/${session.session}/meta.json`,
    `/vod/${ROOM}/${session.session}/segments.jsonl`,
    `/vod/${ROOM}/${session.session}/99999.ts`,
    `/vod/${ROOM}/${session.session + 1}/index.m3u8`,
    `/vod/nosuchroom/${session.session}/index.m3u8`,
    `/vod/${ROOM}/0${session.session}/index.m3u8`,
    `/vod/${ROOM}/${session.session}/00.ts`,
    `/vod/${ROOM}/${session.session}/01.ts`,
    `/replay/${ROOM}/123456`,
  ]) {
    const r = await rawGet(stack.origin, p);
    assert.equal(r.status, 404, `${p}: ${r.status}`);
    assert.doesNotMatch(r.body, /"v":1|k-replay-test-1|#EXTM3U/, `${p} leaked a file`);
  }
});

test('the live danmaku is placed near its moment in the video', async (t) => {
  const info = (await (await fetch(`${stack.origin}/api/replay/${ROOM}/${session.session}`)).json()) as ReplayInfo;
  const c = info.comments.find((x) => x.text === liveText);
  assert.ok(c, 'the danmaku sent during the stream is in the replay');
  assert.equal(c.live, true);
  const metaFile = path.join(dataDir, 'vod', ROOM, String(session.session), 'meta.json');
  const segments = (JSON.parse(readFileSync(metaFile, 'utf8')) as { segments: { pdt: number; d: number }[] }).segments;
  const expected = (liveSentAt - segments[0]!.pdt) / 1000;
  // Within a second of the wall clock since the first frame (the publisher's start-up burst makes media
  // time run ahead of it) and inside the segment the relay was receiving when the danmaku arrived.
  assert.ok(Math.abs(c.t - expected) < 1, `placed at ${c.t} s, sent ${expected.toFixed(2)} s after the first frame`);
  const i = segments.findLastIndex((s) => s.pdt <= liveSentAt);
  const start = segments.slice(0, i).reduce((a, s) => a + s.d, 0);
  assert.ok(c.t >= start - 0.01 && c.t <= start + segments[i]!.d + 0.01, `placed at ${c.t} s, in segment ${i} (${start.toFixed(3)} s + ${segments[i]!.d} s)`);
  t.diagnostic(`placed at ${c.t} s; sent ${expected.toFixed(3)} s after the first archived frame`);
  assert.equal(info.density.length, 100);
  assert.equal(info.density.reduce((a, b) => a + b, 0), info.comments.length);
});

test('a replay comment is stored with its position, shown to later viewers and never reaches the live room', async () => {
  const live = await stack.join({ name: 'live-watcher' });
  const replayer = await stack.join({ name: 'late-fan', client: 'replay' });
  const text = `replay-${Math.random().toString(36).slice(2, 8)}`;
  const sent = await stack.request<{ id: string }>(replayer.socket, 'replay-danmaku', { session: session.session, t: 2.5, text, color: '#FF8800' });
  assert.ok(sent.ok, JSON.stringify(sent));

  // A replay connection is not in the live room: it cannot post there.
  const livePost = await stack.request(replayer.socket, 'danmaku', { text: 'sneaky' });
  assert.equal(!livePost.ok && livePost.code, 'forbidden');
  // Same rules as the live room: length, blocked terms.
  const tooLong = await stack.request(replayer.socket, 'replay-danmaku', { session: session.session, t: 1, text: '长'.repeat(61) });
  assert.equal(!tooLong.ok && tooLong.code, 'too_long');
  const settings = await stack.request(owner, 'room-settings', { blockedTerms: [{ term: 'badword', action: 'refuse' }] });
  assert.ok(settings.ok, JSON.stringify(settings));
  const blocked = await stack.request(replayer.socket, 'replay-danmaku', { session: session.session, t: 1, text: 'a badword here' });
  assert.equal(!blocked.ok && blocked.code, 'blocked');
  const beyond = await stack.request(replayer.socket, 'replay-danmaku', { session: session.session, t: session.duration + 30, text: 'late' });
  assert.equal(!beyond.ok && beyond.code, 'invalid');
  // A live viewer's connection cannot comment on a replay, and is told where comments on a replay come from.
  const fromLive = await stack.request(live.socket, 'replay-danmaku', { session: session.session, t: 1, text: 'from the live room' });
  assert.equal(!fromLive.ok && fromLive.code, 'forbidden');
  assert.match(!fromLive.ok ? fromLive.message : '', /replay's page/, 'the refusal says to use the replay page, not that this is a replay connection');
  const unpublished = await stack.request(replayer.socket, 'replay-danmaku', { session: session.session + 1, t: 1, text: 'x' });
  assert.equal(!unpublished.ok && unpublished.code, 'not_found');

  const info = (await (await fetch(`${stack.origin}/api/replay/${ROOM}/${session.session}`)).json()) as ReplayInfo;
  const c = info.comments.find((x) => x.text === text);
  assert.ok(c, 'a later replay viewer gets the comment');
  assert.deepEqual({ t: c.t, color: c.color, live: c.live }, { t: 2.5, color: '#ff8800', live: false });

  await new Promise((r) => setTimeout(r, 400)); // more than one viewer batch
  assert.ok(!live.events.some((e) => e.type === 'danmaku' && e.text === text), 'live viewers never see a replay comment');
  const log = (await (await fetch(`${stack.origin}/api/rooms/${ROOM}/events?since=0&limit=500`)).json()) as RoomEventsResponse;
  assert.ok(!log.events.some((e) => e.type === 'danmaku' && e.text === text), 'nor does the live room log');
  assert.ok(!log.events.some((e) => e.type === 'enter' && e.user.name === 'late-fan'), 'a replay viewer does not enter the live room');
});

test('sessions are derived correctly across a relay restart and a crash mid-archive', async () => {
  const second = await stack.session(owner, 3500);
  assert.ok(second.session > session.session);
  await stack.stop();

  // A crash while archiving leaves segments.jsonl without meta.json or playlist (and a torn last line).
  const dir = path.join(dataDir, 'vod', ROOM, String(second.session));
  unlinkSync(path.join(dir, 'meta.json'));
  unlinkSync(path.join(dir, 'index.m3u8'));
  appendFileSync(path.join(dir, 'segments.jsonl'), '{"i":99,"d":1,"pd');

  stack = await startReplayStack(dataDir);
  owner = (await stack.join({ key: 'k-replay-test-1' })).socket;
  const sessions = await listSessions(stack, owner);
  assert.deepEqual(sessions.map((s) => s.session), [second.session, session.session], 'newest first, both kept');
  const recovered = sessions[0]!;
  assert.equal(recovered.interrupted, true);
  assert.ok(Math.abs(recovered.duration - second.duration) < 0.01, `recovered ${recovered.duration} s of ${second.duration} s`);
  assert.equal(sessions[1]!.published, true, 'the published flag survives the restart');
  assert.equal((await fetch(`${stack.origin}/vod/${ROOM}/${session.session}/index.m3u8`)).status, 200);
  const info = (await (await fetch(`${stack.origin}/api/replay/${ROOM}/${session.session}`)).json()) as ReplayInfo;
  assert.ok(info.comments.some((c) => c.text === liveText), 'the first session keeps its danmaku');

  const third = await stack.session(owner, 3000);
  assert.ok(third.session > second.session, 'a publish after the restart is a new session');
  const pub = await stack.request(owner, 'replay-publish', { session: third.session, published: true });
  assert.ok(pub.ok);
  const thirdInfo = (await (await fetch(`${stack.origin}/api/replay/${ROOM}/${third.session}`)).json()) as ReplayInfo;
  assert.ok(!thirdInfo.comments.some((c) => c.text === liveText), "an earlier session's danmaku stay in it");
});
