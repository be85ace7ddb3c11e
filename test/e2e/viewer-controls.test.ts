/**
 * The viewer page's player controls stay usable while danmaku fly, and the relay's pages load
 * without a 404. Seen: a danmaku lane ran over the player's "muted" button (360 px and 1440×900), and
 * every page asked the relay for /favicon.ico (a 404 in each viewer's console and in the logs).
 * Screenshots: DANMU_SHOTS=<folder> keeps one per language and size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import type { Page } from 'playwright-core';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { roomWelcome, sharedStackAndBrowser, until } from './viewer-fixtures';

const shared = sharedStackAndBrowser();
const SHOTS = process.env.DANMU_SHOTS ?? null;

interface Box { x: number; y: number; width: number; height: number }
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function say(socket: Socket, text: string): Promise<unknown> {
  return new Promise((resolve) => socket.emit('danmaku', { text }, resolve));
}

/** Opaque pixels the danmaku canvas has drawn inside `box` (page coordinates). */
async function inkIn(page: Page, box: Box): Promise<number> {
  return page.evaluate(`(() => {
    const c = document.querySelector('.danmaku-canvas');
    const r = c.getBoundingClientRect();
    const sx = c.width / r.width, sy = c.height / r.height;
    const b = ${JSON.stringify(box)};
    const x0 = Math.max(0, Math.floor((b.x - r.left) * sx)), y0 = Math.max(0, Math.floor((b.y - r.top) * sy));
    const x1 = Math.min(c.width, Math.ceil((b.x + b.width - r.left) * sx)), y1 = Math.min(c.height, Math.ceil((b.y + b.height - r.top) * sy));
    if (x1 <= x0 || y1 <= y0) return 0;
    const d = c.getContext('2d').getImageData(x0, y0, x1 - x0, y1 - y0).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 40) n++;
    return n;
  })()`);
}

test('the muted button stays clear of the danmaku lanes and clickable while danmaku fly (360 px, 1440×900, both languages)', { timeout: 90_000 }, async (t) => {
  const { stack } = shared;
  const owner = await stack.join({ key: stack.relay.rooms.key(stack.room), name: 'host' });
  // A live stream: the page autoplays it muted and shows its "muted" button, as for a real viewer.
  const publisher = stack.publish();
  t.after(() => publisher.stop());
  for (const lang of ['zh-CN', 'en'] as const) {
    const page = await shared.browser.newPage({ viewport: { width: 360, height: 740 } });
    try {
      const welcomed = roomWelcome(page);
      await page.goto(`${stack.origin}/room/${stack.room}?lang=${lang}`);
      await welcomed;
      const button = page.locator('#unmute');
      await button.waitFor({ state: 'visible', timeout: 45_000 });
      const canvas = page.locator('.danmaku-canvas');
      for (const [width, height] of [[360, 740], [1440, 900]] as const) {
        await page.setViewportSize({ width, height });
        // Long comments in the first lanes: they cross the whole width, past the button's column.
        await Promise.all(Array.from({ length: 8 }, (_, i) => say(owner.socket, `第${i + 1}条弹幕 danmaku flying over the player ${'🎉'.repeat(3)}`)));
        const lanes = (await canvas.boundingBox())!;
        await until(async () => (await inkIn(page, lanes)) > 200, `${lang} ${width}px: danmaku on screen`, 10_000, 100);
        if (SHOTS) {
          mkdirSync(SHOTS, { recursive: true });
          await page.screenshot({ path: path.join(SHOTS, `viewer-${lang}-${width}.png`) });
        }
        const b = (await button.boundingBox())!;
        assert.ok(!overlaps(b, lanes), `${lang} ${width}px: the lanes ${JSON.stringify(lanes)} cover the muted button ${JSON.stringify(b)}`);
        // Sample while the comments cross the button's column: never any ink over it, and it is what a click hits.
        for (let i = 0; i < 6; i++) {
          assert.equal(await inkIn(page, b), 0, `${lang} ${width}px: a comment is drawn over the muted button`);
          const hit = await page.evaluate(`(() => { const r = document.getElementById('unmute').getBoundingClientRect(); return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.id ?? null; })()`);
          assert.equal(hit, 'unmute', `${lang} ${width}px: the centre of the muted button is the button`);
          await page.waitForTimeout(100);
        }
      }
      const b = (await button.boundingBox())!;
      await button.click();
      await until(() => page.evaluate('document.getElementById("video").muted === false'), 'the click unmutes', 5_000, 100);
      // Unmuted: the button goes and the lanes take the whole player again.
      await until(async () => (await canvas.boundingBox())!.y <= b.y, `${lang}: the lanes use the top strip again`, 5_000, 100);
    } finally {
      await page.close();
    }
  }
});

test('the relay\'s pages load without a 404 (the icon is inline, no /favicon.ico)', { timeout: 60_000 }, async () => {
  const { stack } = shared;
  for (const page of ['viewer', 'overlay', 'studio', 'replay', 'console']) {
    const file = path.join(DEFAULT_WEB_ROOT, page, 'index.html');
    if (!existsSync(file)) continue;
    assert.match(readFileSync(file, 'utf8'), /<link rel="icon" type="image\/svg\+xml" href="data:image\/svg\+xml,/, `${page}: an inline icon`);
  }
  for (const url of [`${stack.origin}/room/${stack.room}?lang=zh-CN`, `${stack.origin}/overlay/${stack.room}`]) {
    const page = await shared.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
    try {
      const welcomed = roomWelcome(page);
      await page.goto(url);
      await welcomed;
      // A headed browser asks for /favicon.ico unless the page names an icon (headless Chromium never
      // asks, so the served page is checked for it); then nothing else may 404 either.
      assert.match(await page.evaluate(`document.querySelector('link[rel~="icon"]')?.href ?? ''`), /^data:image\/svg\+xml,/, `${url}: names its icon`);
      await page.waitForTimeout(1000);
      assert.deepEqual(problems, [], url);
    } finally {
      await page.close();
    }
  }
});
