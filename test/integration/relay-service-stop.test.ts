/**
 * Stopping the relay service while someone is publishing: the publish's end arrives after the room
 * hub's database has closed. It used to throw "The database connection is not open" from the
 * relay's event handler, which takes the process down.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
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
});
