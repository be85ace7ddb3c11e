/**
 * A first run on a machine whose OS locale names no language (LANG=C.UTF-8) opened in a Chinese
 * browser: the studio page is Chinese and settles it once, so the room title and the default scene
 * names are Chinese too (the saved English default used to override the browser).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { startBrowserModeStudio } from '../helpers/studio';
import { waitFor } from '../helpers/media';

const built = existsSync(path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html'));

test('LANG=C.UTF-8 + a zh-CN browser: the studio is Chinese, room title and scenes included', { skip: !built && 'run "node scripts/build.mjs" first', timeout: 120_000 }, async (t) => {
  // the tester's machine: a C locale says nothing about the language (this test file runs in its own process)
  process.env.LANG = 'C.UTF-8';
  delete process.env.LC_ALL;
  delete process.env.LC_MESSAGES;
  const stack = await startBrowserModeStudio('first-run-language-e2e-');
  t.after(() => stack.stop());
  const { core, bridge, browser } = stack;
  assert.equal((await core.getSnapshot()).settings.ui.languageSource, 'unknown');

  const errors: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(bridge.url);
  await page.getByTestId('go-live').waitFor({ timeout: 20_000 });
  await waitFor('the page to settle the browser language in the core', async () => (await core.getSnapshot()).settings.ui.language === 'zh-CN', 20_000);
  const snap = await core.getSnapshot();
  assert.equal(snap.settings.ui.languageSource, 'browser');
  assert.equal(snap.settings.room.title, '我的直播间');
  assert.deepEqual(snap.scenes.map((s) => s.name), ['主场景', '测试图案']);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  assert.match(await page.getByTestId('go-live').innerText(), /[\u4e00-\u9fff]/, 'Go Live reads in Chinese');

  // the streamer's explicit choice wins over the browser, also after a reload
  await core.updateSettings({ ui: { language: 'en' } });
  await page.reload();
  await page.getByTestId('go-live').waitFor({ timeout: 20_000 });
  await waitFor('the page to show the chosen English', async () => (await page.locator('html').getAttribute('lang')) === 'en', 10_000);
  assert.equal((await core.getSnapshot()).settings.ui.language, 'en');
  assert.deepEqual(errors, []);
});
