/**
 * npm run bench:latency [-- --seconds 60 --warmup 8 --no-nginx]
 * Glass-to-glass latency as a viewer sees it, in one run and under one publisher: our relay's
 * LL-HLS (the viewer page, hls.js low-latency mode), the same relay's playlist played as plain HLS
 * (hls.js defaults: 3 target durations behind), HTTP-FLV (the viewer page, mpegts.js with latency
 * chasing), and nginx-rtmp's HLS (../shared/peers/nginx-rtmp, "tuned" profile) played by the same
 * plain hls.js page as ours.
 * One ffmpeg publishes a 1280x720 30 fps test pattern (x264 veryfast zerolatency, 1 s GOP) whose
 * top-left strip encodes the capture wall clock (32 black/white blocks, epoch ms mod 2^32, with an
 * inverted row as a check) to both relays at once (tee muxer). Chromium decodes the strip on every
 * displayed frame (requestVideoFrameCallback) and compares with Date.now(): same machine, same clock.
 * ffmpeg's start-up offset (relay's publish time − the stamp's zero) is subtracted.
 * Last line JSON: llhls_p50_s, llhls_p95_s, hls_p50_s, hls_p95_s, flv_p50_s, flv_p95_s,
 * nginx_hls_p50_s, nginx_hls_p95_s, load before/after, busy, targets and whether they were met.
 * Targets (through the relay): LL-HLS p50 ≤ 1.0 s, HTTP-FLV p50 ≤ 0.5 s.
 */
import os from 'node:os';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { locateFfmpeg } from '../../media/ffmpeg/locate';
import { launchChromium } from '../../test/helpers/browser';
import { installReader } from '../../test/e2e/clock-stamp-reader';
import { freePort } from '../../test/helpers/net';
import { STAMP, startStack, testPatternArgs, until } from '../../test/e2e/viewer-fixtures';
import { serveHlsPage } from './hls-page';
import { isBusy, judge, loadSnapshot, machineLine } from './machine-load';

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
const withNginx = !args.includes('--no-nginx');
// ../shared from the project's root (a worktree sits one level deeper); DANMU_SHARED overrides.
const NGINX_PEER = [process.env.DANMU_SHARED, path.resolve(root, '../shared'), path.resolve(root, '../../shared')]
  .filter((d): d is string => !!d)
  .map((d) => path.join(d, 'peers/nginx-rtmp'))
  .find((p) => existsSync(p)) ?? path.resolve(root, '../shared/peers/nginx-rtmp');
const TARGETS = { llhls_p50_s: 1.0, flv_p50_s: 0.5 };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

interface Result { p50: number; p95: number; min: number; max: number; frames: number; bad: number; driftPerMin: number }

async function measure(page: Page, name: string, url: string, offsetS: number): Promise<Result> {
  await page.goto(url);
  await until(() => page.evaluate(() => document.querySelector('video')!.currentTime > 0.5), `${name} playback`, 60_000);
  await page.evaluate(installReader, STAMP);
  await page.waitForTimeout(warmupS * 1000); // let the player settle at its target latency
  await page.evaluate(() => {
    window.__lat.length = 0;
    window.__at.length = 0;
    window.__bad = 0;
  });
  await page.waitForTimeout(seconds * 1000);
  const { raw, at, bad } = await page.evaluate(() => ({ raw: [...window.__lat], at: [...window.__at], bad: window.__bad })) as { raw: number[]; at: number[]; bad: number };
  // Latency that keeps growing means something upstream runs slower than real time (on a busy
  // machine: the test-pattern encoder itself). Report the slope so such a run is recognisable.
  const n = raw.length;
  const driftPerMin = n > 10 ? ((raw[n - 1]! - raw[0]!) / ((at[n - 1]! - at[0]!) / 1000)) * 60 : NaN;
  const sorted = raw.map((v) => v - offsetS).sort((a, b) => a - b);
  const r = { p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), min: round(sorted[0] ?? NaN), max: round(sorted.at(-1) ?? NaN), frames: n, bad, driftPerMin: round(driftPerMin) };
  console.log(`${name}: p50 ${r.p50} s, p95 ${r.p95} s (min ${r.min}, max ${r.max}) over ${r.frames} frames in ${seconds} s (${bad} unreadable; drift ${r.driftPerMin} s/min)`);
  if (Math.abs(driftPerMin) > 1) console.log(`warning: ${name} latency drifted ${r.driftPerMin} s/min: the machine could not keep the pipeline real-time; numbers are not representative`);
  return r;
}

