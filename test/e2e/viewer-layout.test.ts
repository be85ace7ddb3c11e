/**
 * The viewer page fits every common width in both languages: no horizontal scroll (it was 1484 px
 * wide at 1440), nothing of the room column off-screen, no text printed over other text (the gift
 * toast used to sit on the "muted" button), "1 like" not "1 likes", and a send-box counter that
 * counts as the hub does (an emoji is one character).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { sharedStackAndBrowser, until } from './viewer-fixtures';

const shared = sharedStackAndBrowser();

interface Box { x: number; y: number; width: number; height: number }
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function fits(page: Page): Promise<{ scrollWidth: number; clientWidth: number; offscreen: string[] }> {
  return page.evaluate(`(() => {
    const d = document.documentElement;
    const offscreen = [];
    for (const id of ['like', 'dm-send', 'dm-text', 'dm-count', 'gift-bar', 'lang', 'mode']) {
      const r = document.getElementById(id).getBoundingClientRect();
      if (r.right > d.clientWidth + 0.5 || r.left < -0.5) offscreen.push(id + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
    return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, offscreen };
  })()`);
}

for (const lang of ['en', 'zh-CN'] as const) {
  test(`viewer page (${lang}) fits 360, 768, 1280, 1440 and 1920 px without horizontal scroll`, { timeout: 90_000 }, async () => {
    const page = await shared.browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await page.goto(`${shared.stack.origin}/room/${shared.stack.room}?lang=${lang}`);
      await page.locator('#gift-bar button').first().waitFor({ timeout: 15_000 });
      await page.locator('#dm-text').fill('一条很长的弹幕 with a long English tail to see what wraps 🎉🎉🎉');
      for (const width of [360, 768, 1280, 1440, 1920]) {
        await page.setViewportSize({ width, height: width < 500 ? 740 : 900 });
        await page.waitForTimeout(100);
        const f = await fits(page);
        assert.ok(f.scrollWidth <= f.clientWidth, `${lang} at ${width} px: the page is ${f.scrollWidth} px wide`);
        assert.deepEqual(f.offscreen, [], `${lang} at ${width} px: controls off-screen`);
      }
    } finally {
      await page.close();
    }
  });
}

test('likes read "1 like" / "2 likes"; the counter counts emoji as one character and blocks the 61st', { timeout: 60_000 }, async () => {
  const page = await shared.browser.newPage({ viewport: { width: 360, height: 740 } });
  try {
    await page.goto(`${shared.stack.origin}/room/${shared.stack.room}?lang=en`);
    await page.locator('#gift-bar button').first().waitFor({ timeout: 15_000 });
    await page.locator('#like').click();
    assert.equal((await page.locator('#like-count').innerText()).trim(), '1 like');
    await page.locator('#like').click();
    assert.equal((await page.locator('#like-count').innerText()).trim(), '2 likes');

    assert.equal((await page.getByTestId('dm-count').innerText()).trim(), '0/60');
    await page.locator('#dm-text').fill('你好🎉');
    assert.equal((await page.getByTestId('dm-count').innerText()).trim(), '3/60');
    await page.locator('#dm-text').fill('🎉'.repeat(61));
    assert.equal((await page.getByTestId('dm-count').innerText()).trim(), '61/60');
    assert.equal(await page.locator('#dm-send').isDisabled(), true);
    await page.locator('#dm-text').fill('🎉'.repeat(60));
    assert.equal(await page.locator('#dm-send').isDisabled(), false);
    await page.locator('#dm-send').click();
    await until(async () => (await page.locator('#dm-text').inputValue()) === '', 'the hub accepted 60 emoji', 10_000);
  } finally {
    await page.close();
  }
});

test('a gift toast never prints over the muted button or other text', { timeout: 60_000 }, async () => {
  for (const width of [360, 1440]) {
    const page = await shared.browser.newPage({ viewport: { width, height: 800 } });
    try {
      await page.goto(`${shared.stack.origin}/room/${shared.stack.room}?lang=en`);
      await page.locator('#gift-bar button').first().waitFor({ timeout: 15_000 });
      // The muted button shows whenever the (autoplaying, muted) video plays; force it for the check.
      await page.evaluate('document.getElementById("unmute").hidden = false');
      await page.locator('#gift-bar button').first().click();
      const toast = page.locator('.gift-toast').first();
      await toast.waitFor({ timeout: 10_000 });
      const a = (await toast.boundingBox())!;
      const b = (await page.locator('#unmute').boundingBox())!;
      assert.ok(!overlaps(a, b), `at ${width} px the toast ${JSON.stringify(a)} overlaps the muted button ${JSON.stringify(b)}`);
    } finally {
      await page.close();
    }
  }
});
