/**
 * The viewer page against the real relay and a real ffmpeg publisher in Chromium: it plays, shows the
 * offline state when the publisher stops, and plays again by itself when the publisher returns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { until, sharedStackAndBrowser } from './viewer-fixtures';

// Code passed to page.evaluate runs in Chromium; this (Node) program has no DOM types, so the few
// page globals it touches are declared loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

const shared = sharedStackAndBrowser({ hub: true });

const currentTime = (page: Page) => page.evaluate(() => document.querySelector('video')!.currentTime);

/** What a viewer notices: the picture moves for at least `seconds`. */
async function assertPlays(page: Page, seconds: number, what: string): Promise<void> {
  const t0 = await until(async () => {
    const t = await currentTime(page);
    return t > 0 ? t : false;
  }, `${what}: video starts`, 40_000);
  await until(async () => (await currentTime(page)) - t0 >= seconds, `${what}: currentTime advances ${seconds} s`, 30_000);
}

for (const mode of ['hls', 'flv'] as const) {
  test(`viewer page (${mode}) plays, shows offline when the publisher stops, recovers when it returns`, { timeout: 180_000 }, async () => {
    const page = await shared.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      // Offline first: the page must say so, not spin.
      await page.goto(`${shared.stack.origin}/room/${shared.stack.room}?mode=${mode}&lang=en`);
      await page.locator('[data-testid=offline]').waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await page.locator('[data-testid=offline]').innerText(), /The stream is offline/);

      let publisher = shared.stack.publish();
      await assertPlays(page, 3, 'first publish');
      // The picture and the room's live event come separately: wait for the page, not one read.
      await page.locator('[data-testid=offline]').waitFor({ state: 'hidden', timeout: 10_000 });
      await page.locator('#status-badge[data-state=live]').waitFor({ state: 'attached', timeout: 10_000 });
      await until(async () => /Latency \d/.test(await page.locator('[data-testid=latency]').innerText()), 'latency shown', 15_000);

      await publisher.stop();
      await page.locator('[data-testid=offline]').waitFor({ state: 'visible', timeout: 20_000 });
      await page.locator('#status-badge[data-state=offline]').waitFor({ state: 'attached', timeout: 10_000 });

      publisher = shared.stack.publish();
      await page.locator('[data-testid=offline]').waitFor({ state: 'hidden', timeout: 30_000 });
      await assertPlays(page, 3, 'after the publisher returned');
      await publisher.stop();
      assert.deepEqual(dialogs, []);
    } finally {
      await page.close();
    }
  });
}
