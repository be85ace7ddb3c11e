/**
 * Contract with node-media-server's internals (media/relay/nms-internals.ts). The relay's security
 * depends on wrapping NMS's per-connection parser and session callbacks; if an upgrade moves a
 * module, renames a method, changes when a callback is read or stops filling a field we read, this
 * test fails loudly instead of the relay silently losing a guard.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BroadcastServer, FlvSession, NMS_MODULES, nmsContext, NmsLogger, RtmpSession, type NmsSession } from '../../media/relay/nms-internals';
import { amf0 } from '../helpers/rtmp-client';

const PINNED = '4.4.3';
const Rtmp = require('node-media-server/src/protocol/rtmp.js') as new () => Record<string, unknown> & { parserData(b: Buffer): string | null };

test(`node-media-server is pinned to exactly ${PINNED} and that is what is installed`, () => {
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { dependencies: Record<string, string> };
  assert.equal(pkg.dependencies['node-media-server'], PINNED, 'package.json must pin the exact version (no ^ or ~)');
  const lock = JSON.parse(readFileSync(path.resolve(__dirname, '../../package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
  assert.equal(lock.packages['']?.dependencies?.['node-media-server'], PINNED, 'the lock file agrees with package.json');
  assert.equal(lock.packages['node_modules/node-media-server']?.version, PINNED);
  const installed = JSON.parse(readFileSync(require.resolve('node-media-server/package.json'), 'utf8')) as { version: string };
  assert.equal(installed.version, PINNED, 'installed version; re-check every wrapped internal before changing the pin');
});

test('the modules, the shared context and the logger we silence are where we expect', () => {
  for (const m of Object.values(NMS_MODULES)) assert.ok(require.resolve(m), m);
  assert.ok(nmsContext.sessions instanceof Map);
  assert.ok(nmsContext.broadcasts instanceof Map);
  assert.ok(nmsContext.eventEmitter instanceof EventEmitter);
  assert.equal(typeof NmsLogger.log, 'function');
});

test('RtmpSession: run() reads onData and sendBuffer from the instance, then installs the parser callbacks we wrap', () => {
  const socket = new net.Socket();
  const session = new RtmpSession(socket);
  for (const f of ['id', 'ip', 'protocol', 'inBytes', 'videoCodec', 'videoWidth', 'videoHeight', 'videoFramerate', 'audioCodec', 'audioSamplerate', 'audioChannels', 'isPublisher', 'streamName', 'broadcast'] as const) {
    assert.ok(f in session, `RtmpSession.${f}`);
  }
  assert.equal(session.protocol, 'rtmp');
  const ours = (_: Buffer) => undefined;
  session.onData = ours;
  session.run();
  assert.ok(socket.listeners('data').includes(ours), 'run() must subscribe the instance\'s onData at call time');
  const rtmp = session.rtmp!;
  for (const cb of ['onConnectCallback', 'onPushCallback', 'onPlayCallback', 'onPacketCallback'] as const) {
    assert.equal(typeof rtmp[cb], 'function', cb);
  }
  for (const m of ['packetAlloc', 'packetParse', 'controlHandler', 'respondPublish', 'respondPlay', 'sendStatusMessage'] as const) {
    assert.equal(typeof rtmp[m], 'function', `Rtmp.${m}`);
  }
  assert.equal(rtmp.inChunkSize, 128);
  assert.ok(rtmp.inPackets instanceof Map);
  assert.equal(typeof session.sendBuffer, 'function');
  assert.equal(typeof session.close, 'function');
  socket.destroy();
});

test('Rtmp.onPublish answers, then calls the connect and push callbacks (in that order); onPlay likewise', () => {
  const rtmp = new Rtmp();
  const calls: string[] = [];
  rtmp.onOutputCallback = () => undefined;
  rtmp.respondPublish = () => calls.push('respondPublish');
  rtmp.respondPlay = () => calls.push('respondPlay');
  rtmp.onConnectCallback = (req: { app: string; name: string; query: Record<string, unknown> }) => calls.push(`connect:${req.app}/${req.name}?key=${String(req.query.key)}`);
  rtmp.onPushCallback = () => calls.push('push');
  rtmp.onPlayCallback = () => calls.push('play');
  rtmp.streamApp = 'live';
  rtmp.parserPacket = { header: { stream_id: 1 } };
  (rtmp.onPublish as (m: unknown) => void)({ streamName: 'main?key=abc' });
  (rtmp.onPlay as (m: unknown) => void)({ streamName: 'main' });
  assert.deepEqual(calls, ['respondPublish', 'connect:live/main?key=abc', 'push', 'respondPlay', 'connect:live/main?key=undefined', 'play']);
});

test('the parser calls packetAlloc, packetParse and controlHandler through the instance, so our guards run', () => {
  const rtmp = new Rtmp();
  rtmp.handshakeState = 3; // handshake done
  const seen: string[] = [];
  for (const m of ['packetAlloc', 'packetParse', 'controlHandler'] as const) {
    const orig = (rtmp[m] as () => void).bind(rtmp);
    rtmp[m] = () => { seen.push(m); orig(); };
  }
  // set chunk size 4096 on chunk stream 2
  rtmp.parserData(Buffer.from('02000000000004010000000000001000', 'hex'));
  assert.deepEqual(seen, ['packetParse', 'packetAlloc', 'controlHandler']);
  assert.equal(rtmp.inChunkSize, 4096);
  const header = (rtmp.parserPacket as { header: Record<string, number> }).header;
  for (const f of ['fmt', 'cid', 'length', 'type', 'stream_id']) assert.ok(f in header, `RtmpPacket.header.${f}`);
  assert.ok('capacity' in (rtmp.parserPacket as object));
  // media reaches onPacketCallback (the call we gate to the accepted publisher)
  let packets = 0;
  rtmp.onPacketCallback = () => packets++;
  rtmp.parserData(Buffer.from('0400000000000408010000000af0000000', 'hex').subarray(0, 12 + 4));
  assert.equal(packets, 1);
});

test('BroadcastServer: the methods and fields we use, and metadata fills the publisher fields /api/rooms reads', () => {
  const b = new BroadcastServer('/contract/test');
  for (const m of ['postPlay', 'donePlay', '_finishPublish'] as const) assert.equal(typeof b[m], 'function', m);
  for (const m of ['postPublish', 'donePublish', 'broadcastMessage']) assert.equal(typeof (b as unknown as Record<string, unknown>)[m], 'function', m);
  assert.equal(b.publisher, null);
  assert.ok(b.subscribers instanceof Map);
  assert.equal(typeof b.publishGraceMs, 'number');
  const publisher = {} as NmsSession;
  b.publisher = publisher;
  const data = Buffer.concat([amf0('@setDataFrame'), amf0('onMetaData'), amf0({ width: 640, height: 360, framerate: 30, videocodecid: 7, audiocodecid: 10, audiosamplerate: 48000, stereo: true })]);
  (b as unknown as { broadcastMessage(p: unknown): void }).broadcastMessage({ codec_type: 18, flags: 5, dts: 0, pts: 0, size: data.length, data });
  assert.deepEqual(
    [publisher.videoWidth, publisher.videoHeight, publisher.videoFramerate, publisher.videoCodec, publisher.audioCodec, publisher.audioSamplerate, publisher.audioChannels],
    [640, 360, 30, 7, 10, 48000, 2],
  );
  // an internal subscriber (empty ip) gets the FLV header through sendBuffer
  const got: Buffer[] = [];
  b.postPlay({ id: 'internal', ip: '', protocol: 'flv', sendBuffer: (x: Buffer) => got.push(x) });
  assert.equal(got[0]?.toString('latin1', 0, 3), 'FLV');
  b.donePlay({ id: 'internal', ip: '', protocol: 'flv' });
  b.publisher = null;
});

test('FlvSession: run() reads onData and sendBuffer from the instance', () => {
  const req = Object.assign(new EventEmitter(), {
    socket: Object.assign(new EventEmitter(), { remoteAddress: '127.0.0.1', remotePort: 1 }),
    method: 'GET', headers: {}, params: { app: 'contract', name: 'flv' }, query: {}, hostname: 'x',
  });
  const written: Buffer[] = [];
  const res = { writableEnded: false, write: (b: Buffer) => written.push(b), end: () => undefined };
  const session = new FlvSession(req, res);
  assert.equal(session.protocol, 'flv');
  const ours = () => undefined;
  session.onData = ours;
  let viaOurs = 0;
  const send = session.sendBuffer;
  session.sendBuffer = (b) => { viaOurs++; send(b); };
  session.run();
  assert.ok(req.listeners('data').includes(ours));
  assert.ok(viaOurs >= 1, 'postPlay sends through the instance\'s sendBuffer');
  assert.equal(written[0]?.toString('latin1', 0, 3), 'FLV');
  req.socket.emit('close');
});
