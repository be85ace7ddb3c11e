/**
 * The viewer replay page in Debian's Chromium against a real relay: a real ffmpeg publish with a
 * danmaku sent during it, published by the owner; the page plays the VOD and draws that danmaku
 * near its original moment on the canvas, shows the density graph, sends a comment at the current
 * moment that a later viewer gets and the live room never does; 360 px and 1440×900 layouts, zh-CN
 * and en; the room page lists the published replay.
 * REPLAY_SHOTS=<dir> saves screenshots at 1440×900 and 360 px.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ReplayInfo, ReplaySessionSummary } from '../../common/replay';
import type { RoomEvent } from '../../common/room-protocol';
import { launchChromium } from '../helpers/browser';
import { waitFor } from '../helpers/media';
import { KEY, ROOM, startReplayStack, type ReplayStack } from '../helpers/replay-stack';

// Code passed to page.evaluate runs in Chromium; this (Node) program has no DOM types, so the few
// page globals it touches are declared loosely here.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any, document: any;
type HTMLVideoElement = any;
type HTMLCanvasElement = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'danmu-replay-e2e-'));
let stack: ReplayStack;
let browser: Browser;
let session: ReplaySessionSummary;
let liveEvents: RoomEvent[];
const liveText = `live-${Math.random().toString(36).slice(2, 8)}`;

const SHOTS = process.env.REPLAY_SHOTS;
async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

interface Shown { id: string; text: string; t: number; at: number }
const shownOf = (page: Page) => page.evaluate(() => (window as unknown as { __replay: { shown: Shown[] } }).__replay.shown);

before(async () => {
  stack = await startReplayStack(dataDir);
  const owner = (await stack.join({ key: KEY })).socket;
  const viewer = await stack.join({ name: 'fan' });
  session = await stack.session(owner, 7000, async () => {
    await new Promise((r) => setTimeout(r, 3000));
    const a = await stack.request(viewer.socket, 'danmaku', { text: liveText, color: '#00ff00' });
    assert.ok(a.ok);
  });
  const pub = await stack.request(owner, 'replay-publish', { session: session.session, published: true });
  assert.ok(pub.ok);
  liveEvents = (await stack.join({ name: 'live-watcher' })).events;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openReplay(width: number, height: number, lang: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${stack.origin}/replay/${ROOM}/${session.session}?lang=${lang}`);
  await page.waitForFunction(() => (window as unknown as { __replay: { info(): unknown } }).__replay.info() !== null, undefined, { timeout: 15_000 });
  return page;
}

test('the replay page plays the VOD and draws the live danmaku near its original moment', async (t) => {
  const page = await openReplay(1440, 900, 'en');
  const info = await page.evaluate(() => (window as unknown as { __replay: { info(): ReplayInfo } }).__replay.info());
  const c = info.comments.find((x) => x.text === liveText);
  assert.ok(c, 'the danmaku is in the replay data');
  await page.evaluate(() => {
    const v = (window as unknown as { __replay: { video: HTMLVideoElement } }).__replay.video;
    v.muted = true;
    void v.play();
  });
  const hit = await waitFor('the live danmaku drawn', async () => (await shownOf(page)).find((s) => s.text === liveText), 30_000, 50);
  assert.ok(Math.abs(hit.at - c.t) < 0.5, `handed to the layer at ${hit.at.toFixed(2)} s of video, sent at ${c.t.toFixed(2)} s`);
  t.diagnostic(`danmaku at ${c.t.toFixed(3)} s handed to the layer at ${hit.at.toFixed(3)} s of video (${Math.round((hit.at - c.t) * 1000)} ms late)`);
  // It is really on the canvas: the engine holds it and its pixels are drawn.
  const drawn = await waitFor('the danmaku painted', () => page.evaluate(() => {
    const r = (window as unknown as { __replay: { engine: { canvas: HTMLCanvasElement; stats(): { onScreen: number } } } }).__replay;
    const { canvas } = r.engine;
    const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let green = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i + 3]! > 200 && px[i + 1]! > 200 && px[i]! < 80) green++;
    return green > 30 ? { onScreen: r.engine.stats().onScreen, green } : null;
  }), 5000, 30);
  assert.ok(drawn.onScreen >= 1, 'the comment is on screen');
  assert.ok(drawn.green > 30, `green danmaku pixels on the canvas: ${drawn.green}`);
  await shot(page, 'replay-1440-en');
  const played = await page.evaluate(() => (window as unknown as { __replay: { video: HTMLVideoElement } }).__replay.video.currentTime);
  assert.ok(played > 1, `the VOD plays (at ${played} s)`);

  // The density graph has a peak where the danmaku is.
  const d = await page.getAttribute('#density-path', 'd');
  assert.ok(d && /L[\d.]+,0(?=L)/.test(d), `density path has a full-height bin: ${d}`);
  assert.ok(await page.isVisible('[data-testid="density"]'));

  // Seeking back before the danmaku replays it at its moment again.
  await page.evaluate((t) => { (window as unknown as { __replay: { video: HTMLVideoElement } }).__replay.video.currentTime = t; }, Math.max(0, c.t - 1));
  const again = await waitFor('the danmaku again after a seek', async () => (await shownOf(page)).filter((s) => s.text === liveText)[1], 20_000, 50);
  assert.ok(Math.abs(again.at - c.t) < 0.5, `after the seek at ${again.at.toFixed(2)} s`);
  await page.close();
});

test('a comment sent on the replay is shown to a later viewer and never reaches the live room', async () => {
  const page = await openReplay(1440, 900, 'en');
  await page.evaluate(() => {
    const v = (window as unknown as { __replay: { video: HTMLVideoElement } }).__replay.video;
    v.currentTime = 2;
  });
  const text = `mine-${Math.random().toString(36).slice(2, 8)}`;
  await page.fill('#dm-text', text);
  await page.click('#dm-send');
  await page.waitForFunction(() => /Sent at/.test(document.getElementById('send-status')!.textContent ?? ''), undefined, { timeout: 15_000 });
  // "Sent" is not drawn in the error colour (it was: the line only ever showed failures before).
  const statusColor = () => page.evaluate(() => window.getComputedStyle(document.getElementById('send-status')!).color);
  const sentColor = await statusColor();
  await page.fill('#dm-text', '长'.repeat(61));
  await page.click('#dm-send');
  await page.waitForFunction(() => /not sent|failed|could not/i.test(document.getElementById('send-status')!.textContent ?? ''), undefined, { timeout: 15_000 });
  const failedColor = await statusColor();
  assert.notEqual(sentColor, failedColor, `"sent" is shown in ${sentColor}, a failure in ${failedColor}`);
  assert.equal(failedColor, 'rgb(255, 138, 138)', 'a failure keeps the error colour');
  await page.close();

  const later = await openReplay(1440, 900, 'en');
  const info = await later.evaluate(() => (window as unknown as { __replay: { info(): ReplayInfo } }).__replay.info());
  const c = info.comments.find((x) => x.text === text);
  assert.ok(c, 'the later viewer gets the comment');
  assert.ok(Math.abs(c.t - 2) < 0.3, `stored at ${c.t} s`);
  await later.close();
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(!liveEvents.some((e) => e.type === 'danmaku' && e.text === text), 'the live room never sees it');
});

test('360 px and zh-CN: everything fits, in Chinese', async () => {
  const page = await openReplay(360, 740, 'zh-CN');
  assert.equal((await page.textContent('.badge'))?.trim(), '回放');
  assert.equal(await page.getAttribute('#dm-text', 'placeholder'), '在此刻发一条弹幕…');
  assert.equal(await page.getAttribute('#back', 'href'), `/room/${ROOM}`, 'a way back to the live room');
  await shot(page, 'replay-360-zh');
  const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow} px over)`);
  for (const sel of ['#video', '[data-testid="density"]', '#dm-text', '#dm-send']) {
    const box = await page.locator(sel).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 360.5, `${sel} inside the screen: ${JSON.stringify(box)}`);
  }
  await page.close();
});

test('the room page lists the published replay; an unpublished one is a 404 page', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${stack.origin}/room/${ROOM}?lang=en`);
  const link = page.locator('[data-testid="replays"] a');
  await link.first().waitFor({ timeout: 15_000 });
  assert.equal(await link.first().getAttribute('href'), `/replay/${ROOM}/${session.session}`);
  assert.equal(await page.textContent('[data-testid="replays"] h3'), 'Replays');
  await shot(page, 'room-1440-en');
  await page.close();
  assert.equal((await fetch(`${stack.origin}/replay/${ROOM}/${session.session + 1}`)).status, 404);
});
