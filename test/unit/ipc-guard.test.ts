import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STUDIO_METHODS, ipcChannel } from '../../common/studio-api';
import { FfmpegNotFoundError } from '../../media/ffmpeg/locate';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { STUDIO_PAGE_URL, handleIpcCall, senderAllowed } from '../../main/electron/ipc-guard';
import { openSettingsStore } from '../../main/settings/store';
import { StudioCore } from '../../main/studio/core';
import { openScenesStore } from '../../main/studio/scenes-store';
import { fakeRelayParts } from '../helpers/studio-fakes';

function makeCore(t: { after(fn: () => unknown): void }): StudioCore {
  const dir = mkdtempSync(path.join(tmpdir(), 'ipc-guard-'));
  const processes = new ProcessRegistry();
  t.after(() => { processes.dispose(); rmSync(dir, { recursive: true, force: true }); });
  const settings = openSettingsStore(path.join(dir, 'settings.json'));
  return new StudioCore({
    log: memoryLogger(), settings, scenes: openScenesStore(path.join(dir, 'scenes.json')),
    ...fakeRelayParts(settings, undefined, new FfmpegNotFoundError('ffmpeg', [])),
  });
}

const ours = { frameUrl: STUDIO_PAGE_URL, isMainFrame: true };

test('only our studio page in a top-level frame may call the core', () => {
  assert.ok(senderAllowed(ours));
  assert.ok(senderAllowed({ frameUrl: `${STUDIO_PAGE_URL}#settings`, isMainFrame: true }));
  for (const frameUrl of ['https://evil.example/', 'file:///tmp/index.html', 'app://other/studio/index.html', 'app://studio/viewer/index.html', 'http://127.0.0.1:8000/room/studio', '', null, 'not a url']) {
    assert.equal(senderAllowed({ frameUrl, isMainFrame: true }), false, String(frameUrl));
  }
  assert.equal(senderAllowed({ frameUrl: STUDIO_PAGE_URL, isMainFrame: false }), false, 'an iframe inside our page is not us');
});

test('a foreign sender is refused before its payload is even looked at', async (t) => {
  const core = makeCore(t);
  const r = await handleIpcCall(core, ipcChannel('updateSettings'), { frameUrl: 'https://evil.example/', isMainFrame: true }, [{ room: { title: 'pwned' } }]);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.code, 'forbidden');
  assert.notEqual((await core.getSnapshot()).settings.room.title, 'pwned');
});

test('malformed payloads are refused with readable reasons and change nothing', async (t) => {
  const core = makeCore(t);
  const before = (await core.getSnapshot()).settings;
  const cases: [string, unknown[], RegExp][] = [
    [ipcChannel('updateSettings'), [{ relay: { httpPort: -1 } }], /relay\.httpPort/],
    [ipcChannel('updateSettings'), [{ output: { video: { width: 1281 } } }], /odd side/],
    [ipcChannel('updateSettings'), [{ __proto__: { polluted: true }, extra: 1 }], /invalid request/],
    [ipcChannel('switchScene'), [42], /switchScene: invalid request/],
    [ipcChannel('room.send'), [{ text: '' }], /message is empty/],
    [ipcChannel('room.send'), [{ text: 'x'.repeat(61) }], /longer than 60/],
    [ipcChannel('saveScenes'), [[]], /at least one scene/],
    [ipcChannel('getSnapshot'), [{}, {}], /at most one argument/],
    [ipcChannel('getSnapshot'), ['unexpected'], /invalid request/],
    [ipcChannel('openExternal'), ['javascript:alert(1)'], /only http\(s\)/],
    ['studio:__proto__', [], /Unknown studio call/],
    ['other:channel', [], /Unknown studio call/],
  ];
  for (const [channel, args, reason] of cases) {
    const r = await handleIpcCall(core, channel, ours, args);
    assert.equal(r.ok, false, `${channel} ${JSON.stringify(args).slice(0, 60)} should be refused`);
    if (!r.ok) assert.match(r.error.message, reason, channel);
  }
  assert.deepEqual((await core.getSnapshot()).settings, before);
});

test('every contract method has a channel, and a valid call from our page goes through', async (t) => {
  const core = makeCore(t);
  assert.equal(new Set(STUDIO_METHODS.map(ipcChannel)).size, STUDIO_METHODS.length);
  const r = await handleIpcCall(core, ipcChannel('updateSettings'), ours, [{ ui: { language: 'zh-CN' } }]);
  assert.equal(r.ok, true);
  assert.equal((await core.getSnapshot()).settings.ui.language, 'zh-CN');
  const live = await handleIpcCall(core, ipcChannel('goLive'), ours, []);
  assert.equal(live.ok, false, 'no relay (no ffmpeg): going live explains why');
  if (!live.ok) {
    assert.equal(live.error.code, 'unavailable');
    assert.match(live.error.message, /Cannot go live/);
  }
});