async function main() {
  if (!existsSync(path.join(root, 'dist/web/viewer/index.html'))) {
    console.log('building web pages…');
    spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  }
  const before = loadSnapshot();
  console.log(`machine: ${machineLine()}`);
  const stack = await startStack({ hub: true });
  const page0 = await serveHlsPage(root);
  const browser = await launchChromium();
  const nginxDir = mkdtempSync(path.join(os.tmpdir(), 'danmu-bench-nginx-'));
  let nginx: { rtmp: number; http: number } | null = null;
  try {
    if (withNginx) {
      if (!existsSync(NGINX_PEER)) throw new Error(`nginx-rtmp peer not found at ${NGINX_PEER} (run with --no-nginx to skip it)`);
      nginx = { rtmp: await freePort(), http: await freePort() };
      const proc = stack.processes.spawn('nginx-rtmp', NGINX_PEER, [nginxDir, String(nginx.rtmp), String(nginx.http), 'tuned'], { quitWith: 'SIGTERM' });
      const port = nginx.rtmp;
      const accepts = () => new Promise<boolean>((r) => {
        const s = net.connect(port, '127.0.0.1');
        s.on('connect', () => (s.destroy(), r(true))).on('error', () => r(false));
      });
      await until(accepts, 'nginx-rtmp to listen', 10_000, 100)
        .catch((err: Error) => { throw new Error(`${err.message}: ${proc.stderrTail().join(' | ')}`); });
    }
    // One publisher for every relay: the same frames, the same clock stamps.
    const relayUrl = `rtmp://127.0.0.1:${stack.relay.rtmpPort}/live/${stack.room}?key=${stack.relay.rooms.key(stack.room)}`;
    const startMs = Date.now();
    const pubArgs = testPatternArgs(relayUrl, { clockStamp: true, startMs }).slice(0, -3);
    const outputs = [`[f=flv:onfail=ignore]${relayUrl}`, ...(nginx ? [`[f=flv:onfail=ignore]rtmp://127.0.0.1:${nginx.rtmp}/live/${stack.room}`] : [])];
    const publisher = stack.processes.spawn('publisher', locateFfmpeg().path, [...pubArgs, '-flags', '+global_header', '-f', 'tee', outputs.join('|')], { quitWith: 'q' });
    const info = await until(async () => {
      const r = await fetch(`${stack.origin}/api/rooms/${stack.room}`);
      const j = (await r.json()) as { live: boolean; since: number };
      return r.ok && j.live && j;
    }, 'the publisher to go live', 30_000, 20);
    const offsetS = Math.max(0, (info.since - startMs) / 1000);
    console.log(`ffmpeg start-up offset: ${offsetS.toFixed(3)} s (subtracted)`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx (esbuild keepNames) wraps functions in __name(); evaluated functions need it in the page too.
    await page.addInitScript('window.__name = (f) => f');
    const plain = (src: string) => `${page0.origin}/?src=${encodeURIComponent(src)}`;
    const llhls = await measure(page, 'LL-HLS (viewer page)', `${stack.origin}/room/${stack.room}?mode=hls&lang=en`, offsetS);
    const flv = await measure(page, 'HTTP-FLV (viewer page)', `${stack.origin}/room/${stack.room}?mode=flv&lang=en`, offsetS);
    const hls = await measure(page, 'HLS, plain hls.js on our relay', plain(`${stack.origin}/live/${stack.room}/index.m3u8`), offsetS);
    const nginxHls = nginx ? await measure(page, 'nginx-rtmp HLS (tuned), plain hls.js', plain(`http://127.0.0.1:${nginx.http}/hls/${stack.room}.m3u8`), offsetS) : null;
    if (publisher.child.exitCode !== null) throw new Error(`publisher died: ${publisher.stderrTail().join('\n')}`);
    const after = loadSnapshot();
    const busy = isBusy(before, after);
    const drifted = [llhls, flv, hls, nginxHls].some((r) => r && Math.abs(r.driftPerMin) > 1);
    console.log(JSON.stringify({
      llhls_p50_s: llhls.p50, llhls_p95_s: llhls.p95,
      hls_p50_s: hls.p50, hls_p95_s: hls.p95,
      flv_p50_s: flv.p50, flv_p95_s: flv.p95,
      nginx_hls_p50_s: nginxHls?.p50 ?? null, nginx_hls_p95_s: nginxHls?.p95 ?? null,
      frames: { llhls: llhls.frames, hls: hls.frames, flv: flv.frames, nginx_hls: nginxHls?.frames ?? 0 },
      drift_s_per_min: { llhls: llhls.driftPerMin, hls: hls.driftPerMin, flv: flv.driftPerMin, nginx_hls: nginxHls?.driftPerMin ?? null },
      load_before: before, load_after: after, busy, drifted,
      targets: TARGETS,
      meets_targets: judge(busy || drifted, { llhls_p50_s: llhls.p50 <= TARGETS.llhls_p50_s, flv_p50_s: flv.p50 <= TARGETS.flv_p50_s }),
      seconds_each: seconds, warmup_s: warmupS, stamp_offset_s: round(offsetS), cpus: os.cpus().length,
    }));
  } finally {
    await browser.close();
    page0.server.close();
    await stack.stop();
    rmSync(nginxDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
