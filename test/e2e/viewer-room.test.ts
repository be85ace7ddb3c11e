/**
 * The live room end to end: a viewer sends danmaku from the viewer page and the OBS overlay (another
 * page) shows it; viewer text that looks like HTML stays text and runs nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { roomWelcome, until, sharedStackAndBrowser } from './viewer-fixtures';

// Code passed to page.evaluate runs in Chromium; this (Node) program has no DOM types, so the few
// page globals it touches are declared loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any, document: any;

const shared = sharedStackAndBrowser({ hub: true });

interface OverlayHook {
  recent: string[];
  stats(): { onScreen: number; queued: number } | null;
}

function watchDialogs(page: Page, into: string[]): void {
  page.on('dialog', (d) => {
    into.push(d.message());
    void d.dismiss();
  });
}

async function sendFromViewer(viewer: Page, text: string): Promise<void> {
  await viewer.locator('#dm-text').fill(text);
  await viewer.locator('#dm-send').click();
  // The hub acknowledged it: the box clears (errors would show in #send-error instead).
  await until(async () => (await viewer.locator('#dm-text').inputValue()) === '', `"${text}" acknowledged`, 10_000);
}

test('danmaku sent from the viewer page appears in the overlay; HTML-looking text stays text', { timeout: 120_000 }, async () => {
  const dialogs: string[] = [];
  const overlay = await shared.browser.newPage({ viewport: { width: 1280, height: 720 } });
  const viewer = await shared.browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchDialogs(overlay, dialogs);
  watchDialogs(viewer, dialogs);
  try {
    // The overlay draws only live danmaku (what it missed comes as history, for the chat column):
    // it must be in the room before the viewer sends. A fixed 500 ms wait raced on a busy machine.
    const overlayJoined = roomWelcome(overlay);
    await overlay.goto(`${shared.stack.origin}/overlay/${shared.stack.room}?chat=1&danmaku=1&gifts=1`);
    await viewer.goto(`${shared.stack.origin}/room/${shared.stack.room}?lang=en`);
    // The gift bar fills from welcome.gifts: proof the viewer joined the room.
    await viewer.locator('#gift-bar button').first().waitFor({ timeout: 15_000 });
    await overlayJoined;

    await sendFromViewer(viewer, 'hello from e2e 你好');
    await until(
      () => overlay.evaluate(() => (window as unknown as { __overlay: OverlayHook }).__overlay.recent.includes('hello from e2e 你好')),
      'danmaku reaches the overlay',
      10_000,
    );
    const onScreen = await until(
      () => overlay.evaluate(() => (window as unknown as { __overlay: OverlayHook }).__overlay.stats()?.onScreen ?? 0),
      'danmaku drawn on the overlay canvas',
      15_000,
    );
    assert.ok(onScreen >= 1);
    // Something is painted on the (otherwise transparent) canvas once the comment has scrolled in.
    await until(
      () => overlay.evaluate(() => {
        const c = document.querySelector('canvas')!;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
        return n > 500;
      }),
      'the comment painted on the overlay canvas',
      15_000,
    );
    await overlay.locator('.chat-list', { hasText: 'hello from e2e 你好' }).waitFor({ timeout: 15_000 });

    const evil = '<img src=x onerror=alert(1)>';
    // The hub rate-limits danmaku per viewer (1/s, burst 3).
    await viewer.waitForTimeout(1100);
    await sendFromViewer(viewer, evil);
    await until(
      () => overlay.evaluate((t) => (window as unknown as { __overlay: OverlayHook }).__overlay.recent.includes(t), evil),
      'the HTML-looking danmaku reaches the overlay as text',
      10_000,
    );
    for (const page of [overlay, viewer]) {
      // Shown literally in the chat column...
      await page.locator('.chat-list .chat-text', { hasText: evil }).first().waitFor({ timeout: 15_000 });
      // ...and never parsed: no <img> appeared anywhere, and no script ran.
      assert.equal(await page.locator('img[src="x"]').count(), 0);
      assert.equal(await page.locator('.chat-list img').count(), 0);
    }
    await viewer.waitForTimeout(500);
    assert.deepEqual(dialogs, [], 'no alert() ran');
  } finally {
    await overlay.close();
    await viewer.close();
  }
});

test('the viewer page refills the chat with what it missed after a reconnect, without duplicates', { timeout: 90_000 }, async () => {
  const viewer = await shared.browser.newPage();
  const other = await shared.browser.newPage();
  try {
    await viewer.goto(`${shared.stack.origin}/room/${shared.stack.room}?lang=en`);
    await other.goto(`${shared.stack.origin}/room/${shared.stack.room}?lang=en`);
    await viewer.locator('#gift-bar button').first().waitFor({ timeout: 15_000 });
    await other.locator('#gift-bar button').first().waitFor({ timeout: 15_000 });
    await sendFromViewer(other, 'before the outage');
    await viewer.locator('.chat-list', { hasText: 'before the outage' }).waitFor({ timeout: 10_000 });

    // Take the viewer offline (the browser's network, not the server), send while it is away.
    await viewer.context().setOffline(true);
    await viewer.waitForTimeout(1500);
    await other.waitForTimeout(1100);
    await sendFromViewer(other, 'while you were away');
    await viewer.context().setOffline(false);

    await viewer.locator('.chat-list', { hasText: 'while you were away' }).waitFor({ timeout: 30_000 });
    const lines = await viewer.locator('.chat-list .chat-text').allInnerTexts();
    assert.equal(lines.filter((l) => l === 'before the outage').length, 1, 'no duplicate after history refill');
    assert.equal(lines.filter((l) => l === 'while you were away').length, 1);
  } finally {
    await viewer.close();
    await other.close();
  }
});
