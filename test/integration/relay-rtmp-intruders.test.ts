/**
 * Issue 7, observations 1 and 2, as an attacker would try them with a raw RTMP client against the
 * real relay, while a real ffmpeg streams and real HTTP-FLV viewers watch:
 * - a keyless client that plays and then sends media never gets a tag to anyone, nor changes the room;
 * - a refused publisher that ignores the refusal and keeps sending never becomes the publisher,
 *   never changes live state, and the real streamer then goes live and is what viewers get;
 * - one wrong-key attempt while live does not stall FLV viewers.
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { parseMediaPlaylist } from '../../media/hls/playlist';
import { createRelay, type Relay } from '../../media/relay/relay';
import type { RoomMediaInfo } from '../../media/relay/types';
import { openFlvViewer } from '../helpers/flv-viewer';
import { probeStreams, publishTestPattern, waitFor } from '../helpers/media';
import { FAKE_MEDIA, RawRtmpClient } from '../helpers/rtmp-client';

const KEY = 'intruder-test-key-1';
const processes = new ProcessRegistry();
const log = memoryLogger();
let relay: Relay;
const MARKER = 0xd7; // fills the intruder's frames; the real encoder's frames never consist of it

before(async () => {
  relay = createRelay({
    host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log,
    dataDir: mkdtempSync(path.join(tmpdir(), 'danmu-intruders-')),
    rooms: [{ id: 'main', key: KEY }, { id: 'quiet', key: 'quiet-room-key-1' }],
  });
  await relay.start();
});

after(async () => {
  await relay.stop();
  await processes.stopAll();
  processes.dispose();
});

const roomInfo = async (room: string) => (await (await fetch(relay.urls(room).api)).json()) as RoomMediaInfo;
const publishUrl = () => `${relay.urls('main').rtmp}/main?key=${KEY}`;
const startPublisher = () => publishTestPattern(processes, publishUrl(), { size: '640x360', bitrate: '600k' });

/** The intruder's payloads: a 1920x1080 claim in metadata and codec headers and frames full of MARKER. */
function inject(c: RawRtmpClient, frames: number): void {
  c.metadata({ width: 1920, height: 1080, videocodecid: 12, framerate: 5, audiocodecid: 2 });
  c.video(FAKE_MEDIA.avcHeader, 0);
  c.audio(FAKE_MEDIA.aacHeader, 0);
  for (let i = 0; i < frames; i++) {
    c.video(Buffer.concat([FAKE_MEDIA.avcKeyframe(MARKER), Buffer.alloc(64, MARKER)]), 40 * (i + 1));
    c.audio(Buffer.concat([FAKE_MEDIA.aacFrame(MARKER), Buffer.alloc(32, MARKER)]), 40 * (i + 1));
  }
}

const containsMarkerRun = (b: Buffer) => b.includes(Buffer.alloc(48, MARKER));

/** A raw client that connects, creates a stream and plays or publishes `name` (closed after the test). */
async function rawClient(t: TestContext, verb: 'play' | 'publish', name: string): Promise<RawRtmpClient> {
  const c = await RawRtmpClient.connect(relay.rtmpPort);
  t.after(() => c.destroy());
  c.connectApp('live', relay.rtmpPort);
  c.createStream();
  if (verb === 'play') c.play(name);
  else c.publish(name);
  return c;
}

/** Resolves when the server closed the client, or after 5 s. */
const closedSoon = (c: RawRtmpClient) => Promise.race([c.closed, new Promise((r) => setTimeout(r, 5000))]);

