/**
 * Browser mode as a streamer uses it: the studio core + bridge (the same code `npm start -- --web`
 * runs), the real studio page in Chromium, Go Live on the test-pattern scene (works on any machine),
 * ~30 fps in the status bar, the program monitor playing our own relay, Stop ending every ffmpeg.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { startBrowserModeStudio } from '../helpers/studio';

const studioPage = path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html');

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
}

test('browser mode: open the studio, go live on the test pattern, see ~30 fps and the program monitor play, stop ends ffmpeg', { skip: !existsSync(studioPage) && 'run "node scripts/build.mjs" first', timeout: 120_000 }, async (t) => {
  const stack = await startBrowserModeStudio('studio-e2e-');
  t.after(() => stack.stop());
  const { core, processes, bridge, browser } = stack;
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));

  await page.goto(bridge.url);
  assert.ok(!page.url().includes('token='), 'the token left the address bar');
  await page.getByTestId('go-live').waitFor({ state: 'visible', timeout: 20_000 });

  // The test pattern needs no camera, screen or microphone.
  await page.getByTestId('scene-test').click();
  await waitFor('the test scene to become active', async () => (await core.getSnapshot()).activeSceneId === 'test', 10_000);

  await page.getByTestId('go-live').click();
  await page.getByTestId('stop').waitFor({ state: 'visible', timeout: 30_000 });

  // 30 fps is the target; on 2 cores with this page decoding the program monitor and the editor's
  // preview beside the encoder, 22-25 fps was measured at load 2-3. A pipeline that stalls or runs at
  // the wrong rate still fails (0, or far off 30); the exact rate belongs to bench:encode.
  const fps = await waitFor('the status bar to show 20-35 fps (target 30)', async () => {
    const text = (await page.getByTestId('status-fps').textContent()) ?? '';
    const n = Number.parseFloat(text);
    return n >= 20 && n <= 35 ? n : null;
  }, 45_000);
  t.diagnostic(`status bar: ${fps} fps`);
  assert.ok(fps >= 20 && fps <= 35, `fps ${fps}`);
  assert.equal((await core.getSnapshot()).pipeline.state.status, 'live');

  // The program monitor plays our relay: frames decode and time advances.
  const playing = await waitFor('the program monitor to play', async () => {
    const a = (await page.evaluate('(() => { const v = document.querySelector("[data-testid=program-monitor]"); return v ? { t: v.currentTime, rs: v.readyState, w: v.videoWidth, hidden: v.hidden } : null; })()')) as { t: number; rs: number; w: number; hidden: boolean } | null;
    if (!a || a.hidden || a.rs < 2 || a.w === 0) return null;
    await new Promise((r) => setTimeout(r, 1000));
    const b = (await page.evaluate('document.querySelector("[data-testid=program-monitor]").currentTime')) as number;
    return b > a.t ? { width: a.w, advanced: b - a.t } : null;
  }, 45_000);
  assert.equal(playing.width, 1280);

  assert.ok(processes.size > 0, 'ffmpeg runs while live');
  await page.getByTestId('stop').click();
  await page.getByTestId('go-live').waitFor({ state: 'visible', timeout: 30_000 });
  // The broadcast's ffmpegs end; the open page keeps metering its sources offline (meter:<id>) and
  // showing the editor's live preview (one 'preview' process).
  const broadcast = () => processes.list().filter((p) => !p.name.startsWith('meter:') && p.name !== 'preview');
  await waitFor('every broadcast ffmpeg to exit after Stop', async () => broadcast().length === 0, 20_000).catch((e: Error) => assert.fail(`${e.message}: ${broadcast().map((p) => p.name).join(', ')}`));
  assert.ok(processes.list().filter((p) => p.name === 'preview').length <= 1, 'at most one preview process');
  assert.equal((await core.getSnapshot()).pipeline.state.status, 'idle');
  assert.deepEqual(pageErrors, []);
  // Nobody looking (the page closed): the meters and the preview stop too, and nothing is left running.
  await page.close();
  await waitFor('every ffmpeg to exit once the studio page is closed', async () => processes.size === 0, 25_000);
});
