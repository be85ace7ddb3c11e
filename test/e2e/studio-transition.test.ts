/**
 * The transition picker under the scene list (issue 11), in Chromium against browser mode: the
 * streamer picks cut or fade and a duration (saved in the settings, clamped to 100-5000 ms, labels in
 * both languages); live on the test pattern, a switch to the main scene is confirmed with the
 * transition named and "the stream does not stop", and the pipeline goes live -> switching -> live
 * on the new scene without ever starting again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { StudioEvent } from '../../common/studio-api';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { waitFor } from '../helpers/media';
import { startBrowserModeStudio } from '../helpers/studio';

const studioPage = path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html');

test('transition picker: fade + duration saved and clamped; a live switch from the UI never restarts the stream', { skip: !existsSync(studioPage) && 'run "node scripts/build.mjs" first', timeout: 120_000 }, async (t) => {
  const stack = await startBrowserModeStudio('studio-transition-');
  t.after(() => stack.stop());
  const { core, bridge, browser } = stack;
  await core.updateSettings({ output: { video: { width: 640, height: 360, fps: 15, bitrateKbps: 800, preset: 'ultrafast' } } });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(bridge.url);
  await page.getByTestId('transition-kind').waitFor({ state: 'visible', timeout: 20_000 });

  const saved = async () => (await core.getSnapshot()).settings.output.transition;
  assert.deepEqual(await saved(), { kind: 'fade', durationMs: 300 }, 'OBS\'s default: a 300 ms fade');
  await page.getByTestId('transition-kind').selectOption('cut');
  await waitFor('cut saved', async () => (await saved()).kind === 'cut', 10_000, 100);
  // The picker follows the saved settings (a snapshot event), so give the page a moment to re-render.
  await waitFor('a cut has no duration field', async () => (await page.getByTestId('transition-ms').count()) === 0, 10_000, 100);
  await page.getByTestId('transition-kind').selectOption('fade');
  await page.getByTestId('transition-ms').fill('99999');
  await page.getByTestId('transition-ms').press('Enter');
  await waitFor('the duration clamped to 5000 ms', async () => (await saved()).durationMs === 5000, 10_000, 100);
  assert.equal(await page.getByTestId('transition-ms').inputValue(), '5000');
  await page.getByTestId('transition-ms').fill('400');
  await page.getByTestId('transition-ms').blur();
  await waitFor('fade 400 ms saved', async () => { const s = await saved(); return s.kind === 'fade' && s.durationMs === 400; }, 10_000, 100);

  // Live on the test pattern, then switch to the main scene from the scene list.
  await page.getByTestId('scene-test').click();
  await waitFor('the test scene active', async () => (await core.getSnapshot()).activeSceneId === 'test', 10_000, 100);
  await page.getByTestId('go-live').click();
  await waitFor('live', async () => (await core.getSnapshot()).pipeline.state.status === 'live', 60_000);
  const statuses: string[] = [];
  core.onEvent((e: StudioEvent) => {
    if (e.type === 'pipeline.state' && statuses.at(-1) !== e.state.status) statuses.push(e.state.status);
  });
  await page.getByTestId('scene-main').click();
  const confirm = page.getByRole('alertdialog');
  await confirm.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match((await confirm.textContent()) ?? '', /0\.4 s fade; the stream does not stop/);
  await page.getByTestId('scene-switch-confirm').click();
  await waitFor('on air on the main scene', async () => { const s = (await core.getSnapshot()).pipeline.state; return s.status === 'live' && s.sceneId === 'main'; }, 30_000, 100);
  const last = (await core.getSnapshot()).pipeline.state.lastSwitch;
  t.diagnostic(`statuses after going live: ${statuses.join(' -> ')}; switch ${last?.ms} ms, splice gap ${last?.gapMs} ms`);
  assert.ok(statuses.every((s) => s === 'switching' || s === 'live'), `the stream never restarted: ${statuses.join(', ')}`);
  assert.ok(last && last.sceneId === 'main');

  // The same picker reads in Chinese.
  await core.updateSettings({ ui: { language: 'zh-CN' } });
  await page.reload();
  await page.getByTestId('transition-kind').waitFor({ state: 'visible', timeout: 20_000 });
  assert.equal(await page.getByTestId('transition-kind').locator('option:checked').textContent(), '淡入淡出');
  await core.stop();
  assert.deepEqual(pageErrors, []);
});
