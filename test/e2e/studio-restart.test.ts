/**
 * State that survives (issue 8): after the studio process dies while live and starts again, the tab
 * that was open and a reloaded tab both show the core's true state (not a stale "Live"), through the
 * same studio link.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { launchChromium } from '../helpers/browser';
import { startStudioProcess, type StudioProcess } from '../helpers/studio-process';

const studioPage = path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html');
const dataDir = mkdtempSync(path.join(tmpdir(), 'danmu-restart-'));
let studio: StudioProcess | null = null;
let browser: Browser | null = null;
after(async () => {
  await browser?.close();
  await studio?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a studio killed while live and started again: the open tab and a reload show it is not live', { skip: !existsSync(studioPage) && 'run "node scripts/build.mjs" first', timeout: 150_000 }, async () => {
  studio = await startStudioProcess({ dataDir });
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(studio.info.studio);
  await page.getByTestId('go-live').waitFor({ state: 'visible', timeout: 30_000 });
  await page.getByTestId('scene-test').click(); // the test pattern needs no devices
  await page.getByTestId('go-live').click();
  const badge = page.getByTestId('live-badge');
  const liveBadge = page.locator('[data-testid=live-badge].live-badge--on');
  await liveBadge.waitFor({ state: 'visible', timeout: 60_000 });

  process.kill(studio.pid, 'SIGKILL');
  await new Promise((r) => studio!.wrapper.once('exit', r));
  studio = await startStudioProcess({ dataDir });

  // The open tab reconnects on its own and takes the new core's state.
  await liveBadge.waitFor({ state: 'detached', timeout: 30_000 });
  assert.doesNotMatch((await badge.getAttribute('class')) ?? '', /live-badge--on/);

  // A reload works with the same link (cookie) and shows the truth from the start.
  await page.reload();
  await page.getByTestId('go-live').waitFor({ state: 'visible', timeout: 30_000 });
  assert.doesNotMatch((await badge.getAttribute('class')) ?? '', /live-badge--on/);
  assert.equal(await page.getByTestId('stop').count(), 0, 'no Stop button: nothing is live');
});
