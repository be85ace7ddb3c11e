/**
 * The relay end to end with real parts: the bundled ffmpeg publishes over RTMP, ffprobe reads what
 * viewers get over HLS and HTTP-FLV.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { createRelay, type Relay } from '../../media/relay/relay';
import type { RoomMediaInfo } from '../../media/relay/types';
import { parseMediaPlaylist } from '../../media/hls/playlist';
import { LIVE_TIMING } from '../../common/live-timing';
import { probeStreams, publishTestPattern, waitFor } from '../helpers/media';

const KEY = 'integration-key-1';
const processes = new ProcessRegistry();
const log = memoryLogger();
let relay: Relay;
let publishUrl: string;

/** fetch() normalises "../"; a raw request sends the path as an attacker would. */
function rawGet(port: number, p: string): Promise<{ status: number; type: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? '') });
    }).on('error', reject);
  });
}

/** A live (not ended) playlist: a previous test's ended playlist stays up for a while. */
function waitForLivePlaylist(minSegments: number) {
  return waitFor(`a live playlist with ${minSegments} segments`, async () => {
    const p = await playlist();
    return p && !p.ended && p.segments.length >= minSegments ? p : null;
  }, 30_000);
}

async function playlist(room = 'main') {
  const res = await fetch(relay.urls(room).hls);
  return res.status === 200 ? parseMediaPlaylist(await res.text()) : null;
}

before(async () => {
  relay = createRelay({
    host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log,
    dataDir: mkdtempSync(path.join(tmpdir(), 'danmu-relay-')),
    rooms: [{ id: 'main', key: KEY }, { id: 'other' }],
    // A short window so that rolling off is seen within the test.
    timing: { ...LIVE_TIMING, playlistSegments: 6 },
  });
  await relay.start();
  publishUrl = `${relay.urls('main').rtmp}/main?key=${KEY}`;
});

after(async () => {
  await relay.stop();
  await processes.stopAll();
  processes.dispose();
});

test('a published 720p30 H.264+AAC stream is served as HLS with ~1 s segments that ffprobe reads', async (t) => {
  const pub = publishTestPattern(processes, publishUrl);
  t.after(() => pub.stop());
  const pl = await waitFor('3 HLS segments', async () => {
    const p = await playlist();
    return p && p.segments.length >= 3 ? p : null;
  }, 30_000);
  for (const s of pl.segments) assert.ok(s.duration > 0.5 && s.duration < 1.6, `segment ${s.uri} lasts ${s.duration}s`);
  assert.ok(pl.segments.every((s) => s.programDateTime), 'every segment carries EXT-X-PROGRAM-DATE-TIME');

  const res = await fetch(relay.urls('main').hls);
  assert.equal(res.headers.get('content-type'), 'application/vnd.apple.mpegurl');
  assert.match(res.headers.get('cache-control')!, /no-cache/);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');

  const segUrl = relay.urls('main').hls.replace('index.m3u8', pl.segments.at(-1)!.uri);
  const seg = await fetch(segUrl);
  assert.equal(seg.headers.get('content-type'), 'video/mp2t');
  assert.match(seg.headers.get('cache-control')!, /max-age/);
  const streams = await probeStreams(segUrl);
  const video = streams.find((s) => s.codec_type === 'video');
  const audio = streams.find((s) => s.codec_type === 'audio');
  assert.deepEqual([video?.codec_name, video?.width, video?.height], ['h264', 1280, 720]);
  assert.equal(audio?.codec_name, 'aac');

  const info = await (await fetch(relay.urls('main').api)).json() as RoomMediaInfo;
  assert.equal(info.live, true);
  assert.deepEqual(info.video, { codec: 'h264', width: 1280, height: 720, fps: 30 });
  assert.equal(info.audio?.codec, 'aac');
  await waitFor('a measured bitrate', async () => ((await (await fetch(relay.urls('main').api)).json()) as RoomMediaInfo).bitrateKbps > 100, 8000);

  // HTTP-FLV for low-latency players
  const flvStreams = await probeStreams(relay.urls('main').flv);
  assert.ok(flvStreams.some((s) => s.codec_type === 'video' && s.codec_name === 'h264' && s.width === 1280));

  // Playlist stays bounded while live: wait until the first segment has rolled off (a busy machine
  // publishes slower than wall time, so a fixed sleep is not enough).
  const later = await waitFor('the first segment rolls off the playlist', async () => {
    const p = await playlist();
    return p && !p.segments.some((s) => s.uri === pl.segments[0]!.uri) ? p : null;
  }, 60_000);
  assert.ok(later.segments.length <= 6, `bounded playlist, got ${later.segments.length}`);
  assert.ok(later.mediaSequence > 0, 'old segments roll off');
  // A segment stays fetchable a few segments after it leaves the playlist (players mid-download), then goes.
  await waitFor('the rolled-off segment is deleted', async () => (await fetch(relay.urls('main').hls.replace('index.m3u8', pl.segments[0]!.uri))).status === 404, 30_000);
  await pub.stop();
});

