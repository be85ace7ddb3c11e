/**
 * Loopback by default (issue 7): the studio's relay cannot be reached from the network unless the
 * streamer turns LAN sharing on; turning it on and off rebinds the relay (same ports) and says so.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compose, type Composition } from '../../main/composition';
import { memoryLogger } from '../../media/log';
import { lanAddresses } from '../../media/relay/relay';
import { waitFor } from '../helpers/media';

const dataDir = mkdtempSync(path.join(tmpdir(), 'danmu-lan-'));
const lan = lanAddresses()[0];
let c: Composition;

before(async () => {
  c = await compose({ dataDir, ports: { rtmp: 0, http: 0 }, log: memoryLogger() });
});
after(async () => {
  await c?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** 'open' when a TCP connection to address:port is accepted, 'refused' otherwise. */
function probe(address: string, port: number): Promise<'open' | 'refused'> {
  return new Promise((resolve) => {
    const s = net.connect({ host: address, port, timeout: 3000 });
    s.once('connect', () => { s.destroy(); resolve('open'); });
    s.once('error', () => resolve('refused'));
    s.once('timeout', () => { s.destroy(); resolve('refused'); });
  });
}

test('a fresh studio relay listens on 127.0.0.1 only and offers no LAN link', { skip: !lan && 'this machine has no non-loopback IPv4 address' }, async () => {
  const r = c.core.relayState();
  assert.equal(r.status, 'running');
  assert.equal((await c.core.getSnapshot()).settings.relay.lanSharing, false);
  assert.deepEqual(r.lanUrls, [], 'no LAN viewer link or QR while sharing is off');
  assert.equal(await probe('127.0.0.1', r.httpPort!), 'open');
  assert.equal(await probe(lan!, r.httpPort!), 'refused', `the relay's HTTP port answers on ${lan}`);
  assert.equal(await probe(lan!, r.rtmpPort!), 'refused', `the relay's RTMP port answers on ${lan}`);
});

test('turning LAN sharing on rebinds the relay to the network (same ports), and off again', { skip: !lan && 'this machine has no non-loopback IPv4 address' }, async () => {
  const before = c.core.relayState();
  await c.core.updateSettings({ relay: { lanSharing: true } });
  const on = c.core.relayState();
  assert.equal(on.status, 'running');
  assert.equal(on.httpPort, before.httpPort, 'the viewer link keeps its port');
  assert.equal(on.rtmpPort, before.rtmpPort, 'the OBS URL keeps its port');
  assert.ok(on.lanUrls.some((l) => l.address === lan && l.urls.viewer.includes(`${lan}:${on.httpPort}`)), 'the LAN viewer link is offered');
  assert.equal(await probe(lan!, on.httpPort!), 'open');
  assert.equal(await probe(lan!, on.rtmpPort!), 'open');
  const notes = (await c.core.getSnapshot()).notes.map((n) => n.text).join('\n');
  assert.match(notes, /LAN sharing is on/);
  // The viewer page is served on the LAN address too.
  const page = await fetch(`http://${lan}:${on.httpPort}/api/rooms/${on.room}`);
  assert.equal(page.status, 200);

  // The studio's own room connection follows the restarted relay.
  await waitFor('the room client to reconnect', async () => (await c.core.getSnapshot()).room.connected, 20_000);

  // A patch of another relay field leaves the toggle alone.
  await c.core.updateSettings({ relay: { publicHost: null } });
  assert.equal((await c.core.getSnapshot()).settings.relay.lanSharing, true);

  await c.core.updateSettings({ relay: { lanSharing: false } });
  const off = c.core.relayState();
  assert.deepEqual(off.lanUrls, []);
  assert.equal(await probe(lan!, off.httpPort!), 'refused');
  assert.equal(await probe('127.0.0.1', off.httpPort!), 'open');
  assert.match((await c.core.getSnapshot()).notes.map((n) => n.text).join('\n'), /LAN sharing is off/);
});
