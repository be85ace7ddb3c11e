/**
 * The mixer in Chromium (browser mode) with a private PulseAudio server whose null sink is the
 * desktop audio (no sound card here): before Go Live the desktop-audio meter on screen rises with a
 * tone and falls back when it stops; the microphone that is not there says so in the reader's
 * language; the noise-suppression switch is saved; when the page goes away the meter stops.
 * MIXER_SHOTS=<dir> saves screenshots at 1440×900 and 360 px in both languages.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SceneSchema } from '../../common/scene';
import { ProcessRegistry, type TrackedProcess } from '../../media/ffmpeg/processes';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { waitFor } from '../helpers/media';
import { startTestPulse, type TestPulse } from '../helpers/pulse';
import { startBrowserModeStudio } from '../helpers/studio';

const built = existsSync(path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html'));
const SHOTS = process.env.MIXER_SHOTS;
const helpers = new ProcessRegistry();
let pulse: TestPulse;
let stack: Awaited<ReturnType<typeof startBrowserModeStudio>>;
let tone: TrackedProcess | null = null;

const scene = SceneSchema.parse({
  id: 'aud', name: 'Audio',
  layers: [{ id: 'bg', source: { kind: 'test-pattern', pattern: 'color', color: 'navy' }, rect: { x: 0, y: 0, width: 1, height: 1 } }],
  audio: [{ id: 'desk', name: 'Desktop', kind: 'desktop' }, { id: 'mic', name: 'Mic', kind: 'microphone' }],
});

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function meterDb(page: Page, id: string): Promise<number> {
  return Number(await page.getByTestId(`audio-${id}`).getByRole('meter').getAttribute('aria-valuenow'));
}

before(async () => {
  if (!built) return;
  pulse = await startTestPulse(helpers);
  Object.assign(process.env, pulse.env);
  stack = await startBrowserModeStudio('studio-mixer-e2e-');
  await stack.core.updateSettings({ ui: { language: 'en' } });
  await stack.core.saveScenes([...(await stack.core.getSnapshot()).scenes, scene]);
  await stack.core.switchScene('aud');
});

after(async () => {
  await tone?.stop(2000);
  await stack?.stop();
  await pulse?.stop();
  await helpers.stopAll(2000);
  helpers.dispose();
});

test('before Go Live the mixer\'s desktop-audio meter moves with a tone; a missing microphone says so in both languages', { skip: !built && 'run "node scripts/build.mjs" first', timeout: 120_000 }, async () => {
  const page = await stack.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(stack.bridge.url);
  const desk = page.getByTestId('audio-desk');
  await desk.waitFor({ timeout: 20_000 });
  await waitFor('the desktop meter to run', async () => (await desk.getAttribute('data-meter')) === 'ok', 20_000);
  assert.ok((await meterDb(page, 'desk')) <= -55, 'silence before the tone');
  assert.equal(await page.getByTestId('mixer-source').innerText(), 'Off air');

  tone = pulse.play('sine=frequency=440:sample_rate=48000');
  const loud = await waitFor('the meter on screen to rise', async () => { const db = await meterDb(page, 'desk'); return db > -30 ? db : null; }, 15_000, 100);
  assert.equal((await stack.core.getSnapshot()).pipeline.state.status, 'idle', 'offline all along');
  await shot(page, 'mixer-en-1440');

  // The microphone: not on this machine, said in words the streamer reads.
  // (The page shows what the core's level events say: wait for the page, not a single read.)
  const mic = page.getByTestId('audio-mic');
  await waitFor('the microphone marked missing', async () => (await mic.getAttribute('data-meter')) === 'missing', 10_000);
  await waitFor('the missing-microphone note', async () => (await page.getByTestId('audio-note-mic').innerText()) === 'No microphone found: it is left out.', 10_000)
    .catch(async (e: Error) => assert.fail(`${e.message}: ${await page.getByTestId('audio-note-mic').innerText().catch(() => '(no note)')}`));

  // Noise suppression is one click, saved in the scene.
  await page.getByTestId('audio-ns-desk').click();
  await waitFor('noise suppression saved', async () => (await stack.core.getSnapshot()).scenes.find((s) => s.id === 'aud')?.audio.find((a) => a.id === 'desk')?.noiseSuppression === true, 10_000);
  // Saved in the core first; the page re-renders when its scenes event arrives.
  await waitFor('the switch shown on', async () => (await page.getByTestId('audio-ns-desk').getAttribute('aria-pressed')) === 'true', 10_000);

  await stack.core.updateSettings({ ui: { language: 'zh-CN' } });
  await waitFor('the note in Chinese', async () => (await page.getByTestId('audio-note-mic').innerText()).includes('麦克风'), 10_000);
  assert.equal(await page.getByTestId('audio-ns-desk').innerText(), '降噪');
  await shot(page, 'mixer-zh-1440');
  await page.setViewportSize({ width: 360, height: 800 });
  await page.getByTestId('audio-desk').scrollIntoViewIfNeeded();
  await shot(page, 'mixer-zh-360');
  await stack.core.updateSettings({ ui: { language: 'en' } });
  await waitFor('English again', async () => (await page.getByTestId('audio-note-mic').innerText()).startsWith('No microphone'), 10_000);
  await shot(page, 'mixer-en-360');

  await tone.stop(2000);
  tone = null;
  const quiet = await waitFor('the meter on screen to fall back', async () => { const db = await meterDb(page, 'desk'); return db <= -55 ? db : null; }, 10_000, 100);
  assert.ok(loud > -30 && quiet <= -55, `${loud} then ${quiet}`);
  assert.deepEqual(errors, []);

  // Nobody looking (the page is gone): the meter process stops when its lease runs out.
  assert.ok(stack.processes.list().some((p) => p.name === 'meter:desk'));
  await page.close();
  await waitFor('the meter to stop without a watcher', () => !stack.processes.list().some((p) => p.name.startsWith('meter:')), 20_000);
});