test('a wrong key, a missing key, an unknown room and a second publisher are refused; the live stream keeps serving', async (t) => {
  const good = publishTestPattern(processes, publishUrl);
  t.after(() => good.stop());
  await waitForLivePlaylist(2);
  const base = relay.urls('main').rtmp;
  const attempts = [`${base}/main?key=wrong-key-123`, `${base}/main`, `${base}/nosuchroom?key=${KEY}`, publishUrl];
  for (const url of attempts) {
    const bad = publishTestPattern(processes, url);
    const code = await Promise.race([bad.exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
    assert.notEqual(code, 'still running', `publisher to ${url} should be disconnected`);
    if (code === 'still running') await bad.stop();
  }
  assert.ok(log.lines.some((l) => /Refused publish to "main".*wrong stream key/.test(l)), 'wrong key is logged');
  assert.ok(log.lines.some((l) => /Refused publish to "main".*no stream key/.test(l)));
  assert.ok(log.lines.some((l) => /Refused publish to "nosuchroom".*unknown room/.test(l)));
  assert.ok(log.lines.some((l) => /already live/.test(l)));
  // the good stream is undisturbed: new segments keep coming
  const before = (await playlist())!;
  const lastBefore = before.mediaSequence + before.segments.length;
  await waitFor('new segments after the refusals', async () => {
    const p = await playlist();
    return p && p.mediaSequence + p.segments.length >= lastBefore + 2;
  }, 10_000);
  assert.equal(good.child.exitCode, null, 'the good publisher is still connected');
  await good.stop();
});

test('when the publisher stops the playlist ends, and a new publish starts a clean playlist', async (t) => {
  const first = publishTestPattern(processes, publishUrl);
  t.after(() => first.stop());
  const firstPl = await waitFor('HLS live', async () => {
    const p = await playlist();
    return p && p.segments.length >= 2 && !p.ended ? p : null;
  }, 30_000);
  await first.stop();
  const ended = await waitFor('#EXT-X-ENDLIST', async () => {
    const p = await playlist();
    return p?.ended ? p : null;
  }, 10_000);
  assert.ok(ended.segments.length >= 2);
  const info = await (await fetch(relay.urls('main').api)).json() as { live: boolean };
  assert.equal(info.live, false, 'the room reports offline at once (no 30 s grace)');
  const flv = await fetch(relay.urls('main').flv);
  assert.equal(flv.status, 404);
  assert.equal(((await flv.json()) as { error: string }).error, 'offline');

  const second = publishTestPattern(processes, publishUrl);
  t.after(() => second.stop());
  const fresh = await waitFor('a new live playlist', async () => {
    const p = await playlist();
    return p && !p.ended && p.segments.length >= 1 ? p : null;
  }, 30_000);
  assert.equal(fresh.mediaSequence, 0, 'the new playlist starts from its first segment');
  assert.notEqual(fresh.segments[0]!.programDateTime, firstPl.segments[0]!.programDateTime);
  await second.stop();
});

test('garbage on the RTMP port and bad HTTP requests do not disturb the relay', async (t) => {
  const pub = publishTestPattern(processes, publishUrl);
  t.after(() => pub.stop());
  await waitForLivePlaylist(2);
  for (let i = 0; i < 5; i++) {
    await new Promise<void>((resolve) => {
      const s = net.connect(relay.rtmpPort, '127.0.0.1', () => {
        s.write(Buffer.from(Array.from({ length: 4096 }, (_, j) => (j * 31 + i) & 0xff)));
        setTimeout(() => { s.destroy(); resolve(); }, 200);
      });
      s.on('error', () => resolve());
    });
  }
  const base = `http://127.0.0.1:${relay.httpPort}`;
  const cases = [
    '/web/../../package.json', '/web/%2e%2e/%2e%2e/package.json', '/web/..%2f..%2fpackage.json', '/live/main/../../../etc/passwd',
    '/web/viewer/%00.html', '/live/nosuch/index.m3u8', '/api/rooms/nosuch', '/room/nosuch', '/nothing',
  ];
  for (const p of cases) {
    const res = await rawGet(relay.httpPort, p);
    assert.ok(res.status === 400 || res.status === 404, `${p} answered ${res.status}`);
    assert.match(res.type, /json/, `${p} answers JSON`);
  }
  const live = (await playlist())!;
  for (const target of [live.segments[0]!.uri, 'index.m3u8']) {
    const upload = await fetch(relay.urls('main').hls.replace('index.m3u8', target), { method: 'PUT', body: 'x' });
    assert.ok(upload.status >= 400, `nobody may write media (${target} answered ${upload.status})`);
  }
  const health = await (await fetch(`${base}/api/health`)).json() as { ok: boolean; live: number };
  assert.deepEqual([health.ok, health.live], [true, 1]);
  const p1 = await waitForLivePlaylist(2);
  await waitFor('segments still advancing', async () => {
    const p = await playlist();
    return p && p.mediaSequence + p.segments.length > p1.mediaSequence + p1.segments.length;
  }, 10_000);
  await pub.stop();
});

test('a taken port is a clear error, not an exit', async () => {
  const other = createRelay({ host: '127.0.0.1', rtmpPort: relay.rtmpPort, httpPort: 0, processes, log, dataDir: null, rooms: [{ id: 'main' }] });
  await assert.rejects(other.start(), /RTMP port 127\.0\.0\.1:\d+ is already in use.*--rtmp-port/);
  const third = createRelay({ host: '127.0.0.1', rtmpPort: 0, httpPort: relay.httpPort, processes, log, dataDir: null, rooms: [{ id: 'main' }] });
  await assert.rejects(third.start(), /HTTP port .* is already in use/);
});