test('a keyless client that plays and then sends media is destroyed; no viewer gets a tag and the room is unchanged', async (t) => {
  // offline room: nothing must turn it live
  const q = await rawClient(t, 'play', 'quiet');
  await q.waitFor('play start', () => q.statusCodes().includes('NetStream.Play.Start'));
  inject(q, 5);
  await closedSoon(q);
  const quiet = await roomInfo('quiet');
  assert.deepEqual([quiet.live, quiet.video, quiet.audio], [false, null, null]);
  assert.equal((await fetch(relay.urls('quiet').flv)).status, 404, 'the room is still offline for viewers');
  assert.ok(q.isClosed, 'the intruder connection is closed');

  // live room: a real stream, a viewer watching, then the intruder
  const pub = startPublisher();
  t.after(() => pub.stop());
  await waitFor('main live', async () => (await roomInfo('main')).live, 20_000);
  const before = await waitFor('publisher metadata', async () => { const i = await roomInfo('main'); return i.video ? i : null; }, 10_000);
  const viewer = openFlvViewer(relay.urls('main').flv);
  t.after(() => viewer.close());
  await waitFor('viewer receives video', () => viewer.tags().video > 5, 10_000);

  const c = await rawClient(t, 'play', 'main');
  await c.waitFor('play start', () => c.statusCodes().includes('NetStream.Play.Start'));
  const tagsBefore = viewer.tags().video;
  inject(c, 20);
  await closedSoon(c);
  await waitFor('viewer keeps receiving the real stream', () => viewer.tags().video > tagsBefore + 30, 15_000);
  assert.equal(containsMarkerRun(viewer.bytes()), false, 'the viewer received none of the injected tags');
  const afterInfo = await roomInfo('main');
  assert.deepEqual([afterInfo.live, afterInfo.video, afterInfo.audio], [true, before.video, before.audio], '/api/rooms/main is unchanged');
  assert.ok(c.isClosed, 'the intruder connection is closed');
  assert.deepEqual(before.video, { codec: 'h264', width: 640, height: 360, fps: 30 });
  // a new viewer probes the real stream, not the intruder's claims
  const streams = await probeStreams(relay.urls('main').flv);
  assert.ok(streams.some((s) => s.codec_type === 'video' && s.codec_name === 'h264' && s.width === 640), JSON.stringify(streams));
  assert.ok(log.lines.some((l) => /closed \(room "main"\): sent media .* without being the room's accepted publisher/.test(l)), 'the intrusion is logged');
  await pub.stop();
});

test('a wrong-key publisher that ignores the refusal and keeps sending never takes the room; the real streamer then goes live', async (t) => {
  await waitFor('main offline', async () => !(await roomInfo('main')).live, 10_000);
  for (const name of ['main?key=wrong-key-123', 'main', 'nosuchroom?key=' + KEY]) {
    const c = await rawClient(t, 'publish', name);
    // no waiting for an answer: media right behind the publish, in the same TCP segment train
    inject(c, 10);
    const keepSending = setInterval(() => inject(c, 2), 50);
    await closedSoon(c);
    clearInterval(keepSending);
    const info = await roomInfo('main');
    assert.deepEqual([info.live, info.video], [false, null], `${name}: live state untouched`);
    assert.ok(c.isClosed, `${name}: the refused publisher is disconnected`);
    assert.equal(c.statusCodes().includes('NetStream.Publish.Start'), false, `${name}: never told it is publishing`);
  }
  assert.equal((await fetch(relay.urls('main').flv)).status, 404);
  assert.ok(log.lines.some((l) => /Refused publish to "main" .*wrong stream key/.test(l)));

  const pub = startPublisher();
  t.after(() => pub.stop());
  const info = await waitFor('the real streamer goes live', async () => { const i = await roomInfo('main'); return i.live && i.video ? i : null; }, 20_000);
  assert.deepEqual(info.video, { codec: 'h264', width: 640, height: 360, fps: 30 });
  const viewer = openFlvViewer(relay.urls('main').flv);
  t.after(() => viewer.close());
  await waitFor('the viewer gets the real stream', () => viewer.tags().video > 10, 10_000);
  assert.equal(containsMarkerRun(viewer.bytes()), false);
  const streams = await probeStreams(relay.urls('main').flv);
  assert.ok(streams.some((s) => s.codec_type === 'video' && s.width === 640 && s.height === 360));
  await waitFor('HLS of the real stream', async () => {
    const res = await fetch(relay.urls('main').hls);
    return res.status === 200 && parseMediaPlaylist(await res.text()).segments.length > 0;
  }, 20_000);
  await pub.stop();
  // once the real streamer leaves, the room is offline: nothing the intruders did keeps it "live"
  await waitFor('offline after the streamer leaves', async () => !(await roomInfo('main')).live, 15_000);
  assert.equal((await fetch(relay.urls('main').flv)).status, 404);
});

test('one wrong-key attempt while live: FLV viewers keep receiving and a new viewer gets the stream at once', async (t) => {
  await waitFor('main offline', async () => !(await roomInfo('main')).live, 10_000);
  const pub = startPublisher();
  t.after(() => pub.stop());
  await waitFor('main live', async () => (await roomInfo('main')).video !== null, 20_000);
  const viewer = openFlvViewer(relay.urls('main').flv);
  t.after(() => viewer.close());
  await waitFor('viewer playing', () => viewer.tags().video > 5, 10_000);

  const c = await rawClient(t, 'publish', 'main?key=wrong-key-456');
  inject(c, 10);
  await closedSoon(c);
  assert.ok(c.isClosed);

  const n = viewer.tags().video;
  await waitFor('the open viewer keeps receiving video', () => viewer.tags().video >= n + 30, 10_000);
  const fresh = openFlvViewer(relay.urls('main').flv);
  t.after(() => fresh.close());
  const started = Date.now();
  await waitFor('a new viewer gets a keyframe', () => fresh.videoPayloads().some((p) => p[0] === 0x17 && p[1] === 0x01), 15_000, 50);
  assert.ok(Date.now() - started < 5000);
  // its codec header is the real encoder's (the intruder's fake one has profile byte 0x64 and level 0x1f with our marker-free SPS)
  const header = fresh.videoPayloads().find((p) => p[0] === 0x17 && p[1] === 0x00)!;
  assert.ok(header && !header.equals(FAKE_MEDIA.avcHeader), 'the codec header is the real one');
  assert.equal(containsMarkerRun(viewer.bytes()) || containsMarkerRun(fresh.bytes()), false);
  assert.equal(pub.child.exitCode, null, 'the real publisher is still connected');
  assert.equal((await roomInfo('main')).live, true);
  // a real RTMP player (ffprobe) still plays
  const rtmpStreams = await probeStreams(`${relay.urls('main').rtmp}/main`);
  assert.ok(rtmpStreams.some((s) => s.codec_type === 'video' && s.codec_name === 'h264' && s.width === 640), JSON.stringify(rtmpStreams));
  await pub.stop();
});
