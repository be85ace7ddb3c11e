/**
 * What a new streamer sees on the first stream: the studio (browser mode, the code `npm start --
 * --web` runs) goes live on the default scene (no camera or microphone needed), a viewer page on the studio's relay plays it and sends a like, a danmaku and
 * a gift, and all three reach the studio's counters and feeds (and its history). The studio's own
 * send box accepts what a viewer may send: 60 emoji are 60 characters, not 120 UTF-16 units.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { startBrowserModeStudio } from '../helpers/studio';
import { waitFor } from '../helpers/media';
import { DEFAULT_GIFTS } from '../../media/room/gift-catalog';
import { giftName } from '../../renderer/shared/i18n/room-events';

const built = existsSync(path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html')) && existsSync(path.join(DEFAULT_WEB_ROOT, 'viewer', 'index.html'));

test('a viewer\'s like, danmaku and gift reach the live studio\'s counters and feeds; the studio sends 60 emoji', { skip: !built && 'run "node scripts/build.mjs" first', timeout: 150_000 }, async (t) => {
  const stack = await startBrowserModeStudio('viewer-to-studio-e2e-');
  t.after(() => stack.stop());
  const { core, bridge, browser } = stack;
  const studio = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  studio.on('pageerror', (e) => errors.push(`studio: ${String(e)}`));
  await studio.goto(bridge.url);
  await studio.getByTestId('go-live').waitFor({ state: 'visible', timeout: 20_000 });
  await waitFor('the studio to join its room', async () => (await core.getSnapshot()).room.connected, 20_000);

  // The default scene (screen, camera, microphone) on a machine that may have none of them.
  assert.equal((await core.getSnapshot()).activeSceneId, 'main');
  await studio.getByTestId('go-live').click();
  await studio.getByTestId('stop').waitFor({ state: 'visible', timeout: 45_000 });

  const viewerUrl = (await core.getSnapshot()).relay.urls!.viewer;
  const viewer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  viewer.on('pageerror', (e) => errors.push(`viewer: ${String(e)}`));
  await viewer.goto(`${viewerUrl}?lang=en`);
  // The viewer plays the studio's stream: frames decode and time advances.
  await waitFor('the viewer page to play the stream', async () => {
    const v = (await viewer.evaluate('(() => { const v = document.querySelector("video"); return { t: v.currentTime, w: v.videoWidth }; })()')) as { t: number; w: number };
    return v.w > 0 && v.t > 0.5;
  }, 60_000);
  await viewer.locator('#gift-bar button').first().waitFor({ timeout: 15_000 });

  // Likes: three taps become (at least) one batched like of 3 in the room.
  for (let i = 0; i < 3; i++) await viewer.locator('#like').click();
  await waitFor('the viewer\'s own counter', async () => /3 likes/.test(await viewer.locator('#like-count').innerText()), 15_000);
  await waitFor('the likes on the studio\'s counter', async () => (await studio.getByTestId('count-likes').innerText()).trim() === '3', 20_000);

  const text = '第一条弹幕 first danmaku';
  await viewer.locator('#dm-text').fill(text);
  await viewer.locator('#dm-send').click();
  const feed = studio.getByTestId('danmaku-feed');
  await waitFor('the danmaku in the studio feed', async () => (await feed.getByText(text).count()) === 1, 20_000);
  await waitFor('the danmaku counter', async () => Number((await studio.getByTestId('count-danmaku').innerText()).trim()) >= 1, 10_000);

  // Each page names the gift in its own language (小心心 / Heart): look it up by id in the studio's.
  const giftId = await viewer.locator('#gift-bar button').first().getAttribute('data-gift');
  const studioLang = (await studio.evaluate<string>('document.documentElement.lang')) === 'en' ? 'en' : 'zh-CN';
  const giftLabel = giftName(studioLang, giftId ?? '', DEFAULT_GIFTS.find((g) => g.id === giftId)?.name ?? '');
  await viewer.locator('#gift-bar button').first().click();
  await waitFor('the gift in the studio\'s gift feed', async () => (await studio.getByTestId('gift-feed').getByText(giftLabel).count()) >= 1, 20_000);
  await waitFor('the coins counter', async () => Number((await studio.getByTestId('count-coins').innerText()).trim()) > 0, 10_000);

  // The room log kept all three (the studio's history is fed from the room).
  const logged = await waitFor('like, danmaku and gift in the history', async () => {
    const r = await core.history.search({ types: ['like', 'danmaku', 'gift'] });
    const types = new Set(r.events.map((e) => e.type));
    return types.has('like') && types.has('danmaku') && types.has('gift') ? r : null;
  }, 10_000);
  assert.equal(logged.events.filter((e) => e.type === 'like').reduce((n, e) => n + (e.type === 'like' ? e.count : 0), 0), 3);

  // The studio's send box counts as the hub does: 60 emoji fit, 61 do not.
  const input = studio.getByTestId('studio-send-input');
  await input.fill('🎉'.repeat(61));
  assert.equal((await studio.getByTestId('studio-send-count').innerText()).trim(), '61/60');
  assert.equal(await studio.getByTestId('studio-send').isDisabled(), true, '61 characters cannot be sent');
  await input.fill('🎉'.repeat(60));
  assert.equal((await studio.getByTestId('studio-send-count').innerText()).trim(), '60/60');
  await studio.getByTestId('studio-send').click();
  await waitFor('the send box to clear (the hub accepted it)', async () => (await input.inputValue()) === '', 10_000);
  await viewer.locator('.chat-list .chat-text', { hasText: '🎉'.repeat(60) }).waitFor({ timeout: 10_000 });

  assert.deepEqual(errors, [], 'no page error (the like button used to throw "Illegal invocation")');
  await studio.getByTestId('stop').click();
  await studio.getByTestId('go-live').waitFor({ state: 'visible', timeout: 30_000 });
});
