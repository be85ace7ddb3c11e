/**
 * A call naming a scene that does not exist is refused at the dispatcher, over the real bridge and
 * the IPC handler, before the core starts anything for it. Seen: `audio.watchMeters` and
 * `preview.frame` accepted any scene id (and a preview ffmpeg ran for a scene nobody has).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BRIDGE_CALL_PATH, BRIDGE_TOKEN_HEADER, ipcChannel, type StudioCallResult } from '../../common/studio-api';
import { memoryLogger } from '../../media/log';
import { startBridge } from '../../main/bridge/server';
import { compose } from '../../main/composition';
import { STUDIO_PAGE_URL, handleIpcCall } from '../../main/electron/ipc-guard';
import { errorText } from '../../renderer/shared/i18n';
import { waitFor } from '../helpers/media';

test('unknown scene ids are refused by the dispatcher and start no process; known ones work', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'unknown-ids-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const log = memoryLogger();
  const { core, processes, dispose } = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: 0 }, log });
  t.after(dispose);
  const bridge = await startBridge({ api: core, webRoot: path.join(dataDir, 'no-web'), log, relayOrigins: () => [] });
  t.after(() => bridge.close());
  // Every child the studio starts from here on, by name (the registry is the one place that spawns).
  const spawned: string[] = [];
  const spawn = processes.spawn.bind(processes);
  processes.spawn = (name, ...rest) => {
    spawned.push(name);
    return spawn(name, ...rest);
  };

  const call = async (method: string, arg: unknown): Promise<{ status: number; body: StudioCallResult }> => {
    const res = await fetch(`http://127.0.0.1:${bridge.port}${BRIDGE_CALL_PATH}${method}`, {
      method: 'POST', headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: bridge.token }, body: JSON.stringify({ arg }),
    });
    return { status: res.status, body: (await res.json()) as StudioCallResult };
  };

  const unknown: [string, unknown, string][] = [
    ['preview.frame', { sceneId: 'no-such-scene' }, 'sceneId: there is no scene "no-such-scene"'],
    ['audio.watchMeters', { sceneId: 'no-such-scene', watching: true }, 'sceneId: there is no scene "no-such-scene"'],
    ['switchScene', 'no-such-scene', 'there is no scene "no-such-scene"'],
  ];
  for (const [method, arg, issue] of unknown) {
    const { status, body } = await call(method, arg);
    assert.equal(status, 404, method);
    assert.ok(!body.ok);
    if (body.ok) continue;
    assert.equal(body.error.code, 'not_found', method);
    assert.deepEqual(body.error.issues, [issue], method);
    assert.deepEqual(body.error.detail, { code: 'scene-unknown', params: { sceneId: 'no-such-scene' } }, method);
    assert.match(errorText('zh-CN', body.error), /^场景“no-such-scene”不存在/);
    // The Electron path goes through the same dispatcher.
    const ipc = await handleIpcCall(core, ipcChannel(method as 'preview.frame'), { frameUrl: STUDIO_PAGE_URL, isMainFrame: true }, [arg]);
    assert.deepEqual(ipc, body, `${method}: IPC answers exactly as the bridge`);
  }
  // A watchMeters with too long an id is still a schema refusal, not a lookup.
  assert.equal((await call('audio.watchMeters', { sceneId: 'x'.repeat(65), watching: true })).status, 400);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(spawned.filter((n) => !n.startsWith('list:')), [], 'nothing started for a scene that does not exist');
  assert.equal((await core.getSnapshot()).activeSceneId, 'main', 'the active scene did not change');

  // The control: the same calls for the real scene are accepted (and the preview does start).
  const main = await call('preview.frame', { sceneId: 'main' });
  assert.equal(main.status, 200, JSON.stringify(main.body));
  assert.equal((await call('audio.watchMeters', { sceneId: 'main', watching: false })).status, 200);
  // The preview starts after the device listing, which on a loaded machine can outlast the frame
  // call's 2 s wait: keep asking (as the editor does) until it has started.
  const previewRan = () => spawned.some((n) => /preview/i.test(n));
  await waitFor('a preview for the real scene', async () => previewRan() || ((await call('preview.frame', { sceneId: 'main' })).status === 200 && previewRan()), 20_000, 100)
    .catch((e: Error) => assert.fail(`${e.message}: ${spawned.join(', ')}`));
});
