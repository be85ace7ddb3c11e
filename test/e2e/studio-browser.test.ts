/**
 * Browser mode as a streamer uses it: the studio core + bridge (the same code `npm start -- --web`
 * runs), the real studio page in Chromium, Go Live on the test-pattern scene (works on any machine),
 * 30 fps delivered to the relay and shown in the status bar with the page open, the program monitor
 * playing our own relay (and feeding the editor), Stop ending every ffmpeg.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { measureDelivery } from '../helpers/delivered-fps';
import { startBrowserModeStudio } from '../helpers/studio';

const studioPage = path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html');
/** Share of a window the encoder's main thread may wait for a CPU and still be judged on frame rate. */
const STARVED = 0.25;

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

test('browser mode: open the studio, go live on the test pattern, 30 fps delivered and shown, the program monitor plays, stop ends ffmpeg', { skip: !existsSync(studioPage) && 'run "node scripts/build.mjs" first', timeout: 150_000 }, async (t) => {
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

  // The rate viewers get, measured apart from the studio's figure: frames arriving from the relay over
  // wall time. The status figure must be that rate (a pipeline that drops frames says so), and 30 fps
  // must really be delivered with this page open (it decodes the program monitor and draws the editor)
  // unless the machine did not run the encoder: 22-25 fps was streamed at load 2-3 when catch-up frames
  // after a stall were lost (media/studio/args/capture.ts canvasPts). A window where the encoder's
  // pacing thread waited for a CPU more than STARVED of the time is not judged on rate (a busy CI
  // machine); up to three windows are tried for one that is.
  await waitFor('the status bar to show a frame rate', async () => Number.parseFloat((await page.getByTestId('status-fps').textContent()) ?? '') > 0, 45_000);
  await new Promise((r) => setTimeout(r, 3000)); // past the start-up key frames and the monitor's first connection
  const flvUrl = core.relayState().urls?.flv;
  const encoderPid = processes.list().find((p) => p.name === 'encoder')?.child.pid;
  assert.ok(flvUrl && encoderPid, 'live: the relay serves FLV and an encoder runs');
  let d = await measureDelivery(core, flvUrl, encoderPid, 6);
  for (let i = 0; i < 2 && (d.encoderWaitShare ?? 0) > STARVED; i++) {
    t.diagnostic(`busy window, not judged on rate: ${JSON.stringify(d)}`);
    d = await measureDelivery(core, flvUrl, encoderPid, 6);
  }
  t.diagnostic(`delivery: ${JSON.stringify(d)}`);
  const shown = Number.parseFloat((await page.getByTestId('status-fps').textContent()) ?? '');
  // The figure tells the truth: the encoder's frame count, the relay's and the status bar agree (the
  // encoder's count moves in progress blocks every ~0.5 s and the relay is ~0.5 s downstream: edges).
  assert.ok(Math.abs(d.relayFps - d.encoderFps) <= Math.max(3, d.encoderFps * 0.15), `frames at the relay ${d.relayFps}/s vs the encoder's ${d.encoderFps}/s`);
  assert.ok(Math.abs(shown - d.relayFps) <= 3, `status bar ${shown} fps vs ${d.relayFps} frames/s at the relay`);
  // Dropped rather than queued: the stream's time keeps up with the wall clock.
  assert.ok(Math.abs(d.delayGrowthSec) < 0.5, `frames arrived ${d.delayGrowthSec} s later (vs their stream time) at the end of 6 s than at its start`);
  if (d.relayFps < 25) assert.ok(d.overload, `${d.relayFps} fps delivered without an overload warning`);
  if ((d.encoderWaitShare ?? 0) <= STARVED) {
    assert.ok(d.relayFps >= 27, `${d.relayFps} fps delivered (target 30; the encoder waited for a CPU ${Math.round((d.encoderWaitShare ?? 0) * 100)} % of the time)`);
    assert.ok(shown >= 27, `status bar ${shown} fps (target 30)`);
  }
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
  // The editor shows the scene on air from those frames: no second decode of the stream in a preview ffmpeg.
  await waitFor('the editor to draw the on-air scene from the program monitor', async () => Number(await page.getAttribute('[data-testid="scene-preview-program"]', 'data-frames')) > 3, 15_000);
  await waitFor('no preview ffmpeg while the editor draws from the monitor', async () => !processes.list().some((p) => p.name === 'preview'), 10_000);

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
