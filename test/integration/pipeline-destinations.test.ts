/**
 * Destinations that cannot be streamed to say why, name the host and when they try again; a
 * destination given by host name works (the bundled static ffmpeg crashes on any name lookup, so the
 * forwarder resolves it itself). Real parts: the pipeline on a test pattern, our relay, a refused
 * port, an unresolvable name, and a server that accepts the connection but never answers. Stream
 * keys never reach the state or the log, even where ffmpeg prints the URL it was given.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { defaultPipelineSettings, type OutputStatus } from '../../common/pipeline';
import { testPatternScene } from '../../common/scene';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { createRelay, type Relay } from '../../media/relay/relay';
import { PipelineService } from '../../main/pipeline/service';
import { translate } from '../../renderer/shared/i18n';
import { waitFor } from '../helpers/media';

const KEY = 'dest-key';
const processes = new ProcessRegistry();
const log = memoryLogger();
let relay: Relay;
let second: Relay;
let silent: net.Server;
const silentSockets = new Set<net.Socket>();
let svc: PipelineService;

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

async function closedPort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

before(async () => {
  relay = createRelay({ host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log, dataDir: null, rooms: [{ id: 'main', key: KEY }] });
  second = createRelay({ host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log, dataDir: null, rooms: [{ id: 'main', key: KEY }] });
  await relay.start();
  await second.start();
  // Accepts TCP and never says a word (a firewall that lets the connection in, a wrong port on a busy server).
  silent = net.createServer((sock) => { silentSockets.add(sock); sock.on('error', () => undefined); });
  svc = new PipelineService({ processes, log, platform: 'linux', listDevices: async () => null, destinationRetryCapMs: 4000 });
});

after(async () => {
  await svc?.dispose();
  for (const s of silentSockets) s.destroy();
  silent?.close();
  await relay?.stop();
  await second?.stop();
  await processes.stopAll();
  processes.dispose();
});

test('each failing destination names its host and cause and shows its next try; a host name destination goes live', async () => {
  const refusedPort = await closedPort();
  const silentPort = await listen(silent);
  const base = defaultPipelineSettings(`${relay.urls('main').rtmp}/main?key=${KEY}`);
  const settings = {
    ...base,
    video: { ...base.video, width: 640, height: 360, fps: 15, bitrateKbps: 600, preset: 'ultrafast' as const },
    destinations: [
      { id: 'refused', name: 'Refused', url: `rtmp://127.0.0.1:${refusedPort}/live`, key: 'sk_refused_9d1' },
      { id: 'nodns', name: 'No such host', url: 'rtmp://nonexistent.invalid/live', key: 'sk_nodns_5e2' },
      { id: 'silent', name: 'Silent', url: `rtmp://127.0.0.1:${silentPort}/live`, key: 'sk_silent_7a3' },
      // By name: "localhost" must be resolved for ffmpeg (which would crash resolving it itself).
      { id: 'byname', name: 'By name', url: `rtmp://localhost:${second.rtmpPort}/live/main?key=${KEY}` },
    ],
  };
  const scene = testPatternScene('t', 'T');
  await svc.goLive({ settings, scenes: { scenes: [scene], activeSceneId: 't' } });
  const out = (id: string) => svc.state().outputs.find((o) => o.id === id) as OutputStatus;
  const failed = (id: string) => () => (out(id)?.error ? out(id) : null);

  const refused = await waitFor('refused reported', failed('refused'), 15_000);
  assert.equal(refused.error?.code, 'refused');
  assert.equal(refused.error?.host, '127.0.0.1');
  assert.match(refused.lastError ?? '', /127\.0\.0\.1 refused the connection/);

  const nodns = await waitFor('DNS failure reported', failed('nodns'), 15_000);
  assert.equal(nodns.error?.code, 'dns');
  assert.equal(nodns.error?.host, 'nonexistent.invalid');
  assert.ok((nodns.nextRetryAt ?? 0) > Date.now() - 1000, 'the next try is scheduled');
  assert.ok(nodns.retryInMs !== null && nodns.retryInMs <= 4000);
  assert.match(translate('zh-CN', 'outputs.error.dns', { host: nodns.error?.host ?? '' }), /nonexistent\.invalid/);
  assert.ok(!nodns.url.includes('sk_nodns_5e2') && !(nodns.lastError ?? '').includes('sk_nodns_5e2'), 'the key stays hidden');

  const timedOut = await waitFor('silent server reported', failed('silent'), 30_000);
  assert.ok(['timeout', 'closed'].includes(timedOut.error?.code ?? ''), `silent server: ${timedOut.error?.code} ${timedOut.error?.detail}`);
  // ffmpeg names the URL it was given in its error ("rtmp://…/live/<key>: Connection timed out"):
  // the key must not reach the UI (state, error detail) or the log.
  assert.match(timedOut.error?.detail ?? '', /\*\*\*/, `the detail names the URL with the key hidden: ${timedOut.error?.detail}`);
  for (const key of ['sk_refused_9d1', 'sk_nodns_5e2', 'sk_silent_7a3']) {
    assert.ok(!JSON.stringify(svc.state()).includes(key), `${key} is not in the pipeline state`);
    assert.ok(!log.lines.some((l) => l.includes(key)), `${key} is not in the log`);
  }

  await waitFor('the host-name destination live', () => out('byname')?.state === 'live', 20_000);
  await waitFor('the relay live', () => out('relay')?.state === 'live', 20_000);
  assert.ok(!svc.state().outputs.some((o) => /ffmpeg stopped unexpectedly|no frame/.test(o.lastError ?? '')));
  // It keeps trying: the attempt count goes up with the backoff.
  const before = out('refused').reconnects;
  await waitFor('another attempt', () => out('refused').reconnects > before, 10_000);
});
