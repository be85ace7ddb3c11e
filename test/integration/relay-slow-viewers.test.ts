/**
 * Issue 7, observation 4: HTTP-FLV viewers that never read must not grow the relay's memory. A
 * publisher pushes a heavy stream (8 MB/s of FLV tags) while 20 viewers connect and never read and
 * one viewer reads normally: the stalled ones are dropped once they are a capped amount behind, the
 * relay's buffered media stays bounded, and the normal viewer keeps playing. (The 200-viewer,
 * 5-minute measurement with a real encoder is `npm run bench:slow-viewers`.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { createRelay, type Relay } from '../../media/relay/relay';
import { openFlvViewer } from '../helpers/flv-viewer';
import { waitFor } from '../helpers/media';
import { FAKE_MEDIA, RawRtmpClient } from '../helpers/rtmp-client';

// A full GC before each sample, so we measure what is retained, not garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const retained = () => { gc(); return process.memoryUsage().arrayBuffers; };

const KEY = 'slow-viewer-key-1';
const CAP = 1024 * 1024;
const processes = new ProcessRegistry();
const log = memoryLogger();
let relay: Relay;

before(async () => {
  relay = createRelay({
    host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log, dataDir: null,
    rooms: [{ id: 'main', key: KEY }],
    limits: { viewerMaxPendingBytes: CAP, rtmpMaxMessageBytes: 1024 * 1024 },
  });
  await relay.start();
});

after(async () => {
  await relay.stop();
  processes.dispose();
});

test('viewers that never read are dropped at the cap; memory stays bounded; a normal viewer keeps playing', async (t) => {
  const pub = await RawRtmpClient.connect(relay.rtmpPort);
  t.after(() => pub.destroy());
  assert.equal(await pub.startPublish(relay.rtmpPort, `main?key=${KEY}`), true);
  pub.setChunkSize(65536);
  pub.video(FAKE_MEDIA.avcHeader, 0);
  pub.audio(FAKE_MEDIA.aacHeader, 0);
  const body = Buffer.alloc(80 * 1024, 0x42);
  let frame = 0;
  let sent = 0;
  const push = setInterval(() => {
    // 80 kB frames every 10 ms ≈ 8 MB/s, a keyframe every 5 frames
    const ts = frame * 10;
    pub.video(Buffer.concat([Buffer.from([frame % 5 === 0 ? 0x17 : 0x27, 0x01, 0, 0, 0]), body]), ts);
    frame++;
    sent += body.length;
  }, 10);
  t.after(() => clearInterval(push));
  await waitFor('live', () => relay.roomInfo('main')?.live, 15_000, 20);

  const normal = openFlvViewer(relay.urls('main').flv, { keepBytes: false });
  t.after(() => normal.close());
  await waitFor('the normal viewer plays', () => normal.tags().video > 10, 10_000, 50);

  const baseline = retained();
  const stalled: net.Socket[] = [];
  t.after(() => stalled.forEach((s) => s.destroy()));
  for (let i = 0; i < 20; i++) {
    const s = net.connect(relay.httpPort, '127.0.0.1', () => {
      s.write(`GET /live/main.flv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      s.pause(); // never reads a byte
    });
    s.on('error', () => {});
    stalled.push(s);
  }
  let peakBuffers = 0;
  const sample = setInterval(() => { peakBuffers = Math.max(peakBuffers, retained() - baseline); }, 250);
  t.after(() => clearInterval(sample));

  const sentAtStart = sent;
  await waitFor('all 20 stalled viewers dropped', () => relay.guardStats.slowViewersDropped >= 20, 30_000, 100);
  // keep streaming a while longer: nothing may pile up for anyone
  const tagsBefore = normal.tags().video;
  // At least 6 s and 20 MB more: a busy machine fires the 10 ms pusher less often, so wait for the bytes.
  const pushedFrom = sent;
  await new Promise((r) => setTimeout(r, 6000));
  await waitFor('20 MB pushed after the drops', () => sent - pushedFrom > 20 * 1048576, 60_000, 100);
  clearInterval(sample);
  const end = retained() - baseline;
  const streamedMb = (sent - sentAtStart) / 1048576;
  const mb = (n: number) => (n / 1048576).toFixed(1);
  t.diagnostic(`streamed ${streamedMb.toFixed(0)} MB during the test; retained buffers over baseline: peak ${mb(peakBuffers)} MB, at the end ${mb(end)} MB`);

  assert.ok(streamedMb > 20, `the publisher pushed ${streamedMb.toFixed(1)} MB`);
  // each stalled viewer may hold at most the cap plus its join burst (≤ one 5-frame GOP) before it is dropped
  assert.ok(peakBuffers < 20 * (CAP + 5 * 85 * 1024) + 8 * 1048576, `retained media peaked at ${mb(peakBuffers)} MB`);
  assert.ok(end < 8 * 1048576, `the relay kept ${mb(end)} MB after the stalled viewers were dropped (stream: ${streamedMb.toFixed(0)} MB)`);
  assert.ok(normal.tags().video > tagsBefore + 100, 'the normal viewer kept receiving');
  assert.equal(relay.guardStats.slowViewersDropped, 20, 'the normal viewer was never dropped');
  assert.ok(log.lines.some((l) => /Dropped slow HTTP-FLV viewer .* bytes unsent \(limit 1048576\)/.test(l)));
});
