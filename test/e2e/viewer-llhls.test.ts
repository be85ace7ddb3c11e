/**
 * What a viewer of the LL-HLS stream notices: hls.js in Chromium, playing the viewer page from a real
 * relay fed by a real ffmpeg publisher (1 s GOP, zerolatency), stays close to live for 30 s. "Behind
 * live" is measured two ways on every sample: now − the EXT-X-PROGRAM-DATE-TIME of the frame on
 * screen (hls.js playingDate; the relay stamps a segment when its first frame arrives), and glass to
 * glass from the wall clock the publisher burns into each frame (encoder included).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { installReader } from './clock-stamp-reader';
import { STAMP, startStack, until, type Stack } from './viewer-fixtures';

// Code passed to page.evaluate runs in Chromium; this (Node) program has no DOM types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any, document: any;

let stack: Stack;
let browser: Browser;

before(async () => {
  stack = await startStack({ hub: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))]!;

test('hls.js plays LL-HLS (parts, blocking reloads) and stays within 1.5 s of live for 30 s', { timeout: 85_000 }, async () => {
  const requests: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript('window.__name = (f) => f');
  page.on('request', (r) => requests.push(r.url()));
  const pageLog: string[] = [];
  page.on('console', (m) => pageLog.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => pageLog.push(`pageerror: ${e.message}`));
  stack.publish({ clockStamp: true });
  const info = await until(async () => {
    const j = (await (await fetch(`${stack.origin}/api/rooms/${stack.room}`)).json()) as { live: boolean; since: number };
    return j.live && j;
  }, 'the publisher to go live', 30_000, 20);
  const stampOffsetS = Math.max(0, (info.since - stack.stampStartMs) / 1000);
  try {
    await page.goto(`${stack.origin}/room/${stack.room}?mode=hls&lang=en`);
    await until(() => page.evaluate(() => document.querySelector('video')!.currentTime > 1), 'LL-HLS playback', 40_000).catch((err: Error) => {
      throw new Error(`${err.message}; page said: ${pageLog.slice(-10).join(' | ')}; last requests: ${requests.slice(-5).join(' ')}`);
    });
    await page.evaluate(installReader, STAMP);
    await page.waitForTimeout(5000); // hls.js settles at PART-HOLD-BACK
    await page.evaluate(() => (window.__lat.length = 0));
    const behind: number[] = [];
    const targets: number[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const s = await page.evaluate(() => window.__viewer.controller.activePlayer?.sample());
      if (s?.playingDateMs) behind.push((s.now - s.playingDateMs) / 1000);
      if (s?.hlsTargetLatency) targets.push(s.hlsTargetLatency);
      await page.waitForTimeout(250);
    }
    const glass = ((await page.evaluate(() => [...window.__lat])) as number[]).map((v) => v - stampOffsetS);
    const summary = `PDT: p50 ${pct(behind, 0.5).toFixed(2)} s, p95 ${pct(behind, 0.95).toFixed(2)} s, max ${Math.max(...behind).toFixed(2)} s over ${behind.length} samples; ` +
      `glass to glass: p50 ${pct(glass, 0.5).toFixed(2)} s, p95 ${pct(glass, 0.95).toFixed(2)} s over ${glass.length} frames; hls.js target ${pct(targets, 0.5)?.toFixed(2)}–${Math.max(...targets).toFixed(2)} s`;
    console.log(summary);
    assert.ok(behind.length > 40 && glass.length > 150, `the picture kept moving (${summary})`);
    // hls.js really used LL-HLS: blocking playlist reloads and parts, not only whole segments.
    assert.ok(requests.some((u) => /index\.m3u8\?.*_HLS_msn=\d+&_HLS_part=\d+/.test(u)), 'blocking playlist reloads');
    assert.ok(requests.filter((u) => /-p\d+\.ts$/.test(u)).length > 50, 'parts were loaded');
    // Plain HLS sits 3 target durations (≥ 3 s) behind; LL-HLS must stay within 1.5 s. On a busy
    // machine hls.js stalls now and then (and moves its target back 0.2 s per stall), so the 1.5 s
    // bound is on the typical sample and the rare worst ones get a looser one (npm run
    // bench:latency measures the exact figures on an idle machine).
    // Glass to glass also counts the test publisher's encoder, which falls behind real time on a
    // saturated machine: logged, not asserted. "Behind live" is measured from the relay's clock.
    assert.ok(pct(behind, 0.5) <= 1.5, `within 1.5 s of live: ${summary}`);
    assert.ok(pct(behind, 0.9) <= 2.5, `rarely further behind: ${summary}`);
  } finally {
    await page.close();
  }
});
