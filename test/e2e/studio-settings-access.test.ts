/**
 * The studio's access settings as a streamer meets them in the browser: the top bar's LAN switch
 * changes what the viewer link offers (loopback by default), Settings shows the ffmpeg in use and the
 * default recording folder, and resetting the studio link hands out a new one while this tab keeps
 * working.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lanAddresses } from '../../media/relay/relay';
import { studioPageFixture } from '../helpers/studio-page';

const fixture = studioPageFixture('danmu-access-');
const lan = lanAddresses()[0];

test('LAN switch, ffmpeg in use, recording folder and studio link reset in the studio page', { skip: fixture.skip || (!lan && 'no LAN address here'), timeout: 120_000 }, async () => {
  const { studio, browser } = await fixture.start();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(studio.info.studio);
  const viewer = page.getByTestId('viewer-url');
  await viewer.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match((await viewer.textContent()) ?? '', /^127\.0\.0\.1:/, 'loopback by default');

  await page.getByTestId('lan-sharing').click({ force: true });
  await page.locator('[data-testid=viewer-url]', { hasText: lan! }).waitFor({ timeout: 30_000 });
  await page.getByTestId('lan-sharing').click({ force: true });
  await page.locator('[data-testid=viewer-url]', { hasText: '127.0.0.1' }).waitFor({ timeout: 30_000 });

  // The rest in Chinese: a refused save must read in the user's language (it was the core's English).
  await page.getByTestId('lang-zh-CN').click();
  await page.getByTestId('open-settings').click();
  const status = page.getByTestId('settings-ffmpeg-status');
  await status.waitFor();
  assert.match((await status.textContent()) ?? '', /ffmpeg version .*\(.*: \//, 'the ffmpeg in use, with its path');
  const folder = page.getByTestId('settings-recording-folder');
  const defaultFolder = await folder.inputValue();
  assert.match(defaultFolder, /Danmu Studio$/);

  await folder.fill('relative/folder');
  await page.getByTestId('settings-save').click();
  await page.getByText('设置未保存：无法把录像写入 relative/folder。', { exact: false }).waitFor({ timeout: 15_000 });
  await folder.fill(defaultFolder);

  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('reset-studio-link').click();
  const shown = (await page.getByTestId('new-studio-link').textContent()) ?? '';
  const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(shown)?.[0];
  assert.ok(url && url !== studio.info.studio, shown);
  // This tab got the new cookie: a call from it still works.
  await page.getByTestId('settings-save').click();
  await page.getByTestId('settings-dialog').waitFor({ state: 'hidden', timeout: 15_000 });
});
