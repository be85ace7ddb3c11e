/**
 * "Text layers saved before the raster feature still use drawtext, so colour emoji are boxes": a text
 * layer with no raster (an older scenes.json, or scenes built through the API) gets one as soon as the
 * studio page loads, and a raster gone stale (its text changed behind the editor's back) is redrawn.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import type { Layer, Scene } from '../../common/scene';
import { textRasterKey } from '../../common/scene';
import { startBrowserModeStudio } from '../helpers/studio';
import { waitFor } from '../helpers/media';

const built = existsSync(path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html'));

const textLayer = (id: string, text: string, visible = true): Layer => ({
  id, name: text, visible, rect: { x: 0.1, y: 0.1, width: 0.5, height: 0.12 },
  source: { kind: 'text', text, fontSize: 48, color: 'white' },
});

test('text layers without a current raster get one when the studio page loads', { skip: !built && 'run "node scripts/build.mjs" first', timeout: 90_000 }, async (t) => {
  const stack = await startBrowserModeStudio('text-raster-load-e2e-');
  t.after(() => stack.stop());
  const { core, bridge, browser, dataDir } = stack;

  // Built through the API, as an older studio (or a script) would: no rasters at all.
  const titles: Scene = { id: 'titles', name: 'Titles', layers: [textLayer('old', '老场景 🎉'), textLayer('hidden', 'hidden', false)], audio: [] };
  await core.saveScenes([...(await core.getSnapshot()).scenes, titles]);
  const before = (await core.getSnapshot()).scenes.find((s) => s.id === 'titles')!;
  assert.ok(before.layers.every((l) => l.source.kind === 'text' && !l.source.raster), 'the layers start without rasters');

  const studio = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  studio.on('pageerror', (e) => errors.push(String(e)));
  await studio.goto(bridge.url);

  const raster = await waitFor('the old text layer rasterised after the page loaded', async () => {
    const l = (await core.getSnapshot()).scenes.find((s) => s.id === 'titles')?.layers.find((x) => x.id === 'old');
    return l?.source.kind === 'text' && l.source.raster ? l.source.raster : null;
  }, 30_000);
  assert.equal(raster.key, textRasterKey({ text: '老场景 🎉', fontSize: 48, color: 'white' }), 'the raster matches the layer text and style');
  assert.ok(existsSync(path.join(dataDir, 'text-images', `${raster.id}.png`)), 'the PNG is stored in the data folder');

  // A raster gone stale behind the editor's back (the text changed through the API) is redrawn too.
  const now = (await core.getSnapshot()).scenes;
  await core.saveScenes(now.map((s) => s.id !== 'titles' ? s : { ...s, layers: s.layers.map((l) => l.id === 'old' && l.source.kind === 'text' ? { ...l, source: { ...l.source, text: '新标题 ✨' } } : l) }));
  const redrawn = await waitFor('the stale raster redrawn', async () => {
    const l = (await core.getSnapshot()).scenes.find((s) => s.id === 'titles')?.layers.find((x) => x.id === 'old');
    return l?.source.kind === 'text' && l.source.raster && l.source.raster.key === textRasterKey(l.source) ? l.source.raster : null;
  }, 30_000);
  assert.notEqual(redrawn.id, raster.id, 'a new image for the new text');

  const hidden = (await core.getSnapshot()).scenes.find((s) => s.id === 'titles')?.layers.find((x) => x.id === 'hidden');
  assert.ok(hidden?.source.kind === 'text' && !hidden.source.raster, 'hidden layers are not drawn (they are not on the stream)');
  assert.deepEqual(errors, []);
});
