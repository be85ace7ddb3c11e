/**
 * npm run bench:latency [-- --seconds 60]
 * Glass-to-glass latency of the viewer page, HLS (hls.js as tuned in the page) and HTTP-FLV
 * (mpegts.js with latency chasing): a relay on ephemeral ports, ffmpeg publishing a 1280x720 30 fps
 * test pattern whose top-left strip encodes the capture wall clock (32 black/white blocks, epoch ms
 * mod 2^32, with an inverted row as a check), and Chromium playing /room/<room>?mode=… . On every
 * displayed frame (requestVideoFrameCallback) the page copies the strip to a canvas, decodes it and
 * compares with Date.now(). Same machine, same clock, so no skew.
 * Last line: {"hls_p50_s","hls_p95_s","flv_p50_s","flv_p95_s",…}. Targets: HLS p50 ≤ 3.0 s, FLV p50 ≤ 1.5 s.
 */
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../test/helpers/browser';
import { STAMP, startStack, until } from '../../test/e2e/viewer-fixtures';
import { installReader } from '../../test/e2e/clock-stamp-reader';

// Code passed to page.evaluate runs in Chromium; this (Node) program has no DOM types, so the few
// page globals it touches are declared loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any, document: any;

const root = path.resolve(__dirname, '../..');
const args = process.argv.slice(2);
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const seconds = Number(argValue('--seconds') ?? 60);
const warmupS = Number(argValue('--warmup') ?? 8);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

async function measure(page: Page, origin: string, room: string, mode: 'hls' | 'flv', offsetS: number) {
  await page.goto(`${origin}/room/${room}?mode=${mode}&lang=en`);
  await until(() => page.evaluate(() => document.querySelector('video')!.currentTime > 0.5), `${mode} playback`, 60_000);
  await page.evaluate(installReader, STAMP);
  await page.waitForTimeout(warmupS * 1000); // let the player settle at its target latency
  await page.evaluate(() => {
    const w = window as unknown as { __lat: number[]; __at: number[]; __bad: number };
    w.__lat.length = 0;
    w.__at.length = 0;
    w.__bad = 0;
  });
  await page.waitForTimeout(seconds * 1000);
  const { raw, at, bad, rate } = await page.evaluate(() => {
    const w = window as unknown as { __lat: number[]; __at: number[]; __bad: number };
    return { raw: [...w.__lat], at: [...w.__at], bad: w.__bad, rate: document.querySelector('video')!.playbackRate };
  });
  // Latency that keeps growing means something upstream runs slower than real time (on a busy
  // machine: the test-pattern encoder itself). Report the slope so such a run is recognisable.
  const n = raw.length;
  const driftPerMin = n > 10 ? ((raw[n - 1]! - raw[0]!) / ((at[n - 1]! - at[0]!) / 1000)) * 60 : NaN;
  const lat = raw.map((v) => v - offsetS);
  const sorted = lat.sort((a, b) => a - b);
  const r = { p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), min: round(sorted[0] ?? NaN), max: round(sorted[sorted.length - 1] ?? NaN), frames: lat.length, bad, driftPerMin: round(driftPerMin) };
  console.log(`${mode}: p50 ${r.p50} s, p95 ${r.p95} s (min ${r.min}, max ${r.max}) over ${r.frames} frames in ${seconds} s (${bad} unreadable; playbackRate at end ${rate}; drift ${r.driftPerMin} s/min)`);
  if (Math.abs(driftPerMin) > 1) console.log(`warning: ${mode} latency drifted ${r.driftPerMin} s/min: the machine could not keep the pipeline real-time; numbers are not representative`);
  return r;
}

async function main() {
  if (!existsSync(path.join(root, 'dist/web/viewer/index.html'))) {
    console.log('building web pages…');
    spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  }
  const stack = await startStack({ hub: true });
  const browser = await launchChromium();
  try {
    const publisher = stack.publish({ clockStamp: true });
    const info = await until(async () => {
      const r = await fetch(`${stack.origin}/api/rooms/${stack.room}`);
      const j = (await r.json()) as { live: boolean; since: number };
      return r.ok && j.live && j;
    }, 'the publisher to go live', 30_000, 20);
    // The stamp counts from the moment we spawned ffmpeg, but -re paces frames from ffmpeg's own
    // start, a little later. The relay's publish time ("since") is when frame 0 actually went out
    // (± the RTMP handshake), so the difference is subtracted from every reading.
    const offsetS = Math.max(0, (info.since - stack.stampStartMs) / 1000);
    console.log(`ffmpeg start-up offset: ${offsetS.toFixed(3)} s (subtracted)`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx (esbuild keepNames) wraps functions in __name(); evaluated functions need it in the page too.
    await page.addInitScript('window.__name = (f) => f');
    const hls = await measure(page, stack.origin, stack.room, 'hls', offsetS);
    const flv = await measure(page, stack.origin, stack.room, 'flv', offsetS);
    if (publisher.child.exitCode !== null) throw new Error(`publisher died: ${publisher.stderrTail().join('\n')}`);
    console.log(JSON.stringify({
      hls_p50_s: hls.p50, hls_p95_s: hls.p95, flv_p50_s: flv.p50, flv_p95_s: flv.p95,
      hls_frames: hls.frames, flv_frames: flv.frames, hls_drift_s_per_min: hls.driftPerMin, flv_drift_s_per_min: flv.driftPerMin, load_avg_1m: round(os.loadavg()[0]!), seconds_each: seconds, warmup_s: warmupS, stamp_offset_s: round(offsetS),
      targets: { hls_p50_s: 3.0, flv_p50_s: 1.5 },
      cpus: os.cpus().length,
    }));
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
