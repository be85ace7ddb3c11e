/**
 * Editing the on-air scene while live reaches viewers (issue 8): live on the test-pattern scene, a
 * changed version of that scene saved through the core API is spliced in once, without ending the
 * stream (a new encoder generation goes on air at its first key frame; rapid edits are
 * coalesced), and a frame grabbed from the relay's FLV with Debian's ffmpeg (an independent client)
 * shows the new layer; a save that changes nothing causes no restart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Scene } from '../../common/scene';
import type { StudioEvent } from '../../common/studio-api';
import { memoryLogger } from '../../media/log';
import { compose } from '../../main/composition';
import { waitFor } from '../helpers/media';

const run = promisify(execFile);
const DEBIAN_FFMPEG = '/usr/bin/ffmpeg';

/** Mean R, G, B of the top-left eighth of the first frame the relay's FLV serves. */
async function topLeftColour(flv: string): Promise<[number, number, number]> {
  const { stdout } = await run(DEBIAN_FFMPEG, ['-hide_banner', '-loglevel', 'error', '-i', flv, '-vf', 'crop=iw/8:ih/8:0:0,scale=8:8,format=rgb24', '-frames:v', '1', '-f', 'rawvideo', '-'], { encoding: 'buffer', maxBuffer: 1 << 20, timeout: 30_000 });
  const sum = [0, 0, 0];
  for (let i = 0; i < stdout.length; i++) sum[i % 3]! += stdout[i]!;
  const n = stdout.length / 3;
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

test('live on the test scene, a red layer saved into it reaches the stream; a no-op save does not restart', { skip: !existsSync(DEBIAN_FFMPEG) && 'needs Debian\'s ffmpeg', timeout: 150_000 }, async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'studio-live-edit-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const { core, dispose } = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: 0 }, log: memoryLogger() });
  t.after(dispose);
  await core.updateSettings({ output: { video: { width: 640, height: 360, fps: 15, bitrateKbps: 800, preset: 'ultrafast' } } });
  await core.switchScene('test');
  const restarts: string[] = [];
  let last = '';
  core.onEvent((e: StudioEvent) => {
    if (e.type !== 'pipeline.state') return;
    if (e.state.status === 'switching' && last !== 'switching') restarts.push(e.state.sceneId ?? '');
    last = e.state.status;
  });

  await core.goLive();
  await waitFor('live', async () => (await core.getSnapshot()).pipeline.state.status === 'live', 60_000);
  const flv = (await core.getSnapshot()).relay.urls!.flv;
  const [r0, g0] = await waitFor('a frame from the relay', () => topLeftColour(flv).catch(() => null), 30_000, 500);
  assert.ok(Math.abs(r0 - g0) < 60, `colour bars first (rgb ${r0}/${g0})`);

  // A save that changes nothing the encoder draws (same scenes, a layer renamed) does not cut the stream.
  const scenes = (await core.getSnapshot()).scenes;
  const renamed = scenes.map((s) => s.id === 'test' ? { ...s, layers: s.layers.map((l) => ({ ...l, name: `${l.name} (renamed)` })) } : s);
  await core.saveScenes(renamed);
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(restarts, [], 'no restart for a no-op save');

  // Rapid edits of the on-air scene (the editor saves while dragging) end in one restart on the last version.
  const withRed = (x: number): Scene[] => scenes.map((s) => s.id === 'test'
    ? { ...s, layers: [...s.layers, { id: 'red', name: 'Red', source: { kind: 'test-pattern', pattern: 'color', color: 'red' }, rect: { x, y: 0, width: 0.25, height: 0.25 }, visible: true }] }
    : s);
  await core.saveScenes(withRed(0.5));
  await core.saveScenes(withRed(0.2));
  await core.saveScenes(withRed(0));
  await waitFor('the encoder restarted on the edited scene', () => restarts.length > 0, 10_000, 50);
  await waitFor('live again', async () => (await core.getSnapshot()).pipeline.state.status === 'live', 30_000);
  assert.deepEqual(restarts, ['test'], 'one restart for three quick edits');

  const [r, g, b] = await waitFor('the red layer in the stream', async () => {
    const c = await topLeftColour(flv).catch(() => null);
    return c && c[0] > 150 && c[1] < 80 && c[2] < 80 ? c : null;
  }, 30_000, 500);
  t.diagnostic(`top-left after the edit: rgb ${r.toFixed(0)}/${g.toFixed(0)}/${b.toFixed(0)}`);
  await core.stop();
});
