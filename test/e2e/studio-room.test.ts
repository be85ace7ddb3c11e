/**
 * The live room as streamer and viewer see it: the studio (browser mode, the same code `npm start --
 * --web` runs) and the relay's viewer page in Chromium. A danmaku typed on the viewer page shows up in
 * the studio's feed exactly once; text that looks like HTML stays text there and runs nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { startBrowserModeStudio } from '../helpers/studio';
import { waitFor } from '../helpers/media';

const built = existsSync(path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html')) && existsSync(path.join(DEFAULT_WEB_ROOT, 'viewer', 'index.html'));
const XSS = '<img src=x onerror=alert(1)>';

test('a danmaku sent on the viewer page appears once in the studio feed, and HTML-looking text stays text', { skip: !built && 'run "node scripts/build.mjs" first', timeout: 120_000 }, async (t) => {
  const stack = await startBrowserModeStudio('studio-room-e2e-');
  t.after(() => stack.stop());
  const { core, bridge, browser } = stack;
  const dialogs: string[] = [];
  const studio = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  studio.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await studio.goto(bridge.url);
  const feed = studio.getByTestId('danmaku-feed');
  await feed.waitFor({ state: 'visible', timeout: 20_000 });

  const viewerUrl = (await core.getSnapshot()).relay.urls!.viewer;
  const viewer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  viewer.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await viewer.goto(`${viewerUrl}?lang=en`);
  // The gift bar fills from the room's welcome: the page is in the room and can send.
  await viewer.locator('#gift-bar button').first().waitFor({ timeout: 20_000 });
  const send = async (text: string) => {
    await viewer.locator('#dm-text').fill(text);
    await viewer.locator('#dm-send').click();
    await waitFor(`"${text}" to leave the send box`, async () => (await viewer.locator('#dm-text').inputValue()) === '', 10_000);
  };

  await send('你好 from the viewer page');
  await waitFor('the danmaku in the studio feed', async () => (await feed.getByText('你好 from the viewer page').count()) === 1, 20_000);

  // Rate limit is about one per second: wait before the next one so it is accepted.
  await new Promise((r) => setTimeout(r, 1500));
  await send(XSS);
  await waitFor('the HTML-looking danmaku as text in the studio feed', async () => (await feed.getByText(XSS, { exact: true }).count()) === 1, 20_000);
  assert.equal(await studio.locator('img[src="x"]').count(), 0, 'no <img> was injected into the studio');
  assert.equal(await viewer.locator('img[src="x"]').count(), 0, 'no <img> was injected into the viewer page');
  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual(dialogs, [], 'no script ran');
  assert.equal(await feed.getByText('你好 from the viewer page').count(), 1, 'each event shows once');

  // The studio's local history has both, searchable (Chinese included).
  const found = await core.history.search({ text: '你好' });
  assert.equal(found.events.filter((e) => e.type === 'danmaku').length, 1);
});
