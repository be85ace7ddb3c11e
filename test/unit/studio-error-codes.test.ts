/**
 * Refusals and relay failures in the user's language: a StudioError carries a code + params
 * (`studioError.<code>`) across both transports (the bridge's JSON envelope, Electron's
 * message-only errors), the relay's start failure is coded (`studioNote.<code>`), and the renderer's
 * errorText shows them in zh-CN. Seen: "The relay could not start: RTMP port … is already in use"
 * and "Only the studio's own links …" in English in the Chinese studio.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STUDIO_ERROR_CODES, StudioError, encodeErrorMessage, toStudioError, unwrapResult } from '../../common/studio-api';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { createRelay } from '../../media/relay/relay';
import { openSettingsStore } from '../../main/settings/store';
import { StudioCore } from '../../main/studio/core';
import { dispatchStudioCall } from '../../main/studio/dispatch';
import { RelaySupervisor } from '../../main/studio/relay-supervisor';
import { openScenesStore } from '../../main/studio/scenes-store';
import { errorText, hasMessage, translateCoded } from '../../renderer/shared/i18n';
import { issuesByField, refusalIssues } from '../../renderer/studio/components/settings/field-issues';
import { FAKE_FFMPEG, fakeRelayParts } from '../helpers/studio-fakes';

const HAN = /[\u4e00-\u9fff]/;

function occupy(): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

test('every error code has a message in both catalogs', () => {
  for (const code of STUDIO_ERROR_CODES) assert.ok(hasMessage(`studioError.${code}`), code);
});

test('a relay that cannot start because its RTMP port is taken says so in Chinese', async (t) => {
  const blocker = await occupy();
  const taken = (blocker.address() as AddressInfo).port;
  const processes = new ProcessRegistry();
  t.after(() => { blocker.close(); processes.dispose(); });
  const dir = mkdtempSync(path.join(tmpdir(), 'error-codes-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const settings = openSettingsStore(path.join(dir, 'settings.json'));
  // The real relay on the taken port (no fallback: this is what a start that lost the port sees).
  const supervisor = new RelaySupervisor({
    settings: () => settings.get(), log: memoryLogger(),
    start: async (req) => {
      const relay = createRelay({ host: req.host, rtmpPort: taken, httpPort: 0, processes, log: memoryLogger(), dataDir: null, rooms: [{ id: req.room }] });
      await relay.start();
      await relay.stop();
      throw new Error('the port was free after all');
    },
  });
  const notes: { code: string; params?: Record<string, string | number>; text: string }[] = [];
  supervisor.onNote((_level, m) => notes.push(m));
  assert.equal(await supervisor.start(FAKE_FFMPEG), false);
  const info = supervisor.info();
  assert.equal(info.status, 'error');
  assert.match(info.error ?? '', new RegExp(`RTMP port 127\\.0\\.0\\.1:${taken} is already in use`), 'the English text for logs and the CLI');
  assert.deepEqual(info.errorCode, { code: 'relay-port-in-use', params: { server: 'RTMP', port: String(taken), host: '127.0.0.1' } });
  const zh = translateCoded('zh-CN', 'studioNote', { ...info.errorCode!, text: info.error! });
  assert.match(zh, new RegExp(`^中继服务无法启动：127\\.0\\.0\\.1 上的 RTMP 端口 ${taken} 已被其他程序占用。请关闭该程序`));
  assert.match(translateCoded('en', 'studioNote', { ...info.errorCode!, text: info.error! }), new RegExp(`RTMP port ${taken} on 127\\.0\\.0\\.1 is in use by another program`));
  // The banner note is the same failure, coded too.
  assert.equal(notes.length, 1);
  assert.equal(notes[0]!.code, 'relay-port-in-use');
  assert.equal(translateCoded('zh-CN', 'studioNote', notes[0]!), zh);

  // Go Live with the relay down: refused in Chinese, naming the relay, over the real dispatcher.
  const core = new StudioCore({
    log: memoryLogger(), settings, scenes: openScenesStore(path.join(dir, 'scenes.json')),
    relay: supervisor, ffmpeg: fakeRelayParts(settings).ffmpeg,
  });
  t.after(() => core.dispose());
  const res = await dispatchStudioCall(core, 'goLive', undefined);
  assert.equal(res.ok, false);
  assert.throws(() => unwrapResult(res), (err: StudioError) => {
    assert.equal(err.detail?.code, 'stream-relay-down');
    assert.match(errorText('zh-CN', err), /^无法开始或停止推流：本地中继服务没有运行/);
    return true;
  });
});

test('a refused action reaches the page coded over both transports and reads in Chinese', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'error-codes-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const settings = openSettingsStore(path.join(dir, 'settings.json'));
  const core = new StudioCore({ log: memoryLogger(), settings, scenes: openScenesStore(path.join(dir, 'scenes.json')), ...fakeRelayParts(settings) });
  await core.start();
  t.after(() => core.dispose());

  const cases: [string, unknown, RegExp][] = [
    ['openExternal', 'https://evil.example/phish', /^这里只能打开直播工作室自己的链接（观众页面、叠加层、直播流）；未打开 https:\/\/evil\.example\/phish。$/],
    ['switchScene', 'no-such-scene', /^场景“no-such-scene”不存在/],
    ['updateSettings', { relay: { rtmpPort: 70000 } }, /^直播工作室拒绝了请求 updateSettings（relay\.rtmpPort: /],
    ['updateSettings', { output: { recording: { directory: 'relative/folder' } } }, /^设置未保存：无法把录像写入 relative\/folder。/],
    ['room.send', { text: '' }, /^直播工作室拒绝了请求 room\.send/],
    ['history.usage', undefined, /^此版本不支持弹幕历史记录。$/],
  ];
  for (const [method, arg, zh] of cases) {
    const res = await dispatchStudioCall(core, method, arg);
    assert.equal(res.ok, false, method);
    if (res.ok) continue;
    assert.ok(res.error.detail, `${method} carries a code`);
    // Browser mode: the JSON envelope. Electron: contextBridge keeps only the message (preload/index.ts).
    const viaBridge = (() => { try { unwrapResult(JSON.parse(JSON.stringify(res))); } catch (e) { return e as StudioError; } return null; })()!;
    const viaIpc = toStudioError(new Error(encodeErrorMessage(res.error.code, res.error.message, res.error.issues, res.error.detail)));
    for (const err of [viaBridge, viaIpc]) {
      assert.equal(err.code, res.error.code, method);
      assert.equal(err.message, res.error.message, `${method}: the English message survives as is`);
      assert.deepEqual(err.issues, res.error.issues ?? [], `${method}: issues survive`);
      const text = errorText('zh-CN', err);
      assert.match(text, zh, method);
      assert.doesNotMatch(text, /\{\w+\}/, `${method}: every placeholder filled`);
      assert.ok(HAN.test(text));
      assert.equal(errorText('en', err).length > 0 && !HAN.test(errorText('en', err)), true, `${method}: English in English`);
    }
  }
  // An error without a code (an older core) still shows its own words.
  assert.equal(errorText('zh-CN', new StudioError('internal', 'plain words')), 'plain words');
  assert.equal(errorText('zh-CN', toStudioError(new Error('[internal] plain words'))), 'plain words');
});

test('a refused save that names one field shows the translated refusal at that field', () => {
  const folder = { message: 'Settings not saved: "rel" is not a full path', detail: { code: 'recording-folder-unusable' as const, params: { folder: 'rel' } }, issues: ['output.recording.directory: "rel" is not a full path'] };
  const [line] = refusalIssues('zh-CN', folder);
  assert.match(line!, /^output\.recording\.directory: 设置未保存：无法把录像写入 rel。/);
  assert.deepEqual(issuesByField([line!]).get('directory')?.length, 1, 'the settings dialog finds its field');
  // Schema issues without a field code stay as they are (the form mirrors those checks as typed).
  assert.deepEqual(refusalIssues('zh-CN', { message: 'x', detail: { code: 'settings-invalid', params: { issues: 'a' } }, issues: ['output.video.width: odd'] }), ['output.video.width: odd']);
});
