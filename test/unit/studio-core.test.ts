/**
 * The studio core on fakes of its ports (test/helpers/studio-fakes.ts): no ffmpeg, no relay, no
 * network. What a streamer notices: Go Live reaches the relay and the UI hears each step; a relay
 * that cannot start is said in their language, with what to do, and Go Live says why it cannot;
 * stop; settings are saved (and refused ones are not); the feed shows the room's events.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoomEvent } from '../../common/room-protocol';
import { StudioError, type StudioEvent } from '../../common/studio-api';
import { FfmpegNotFoundError } from '../../media/ffmpeg/locate';
import { memoryLogger } from '../../media/log';
import { StudioCore } from '../../main/studio/core';
import { translate, translateCoded } from '../../renderer/shared/i18n';
import { FakePipeline, FakeRelay, FakeRoomClient, fakeRelayParts, fakeScenesStore, fakeSettingsStore } from '../helpers/studio-fakes';

function setup(opts: { relay?: FakeRelay; ffmpeg?: Error } = {}) {
  const settings = fakeSettingsStore();
  const scenes = fakeScenesStore();
  const relay = opts.relay ?? new FakeRelay();
  const pipelines: FakePipeline[] = [];
  const rooms: FakeRoomClient[] = [];
  const core = new StudioCore({
    log: memoryLogger(), settings, scenes, platform: 'linux',
    ...fakeRelayParts(settings, relay, opts.ffmpeg),
    createPipeline: (ctx) => { const p = new FakePipeline(ctx); pipelines.push(p); return p; },
    createRoomClient: (ctx) => { const c = new FakeRoomClient(ctx); rooms.push(c); return c; },
    listDevices: async () => ({ platform: 'linux', displays: [], cameras: [], audio: [], warnings: [] }),
  });
  const events: StudioEvent[] = [];
  core.onEvent((e) => events.push(e));
  return { core, settings, scenes, relay, pipelines, rooms, events };
}

const of = <T extends StudioEvent['type']>(events: StudioEvent[], type: T) => events.filter((e): e is Extract<StudioEvent, { type: T }> => e.type === type);

test('start: the relay runs, the room is followed as owner, Go Live publishes to our relay and every step reaches the UI, Stop ends it', async (t) => {
  const s = setup();
  t.after(() => s.core.dispose());
  await s.core.start();
  const snap = await s.core.getSnapshot();
  assert.equal(snap.relay.status, 'running');
  assert.equal(snap.relay.ffmpegOk, true);
  assert.match(snap.relay.urls!.viewer, /^http:\/\/127\.0\.0\.1:\d+\/room\/studio$/);
  assert.deepEqual(of(s.events, 'relay.state').map((e) => e.relay.status).slice(-1), ['running']);
  assert.equal(s.relay.starts[0]!.host, '127.0.0.1', 'loopback unless LAN sharing is on');
  assert.equal(s.rooms.length, 1);
  assert.equal(s.rooms[0]!.ctx.origin, `http://127.0.0.1:${snap.relay.httpPort}`);
  assert.equal(s.rooms[0]!.ctx.key, 'k-studio', 'the owner connects with the room key');

  const state = await s.core.goLive();
  assert.equal(state.status, 'live');
  const pipe = s.pipelines[0]!;
  assert.equal(pipe.wentLiveWith[0]!.relayUrl, `rtmp://127.0.0.1:${snap.relay.rtmpPort}/live/studio?key=k-studio`);
  assert.deepEqual(of(s.events, 'pipeline.state').map((e) => e.state.status), ['starting', 'live']);
  s.relay.setLive('studio', true);
  assert.equal(s.core.relayState().ingestLive, true, 'the relay panel shows the stream arrived');

  await s.core.stop();
  assert.deepEqual(of(s.events, 'pipeline.state').map((e) => e.state.status).slice(-1), ['idle']);
  assert.equal((await s.core.getSnapshot()).pipeline.state.status, 'idle');
});

test('a relay that cannot start: a note in the streamer\'s language with what to do, and Go Live says why', async (t) => {
  const relay = new FakeRelay();
  relay.fail = 'listen EACCES: permission denied 0.0.0.0:80';
  const s = setup({ relay });
  t.after(() => s.core.dispose());
  await s.core.start();
  const snap = await s.core.getSnapshot();
  assert.equal(snap.relay.status, 'error');
  const note = snap.notes.find((n) => n.code === 'relay-failed');
  assert.ok(note, JSON.stringify(snap.notes));
  assert.equal(note.level, 'error');
  const zh = translateCoded('zh-CN', 'studioNote', note);
  assert.match(zh, /中继服务无法启动/);
  assert.ok(zh.includes('EACCES'), 'the reason is named');
  assert.match(zh, /--rtmp-port/, 'and what to do');
  assert.match(translateCoded('en', 'studioNote', note), /Close the program that holds the relay's ports/);
  assert.equal(s.rooms.length, 0, 'no room client without a relay');
  assert.match(snap.room.error ?? '', /relay is not running/);

  const err = await s.core.goLive().then(() => null, (e: unknown) => e);
  assert.ok(err instanceof StudioError);
  assert.equal(err.code, 'unavailable');
  assert.match(err.message, /^Cannot go live: The relay could not start: listen EACCES/);
});

test('no ffmpeg: the relay panel says which was looked for, Go Live is refused with the reason', async (t) => {
  const s = setup({ ffmpeg: new FfmpegNotFoundError('ffmpeg', ['/opt/ffmpeg/bin/ffmpeg', 'PATH']) });
  t.after(() => s.core.dispose());
  await s.core.start();
  const snap = await s.core.getSnapshot();
  assert.equal(snap.relay.ffmpegOk, false);
  assert.match(snap.relay.error ?? '', /ffmpeg was not found/);
  assert.equal(s.relay.starts.length, 0, 'the relay is not started without ffmpeg');
  const note = snap.notes.find((n) => n.code === 'ffmpeg-missing');
  assert.ok(note, 'a note the streamer reads in their language');
  assert.match(translateCoded('zh-CN', 'studioNote', note), /^找不到 ffmpeg（已尝试：\/opt\/ffmpeg\/bin\/ffmpeg; PATH）。.*设置 → ffmpeg 程序/);
  await assert.rejects(s.core.goLive(), /Cannot go live: ffmpeg was not found/);
});

test('a failing output reaches the UI with a code it translates; a refused Go Live is passed on unchanged', async (t) => {
  const s = setup();
  t.after(() => s.core.dispose());
  await s.core.start();
  const pipe = s.pipelines[0]!;
  pipe.failNextGoLive = new StudioError('invalid', 'Resolution 1281x720 has an odd side', ['output.video.width: odd']);
  await assert.rejects(s.core.goLive(), (e: StudioError) => e.code === 'invalid' && e.issues?.[0] === 'output.video.width: odd');

  await s.core.goLive();
  pipe.setState({ outputs: [{ id: 'twitch', name: 'Twitch', url: 'rtmp://live.twitch.tv/app/***', state: 'failed', since: 0, lastError: 'x', reconnects: 3, retryInMs: 8000, error: { code: 'rejected', host: 'live.twitch.tv', detail: 'Server error' } }] });
  const last = of(s.events, 'pipeline.state').at(-1)!.state.outputs[0]!;
  assert.equal(last.error?.code, 'rejected');
  assert.equal(translate('zh-CN', `outputs.error.${last.error!.code}`, { host: last.error!.host, detail: last.error!.detail }).includes('live.twitch.tv'), true);
});

test('settings are saved and announced; a refused patch or a broken encoder saves nothing', async (t) => {
  const s = setup();
  t.after(() => s.core.dispose());
  await s.core.start();
  await s.core.updateSettings({ room: { title: 'Late night coding' }, output: { video: { bitrateKbps: 4000 } } });
  assert.equal(s.settings.saved.length, 1, 'written once');
  assert.equal(s.settings.saved[0]!.output.video.bitrateKbps, 4000);
  assert.equal(of(s.events, 'settings.changed').at(-1)!.settings.room.title, 'Late night coding');
  assert.deepEqual(s.rooms[0]!.titles.at(-1), 'Late night coding', 'viewers see the new title');
  await s.core.goLive();
  assert.equal(s.pipelines[0]!.wentLiveWith[0]!.video.bitrateKbps, 4000, 'the next Go Live uses it');

  await assert.rejects(s.core.updateSettings({ relay: { httpPort: -1 } }), StudioError);
  await assert.rejects(s.core.updateSettings({ output: { video: { encoder: 'nvenc' } } }), /NVIDIA GPU/);
  assert.equal(s.settings.saved.length, 1, 'nothing else was written');
  await s.core.updateSettings({ relay: { rtmpPort: 1936 } });
  const note = (await s.core.getSnapshot()).notes.find((n) => n.code === 'next-start-relay-ports');
  assert.ok(note);
  assert.equal(translateCoded('zh-CN', 'studioNote', note), '已保存。新的中继端口将在下次启动直播工作室时生效。');
  assert.equal(s.relay.starts.length, 1, 'ports apply at the next start: the relay is not restarted');
});

test('LAN sharing restarts the relay on all interfaces on the same ports, with a note; the room stays followed', async (t) => {
  const s = setup();
  t.after(() => s.core.dispose());
  await s.core.start();
  const before = s.core.relayState();
  await s.core.updateSettings({ relay: { lanSharing: true } });
  assert.equal(s.relay.starts.length, 2);
  assert.deepEqual(s.relay.starts[1], { ...s.relay.starts[0]!, host: '0.0.0.0', rtmpPort: before.rtmpPort!, httpPort: before.httpPort! });
  assert.equal(s.relay.stopped, 1, 'the old relay was stopped');
  const after = await s.core.getSnapshot();
  assert.equal(after.relay.status, 'running');
  assert.ok(after.notes.some((n) => n.code === 'lan-sharing-on'));
  assert.equal(s.rooms.length, 1, 'same port: the room connection is kept');
});

test('room events reach the feed and the snapshot; dispose stops pipeline, room and relay', async () => {
  const s = setup();
  await s.core.start();
  const e: RoomEvent = { seq: 1, ts: Date.now(), user: { id: 'v1', name: 'Viewer', role: 'viewer' }, type: 'danmaku', text: '你好', color: '#ffffff', mode: 'scroll' };
  s.rooms[0]!.post(e);
  assert.deepEqual(of(s.events, 'room.event').map((x) => x.event.seq), [1]);
  assert.deepEqual((await s.core.getSnapshot()).room.recentEvents.at(-1), e);
  await s.core.room.send({ text: 'welcome!' });
  assert.deepEqual(s.rooms[0]!.sent, ['welcome!']);
  await s.core.dispose();
  assert.equal(s.pipelines[0]!.disposed, true);
  assert.equal(s.rooms[0]!.closed, true);
  assert.equal(s.relay.stopped, 1);
});
