/**
 * "The scene editor shows grey placeholders": in browser mode, with an Xvfb screen painted with four
 * coloured quadrants, the editor's canvas must show that screen before Go Live (pixels compared in
 * the page), keep updating at 10 fps or more, show a property change made in the source properties
 * panel (crop), and the source picker must show a thumbnail of the screen.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import type { Scene } from '../../common/scene';
import { startBrowserModeStudio } from '../helpers/studio';
import { near, QUADRANTS, startQuadrantScreen, type Rgb } from '../helpers/x11-pattern';

const built = existsSync(path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html'));
const skip = !built && 'run "node scripts/build.mjs" first';
const W = 1280;
const H = 720;
let screen: Awaited<ReturnType<typeof startQuadrantScreen>> | null = null;
let stack: Awaited<ReturnType<typeof startBrowserModeStudio>> | null = null;

const screenScene: Scene = {
  id: 'main', name: 'Main', audio: [],
  layers: [{ id: 'screen', name: 'Screen', source: { kind: 'display', showCursor: false }, rect: { x: 0, y: 0, width: 1, height: 1 }, visible: true }],
};

before(async () => {
  if (skip) return;
  screen = await startQuadrantScreen(W, H);
  stack = await startBrowserModeStudio('studio-preview-e2e-');
  await stack.core.saveScenes([screenScene]);
});

after(async () => {
  await stack?.stop();
  await screen?.stop();
});

// The pixel reader runs in the page; the Node program has no DOM types, so the page globals it
// touches are declared loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

/** Pixels of an <img> as the page shows it, at fractions of its size; null until it has a picture. */
function imagePixels(page: Page, selector: string, points: [number, number][]): Promise<Rgb[] | null> {
  return page.evaluate(([sel, pts]) => {
    const img = document.querySelector(sel);
    if (!img || !img.complete || !img.naturalWidth) return null;
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return pts.map(([fx, fy]) => Array.from(ctx.getImageData(Math.floor(fx * c.width), Math.floor(fy * c.height), 1, 1).data.slice(0, 3)) as Rgb);
  }, [selector, points] as const);
}

const previewPixels = (page: Page, points: [number, number][]) => imagePixels(page, '[data-testid="scene-preview"]', points);

async function waitForPixels(page: Page, what: string, expect: { at: [number, number]; rgb: Rgb; tol?: number }[], timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last: Rgb[] | null = null;
  while (Date.now() < end) {
    last = await previewPixels(page, expect.map((e) => e.at));
    if (last && expect.every((e, i) => near(last![i]!, e.rgb, e.tol))) return;
    await page.waitForTimeout(200);
  }
  assert.fail(`${what}: the preview shows ${JSON.stringify(last)}, expected ${JSON.stringify(expect.map((e) => e.rgb))}`);
}

const frames = (page: Page) => page.getAttribute('[data-testid="scene-preview"]', 'data-frames').then(Number);

test('the editor shows the screen before Go Live, at 10 fps or more, and follows a crop made in the properties panel', { skip, timeout: 120_000 }, async () => {
  const page = await stack!.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(stack!.bridge.url);

  // Offline (nobody went live): the real screen, quadrant by quadrant, where the scene puts it.
  await waitForPixels(page, 'the screen in the editor', QUADRANTS.map((q) => ({ at: [q.fx, q.fy] as [number, number], rgb: q.rgb })));
  assert.equal(await page.getAttribute('[data-testid="scene-preview"]', 'data-origin'), 'scene');
  assert.equal((await stack!.core.getSnapshot()).pipeline.state.status, 'idle', 'not live');
  // Real frames shown: the placeholder look is gone (boxes are outlines over the picture).
  assert.ok(await page.locator('.canvas.canvas--live').count(), 'the canvas shows the live picture');

  // Frame rate as the page receives frames: a still or a placeholder would stay at one frame. Over
  // 4 s windows, up to 30 s: on a shared machine a window can fall on a stall of the whole box (other
  // jobs, the page's own start-up), so the preview must reach 10 fps in one of them, not the first.
  const windows: number[] = [];
  const measureEnd = Date.now() + 30_000;
  while (Date.now() < measureEnd && !windows.some((w) => w >= 10)) {
    const f0 = await frames(page);
    const t0 = Date.now();
    await page.waitForTimeout(4000);
    windows.push(((await frames(page)) - f0) / ((Date.now() - t0) / 1000));
  }
  const fps = Math.max(...windows);
  console.log(`editor preview: ${fps.toFixed(1)} fps in the page (4 s windows: ${windows.map((w) => w.toFixed(1)).join(', ')}; load ${os.loadavg()[0]!.toFixed(1)})`);
  assert.ok(fps >= 10, `the editor's preview updated at ${windows.map((w) => w.toFixed(1)).join(', ')} fps in 4 s windows (at least 10 expected)`);

  // Select the layer and crop its left half away in the properties panel: the right half (green over
  // yellow) is fitted into the canvas, centred, with black either side.
  await page.getByTestId('layer-screen').click({ position: { x: 20, y: 40 } });
  const props = page.getByTestId('layer-properties');
  await props.waitFor();
  await props.getByTestId('layer-prop-crop-left').fill('50');
  await props.getByTestId('layer-prop-crop-left').blur();
  await waitForPixels(page, 'the crop in the preview', [
    { at: [0.5, 0.25], rgb: [0, 255, 0] }, { at: [0.5, 0.75], rgb: [255, 255, 0] }, { at: [0.1, 0.5], rgb: [0, 0, 0], tol: 30 },
  ]);
  const layer = (await stack!.core.getSnapshot()).scenes[0]!.layers[0]!;
  assert.deepEqual(layer.crop, { left: 0.5, top: 0, right: 0, bottom: 0 }, 'the crop is saved in the scene');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the source picker shows a thumbnail of the screen', { skip, timeout: 60_000 }, async () => {
  const page = await stack!.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(stack!.bridge.url);
  await page.getByTestId('scene-canvas').waitFor();
  await page.getByTestId('add-source').click();
  await page.getByTestId('picker-tab-display').click();
  const thumb = page.getByTestId('device-thumb').first();
  await thumb.waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="device-thumb"]')?.complete);
  const [rgb] = (await imagePixels(page, '[data-testid="device-thumb"]', [[0.25, 0.25]]))!;
  assert.ok(near(rgb!, [255, 0, 0]), `the thumbnail shows the screen's red quadrant (got ${rgb!.join(',')})`);
  await page.close();
});
