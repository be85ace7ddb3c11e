/**
 * Adding a platform as a streamer does it, in Chromium against browser mode: the form is the RTMP
 * kind's descriptor rendered in the studio's language (中文 labels, the key typed hidden), a URL
 * without rtmp:// is pointed out as typed, the saved destination is an RTMP kind with its key, and
 * the outputs list never shows the key (not even for a URL that carries its own `?key=`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { startBrowserModeStudio } from '../helpers/studio';

const built = existsSync(path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html'));
const KEY = 'live_9876_SeCrEtKeY';
const URL_KEY = 'inurl7Secret';

test('the destination form comes from the output kind, in 中文, and no stream key is ever shown', { skip: !built && 'run "node scripts/build.mjs" first', timeout: 120_000 }, async (t) => {
  const stack = await startBrowserModeStudio('destinations-e2e-');
  t.after(() => stack.stop());
  const { core, bridge, browser } = stack;
  await core.updateSettings({ ui: { language: 'zh-CN' } });
  const errors: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(bridge.url);
  await page.getByTestId('add-destination').click({ timeout: 20_000 });

  const form = page.locator('form.dest-form');
  await form.getByText('服务器地址').waitFor({ timeout: 10_000 });
  await form.getByText('串流密钥').waitFor();
  assert.equal(await form.locator('input[name=key]').getAttribute('type'), 'password', 'the key is typed hidden');

  await form.locator('input[name=url]').fill('live-push.bilivideo.com/live-bvc/');
  await form.getByText('地址应以 rtmp://, rtmps:// 开头。').waitFor({ timeout: 15_000 });
  await form.locator('input[name=url]').fill('rtmp://live-push.bilivideo.com/live-bvc/');
  await form.locator('input[name=key]').fill(KEY);
  await form.getByRole('button', { name: '添加' }).click();
  await form.waitFor({ state: 'hidden', timeout: 15_000 });

  const saved = (await core.getSnapshot()).settings.output.destinations;
  assert.equal(saved.length, 1);
  assert.deepEqual({ kind: saved[0]!.kind, url: saved[0]!.url, key: saved[0]!.key, name: saved[0]!.name }, {
    kind: 'rtmp', url: 'rtmp://live-push.bilivideo.com/live-bvc/', key: KEY, name: 'live-push.bilivideo.com',
  });

  // A second one whose URL holds its own key, added through the API as another client would.
  await core.updateSettings({ output: { destinations: [...saved, { id: 'own', name: 'Own server', url: `rtmp://10.0.0.5/live/room?key=${URL_KEY}` }] } });
  const list = page.locator('.output-list');
  await list.getByText('rtmp://10.0.0.5/live/room?key=***').waitFor({ timeout: 10_000 });
  await list.getByText('rtmp://live-push.bilivideo.com/live-bvc/***').waitFor();
  const html = await page.content();
  for (const secret of [KEY, URL_KEY]) assert.ok(!html.includes(secret), `the page does not show ${secret}`);
  assert.deepEqual(errors, []);
});
