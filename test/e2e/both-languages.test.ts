/**
 * Both languages, everywhere, and the overlay is not a viewer. The studio switched to 中文 renames its
 * untouched default scenes and sources, but never the public room title: a UI language switch while
 * viewers watch posts no "the room is now called…" line to them. The viewer page shows the room's
 * title (not its id) and follows a rename made in the studio; system lines reach viewers as codes and read in Chinese there
 * and in the studio feed, and lines already shown re-render when the viewer switches language.
 * An OBS overlay page joins without counting as a viewer or posting `enter`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { startBrowserModeStudio } from '../helpers/studio';
import { waitFor } from '../helpers/media';

const built = ['studio', 'viewer', 'overlay'].every((p) => existsSync(path.join(DEFAULT_WEB_ROOT, p, 'index.html')));

test('中文 everywhere: default names, the room title on the viewer page, system lines; the overlay is not a viewer', { skip: !built && 'run "node scripts/build.mjs" first', timeout: 120_000 }, async (t) => {
  const stack = await startBrowserModeStudio('both-languages-e2e-');
  t.after(() => stack.stop());
  const { core, bridge, browser } = stack;
  const created = (await core.getSnapshot()).settings.room.title;
  await core.updateSettings({ ui: { language: 'en' } });
  await core.updateSettings({ ui: { language: 'zh-CN' } });
  const snap = await core.getSnapshot();
  assert.equal(snap.settings.room.title, created, 'the room title stays as created: the UI language does not rename it');
  assert.deepEqual(snap.scenes.map((s) => s.name), ['主场景', '测试图案']);
  assert.deepEqual(snap.scenes[0]!.layers.map((l) => l.name), ['屏幕', '摄像头']);

  const errors: string[] = [];
  const studio = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  studio.on('pageerror', (e) => errors.push(`studio: ${String(e)}`));
  await studio.goto(bridge.url);
  await studio.getByTestId('go-live').waitFor({ timeout: 20_000 });
  await waitFor('the studio to join its room', async () => (await core.getSnapshot()).room.connected, 20_000);

  const urls = (await core.getSnapshot()).relay.urls!;
  const viewer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  viewer.on('pageerror', (e) => errors.push(`viewer: ${String(e)}`));
  await viewer.goto(`${urls.viewer}?lang=zh-CN`);
  await waitFor('the room title on the viewer page', async () => (await viewer.locator('#room-name').innerText()) === created, 15_000);

  // The streamer flips the studio's language while viewers watch: nobody is told the room was renamed.
  const titleEvents = async () => (await core.history.search({ types: ['system'] })).events.filter((e) => e.type === 'system' && e.code === 'title').length;
  const titlesBefore = await titleEvents();
  const renameLines = () => viewer.locator('.chat-list .chat-text', { hasText: '直播间标题改为' }).count();
  const linesBefore = await renameLines();
  await core.updateSettings({ ui: { language: 'en' } });
  await core.updateSettings({ ui: { language: 'zh-CN' } });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await core.getSnapshot()).settings.room.title, created);
  assert.equal(await titleEvents(), titlesBefore, 'a UI language switch posts no title event');
  assert.equal(await renameLines(), linesBefore, 'viewers saw no rename line');
  assert.equal(await viewer.locator('#room-name').innerText(), created);

  // The streamer renames the room in the studio's top bar: viewers see it at once, in their language.
  await studio.getByTestId('room-title').click();
  await studio.getByTestId('room-title-input').fill('周五游戏夜 Friday');
  await studio.getByTestId('room-title-input').press('Enter');
  await waitFor('the new title on the viewer page', async () => (await viewer.locator('#room-name').innerText()) === '周五游戏夜 Friday', 15_000);
  await viewer.locator('.chat-list .chat-text', { hasText: '直播间标题改为“周五游戏夜 Friday”' }).waitFor({ timeout: 10_000 });
  await studio.getByTestId('danmaku-feed').getByText('直播间标题改为“周五游戏夜 Friday”').waitFor({ timeout: 10_000 });
  // An English reader of the same room gets the same event in English.
  const english = await browser.newPage();
  await english.goto(`${urls.viewer}?lang=en`);
  await english.locator('.chat-list .chat-text', { hasText: 'The room is now called “周五游戏夜 Friday”' }).waitFor({ timeout: 15_000 });
  await english.close();

  // The overlay page joins the room but is not a viewer: no count, no `enter`.
  await waitFor('one viewer counted', async () => (await core.getSnapshot()).room.viewers === 1, 15_000);
  const entersBefore = (await core.history.search({ types: ['enter'] })).total;
  const overlay = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  overlay.on('pageerror', (e) => errors.push(`overlay: ${String(e)}`));
  await overlay.goto(`${urls.overlay}?chat=1&lang=zh-CN`);
  await viewer.locator('#dm-text').fill('给弹幕层的一条消息');
  await viewer.locator('#dm-send').click();
  // The overlay is connected (it shows the danmaku) ...
  await overlay.locator('.chat-list', { hasText: '给弹幕层的一条消息' }).waitFor({ timeout: 15_000 });
  await new Promise((r) => setTimeout(r, 1500));
  // ... and nobody counted it.
  assert.equal((await core.getSnapshot()).room.viewers, 1, 'the overlay is not counted as a viewer');
  assert.equal((await core.history.search({ types: ['enter'] })).total, entersBefore, 'the overlay posted no enter');
  // The page's count follows the hub's viewers event (the English reader left just before).
  await waitFor('the viewer page to say 1 watching', async () => /^1 人在看$/.test(await viewer.locator('#viewers').innerText()), 10_000)
    .catch(async (e: Error) => assert.fail(`${e.message}: ${await viewer.locator('#viewers').innerText()}`));

  // The viewer switches the page to English: lines already shown (system lines from code + params,
  // their badges) read in English too, while a viewer's own words stay as typed.
  const renameLine = viewer.locator('.chat-list .chat-line', { hasText: '周五游戏夜 Friday' }).filter({ has: viewer.locator('.chat-badge--system') }).last();
  assert.equal(await renameLine.locator('.chat-badge').innerText(), '系统');
  await viewer.locator('#lang').click();
  await waitFor('the shown system line re-rendered in English', async () => (await renameLine.locator('.chat-text').innerText()) === 'The room is now called “周五游戏夜 Friday”', 10_000);
  assert.equal(await renameLine.locator('.chat-badge').innerText(), 'System');
  assert.equal(await viewer.locator('.chat-list .chat-line', { hasText: '周五游戏夜' }).locator('.chat-text', { hasText: '直播间标题改为' }).count(), 0, 'no Chinese system line is left');
  assert.equal(await viewer.locator('.chat-list .chat-danmaku .chat-text', { hasText: '给弹幕层的一条消息' }).count(), 1, 'a viewer\'s words are not translated');
  assert.deepEqual(errors, []);
});
