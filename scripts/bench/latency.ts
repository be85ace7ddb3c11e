/**
 * npm run bench:latency [-- --seconds 20 --warmup 6 --no-nginx --only publisher|studio]
 * Glass-to-glass latency as a viewer sees it, in one run. First under one test publisher: our relay's
 * LL-HLS (the viewer page, hls.js low-latency mode), the same relay's playlist played as plain HLS
 * (hls.js defaults: 3 target durations behind), HTTP-FLV (the viewer page, mpegts.js with latency
 * chasing), and nginx-rtmp's HLS (../shared/peers/nginx-rtmp, "tuned" profile) played by the same
 * plain hls.js page as ours.
 * The picture is an Xvfb screen (1280x720) whose top-left strip a separate process repaints every
 * 4 ms with the wall clock (32 black/white blocks, epoch ms mod 2^32, an inverted row as a check:
 * scripts/bench/stamp-painter.ts). The test publisher is one ffmpeg capturing that screen (x11grab,
 * x264 veryfast zerolatency, 1 s GOP) to both relays at once (tee muxer): same frames, same stamps.
 * Chromium decodes the strip on every displayed frame (requestVideoFrameCallback) and compares with
 * Date.now(): same machine, same clock, screen to screen, nothing subtracted. Debian's ffmpeg also
 * reads each relay's FLV with no buffering: the frames' age as they leave the relay (before any player).
 * Then through the studio (scripts/bench/studio-path.ts): the publisher stops and the studio
 * (composition root) goes live on its default scene capturing the same screen (x11grab, canvas, x264,
 * MPEG-TS over UDP, forwarder, embedded relay); the same pages measure LL-HLS, HTTP-FLV and plain HLS.
 * Last line JSON: llhls_p50_s, llhls_p95_s, hls_p50_s, hls_p95_s, flv_p50_s, flv_p95_s,
 * nginx_hls_p50_s, nginx_hls_p95_s, studio_llhls_p50_s/p95, studio_flv_p50_s/p95, studio_hls_p50_s/p95,
 * hls.js's target latency and the TARGETDURATION it read on the plain HLS pages,
 * load before/after, busy, targets and whether they were met.
 * Targets: through the relay LL-HLS p50 ≤ 1.0 s, HTTP-FLV p50 ≤ 0.5 s; through the studio ≤ 1.3 s, ≤ 0.8 s.
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { locateFfmpeg } from '../../media/ffmpeg/locate';
import { launchChromium } from '../../test/helpers/browser';
import { installReader } from '../../test/e2e/clock-stamp-reader';
import { freePort } from '../../test/helpers/net';
import { STAMP, startStack, until } from '../../test/e2e/viewer-fixtures';
import { serveHlsPage } from './hls-page';
import { isBusy, judge, loadSnapshot, machineLine } from './machine-load';
import { startStampScreen, startStudioPath } from './studio-path';
import { probeStampAges } from './stamp-probe';
import { ProcessRegistry } from '../../media/ffmpeg/processes';

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
const seconds = Number(argValue('--seconds') ?? 20);
const warmupS = Number(argValue('--warmup') ?? 6);
const only = argValue('--only');
if (only !== undefined && only !== 'publisher' && only !== 'studio') throw new Error('--only takes "publisher" or "studio"');
const withPublisher = only !== 'studio';
const withStudio = only !== 'publisher';
const withNginx = withPublisher && !args.includes('--no-nginx');
// ../shared from the project's root (a worktree sits one level deeper); DANMU_SHARED overrides.
const NGINX_PEER = [process.env.DANMU_SHARED, path.resolve(root, '../shared'), path.resolve(root, '../../shared')]
  .filter((d): d is string => !!d)
  .map((d) => path.join(d, 'peers/nginx-rtmp'))
  .find((p) => existsSync(p)) ?? path.resolve(root, '../shared/peers/nginx-rtmp');
const TARGETS = { llhls_p50_s: 1.0, flv_p50_s: 0.5, studio_llhls_p50_s: 1.3, studio_flv_p50_s: 0.8 };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

interface Result { p50: number; p95: number; min: number; max: number; frames: number; bad: number; driftPerMin: number; hlsJs?: HlsJsState | null }
/** Where the plain hls.js page aimed (3 × the playlist's TARGETDURATION, plus 1 s per stall), the TARGETDURATION it read, how far behind it was. */
interface HlsJsState { targetLatencyS: number | null; targetDurationS: number | null; latencyS: number | null }

async function measure(page: Page, name: string, url: string): Promise<Result> {
  await page.goto(url);
  await until(() => page.evaluate(() => document.querySelector('video')!.currentTime > 0.5), `${name} playback`, 60_000);
  // Plain HLS (the bare hls.js page): where hls.js placed itself when it joined; it keeps that distance
  // by default, so a TARGETDURATION of 2 at that moment means 6 s behind instead of 3 for good.
  const joined = await hlsJsState(page);
  await page.evaluate(installReader, STAMP);
  await page.waitForTimeout(warmupS * 1000); // let the player settle at its target latency
  const r = await collect(page, name, () => page.waitForTimeout(seconds * 1000));
  if (!joined) return r;
  const end = await hlsJsState(page);
  console.log(`${name}: hls.js joined aiming ${joined.targetLatencyS} s behind the live edge (playlist TARGETDURATION ${joined.targetDurationS} s); at the end ${end?.latencyS} s behind (TARGETDURATION ${end?.targetDurationS} s)`);
  return { ...r, hlsJs: joined };
}

function hlsJsState(page: Page): Promise<HlsJsState | null> {
  return page.evaluate(() => {
    const h = window.__hls;
    if (!h) return null;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null);
    const details = h.levels?.[Math.max(0, h.currentLevel)]?.details;
    return { targetLatencyS: num(h.targetLatency), targetDurationS: num(details?.targetduration), latencyS: num(h.latency) };
  }) as Promise<HlsJsState | null>;
}

/** Latency of every frame displayed while `during` runs (the page's reader is installed). */
async function collect(page: Page, name: string, during: () => Promise<void>): Promise<Result> {
  await page.evaluate(() => {
    window.__lat.length = 0;
    window.__at.length = 0;
    window.__bad = 0;
  });
  await during();
  const { raw, at, bad } = await page.evaluate(() => ({ raw: [...window.__lat], at: [...window.__at], bad: window.__bad })) as { raw: number[]; at: number[]; bad: number };
  // Latency that keeps growing means something upstream runs slower than real time (on a busy
  // machine: the test-pattern encoder itself). Report the slope so such a run is recognisable.
  const n = raw.length;
  const driftPerMin = n > 10 ? ((raw[n - 1]! - raw[0]!) / ((at[n - 1]! - at[0]!) / 1000)) * 60 : NaN;
  const sorted = [...raw].sort((a, b) => a - b);
  const r = { p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), min: round(sorted[0] ?? NaN), max: round(sorted.at(-1) ?? NaN), frames: n, bad, driftPerMin: round(driftPerMin) };
  console.log(`${name}: p50 ${r.p50} s, p95 ${r.p95} s (min ${r.min}, max ${r.max}) over ${r.frames} frames in ${seconds} s (${bad} unreadable; drift ${r.driftPerMin} s/min)`);
  if (Math.abs(driftPerMin) > 1) console.log(`warning: ${name} latency drifted ${r.driftPerMin} s/min: the machine could not keep the pipeline real-time; numbers are not representative`);
  return r;
}

/**
 * How old frames are as the relay sends them (Debian's ffmpeg reading the FLV with no buffering): the
 * part of the latency that is upstream of any player. Half the measuring time is enough: no player settles.
 */
async function ageAtRelay(processes: ProcessRegistry, name: string, flvUrl: string): Promise<Result> {
  const probeS = Math.max(5, Math.round(seconds / 2));
  const ages = await probeStampAges(processes, flvUrl, STAMP, probeS, 2);
  const sorted = [...ages].sort((a, b) => a - b);
  const r = { p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), min: round(sorted[0]!), max: round(sorted.at(-1)!), frames: ages.length, bad: 0, driftPerMin: NaN };
  console.log(`${name} → relay, frames' age as the FLV leaves the relay (no player): p50 ${r.p50} s, p95 ${r.p95} s (min ${r.min}, max ${r.max}) over ${r.frames} frames in ${probeS} s`);
  return r;
}

/**
 * The test publisher, as OBS or a plain ffmpeg would publish: the stamped screen captured by x11grab,
 * x264 veryfast zerolatency with a 1 s GOP, AAC, to every relay at once (tee: the same frames).
 */
function publisherArgs(display: string, outputs: string[]): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-nostats',
    '-thread_queue_size', '4', '-f', 'x11grab', '-framerate', '30', '-video_size', '1280x720', '-draw_mouse', '0', '-i', display,
    '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-pix_fmt', 'yuv420p', '-b:v', '2500k',
    '-c:a', 'aac', '-ar', '48000', '-b:a', '96k',
    '-flags', '+global_header', '-f', 'tee', outputs.join('|'),
  ];
}

interface PublisherResults { llhls: Result; flv: Result; hls: Result; nginxHls: Result | null; relayAge: Result }

/** Our relay and nginx-rtmp under one test publisher (relay and player alone, no studio). */
async function measurePublisher(display: string, newPage: () => Promise<Page>, plainPage: string): Promise<PublisherResults> {
  const stack = await startStack({ hub: true });
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
    const outputs = [`[f=flv:onfail=ignore]${relayUrl}`, ...(nginx ? [`[f=flv:onfail=ignore]rtmp://127.0.0.1:${nginx.rtmp}/live/${stack.room}`] : [])];
    const publisher = stack.processes.spawn('publisher', locateFfmpeg().path, publisherArgs(display, outputs), { quitWith: 'q' });
    const info = await until(async () => {
      const r = await fetch(`${stack.origin}/api/rooms/${stack.room}`);
      const j = (await r.json()) as { live: boolean; since: number };
      return r.ok && j.live && j;
    }, 'the publisher to go live', 30_000, 20);
    console.log(`the publisher was live on the relay ${((info.since - startMs) / 1000).toFixed(3)} s after its start`);
    const relayAge = await ageAtRelay(stack.processes, 'publisher', `${stack.origin}/live/${stack.room}.flv`);
    const page = await newPage();
    const llhls = await measure(page, 'LL-HLS (viewer page)', `${stack.origin}/room/${stack.room}?mode=hls&lang=en`);
    const flv = await measure(page, 'HTTP-FLV (viewer page)', `${stack.origin}/room/${stack.room}?mode=flv&lang=en`);
    const hls = await measure(page, 'HLS, plain hls.js on our relay', plainPage + encodeURIComponent(`${stack.origin}/live/${stack.room}/index.m3u8`));
    const nginxHls = nginx ? await measure(page, 'nginx-rtmp HLS (tuned), plain hls.js', plainPage + encodeURIComponent(`http://127.0.0.1:${nginx.http}/hls/${stack.room}.m3u8`)) : null;
    await page.close();
    if (publisher.child.exitCode !== null) throw new Error(`publisher died: ${publisher.stderrTail().join('\n')}`);
    return { llhls, flv, hls, nginxHls, relayAge };
  } finally {
    await stack.stop();
    rmSync(nginxDir, { recursive: true, force: true });
  }
}

interface StudioResults { llhls: Result; flv: Result; acrossSwitches: Result; hls: Result; relayAge: Result; loopP99Ms: number; dropped: number | null; lagSec: number | null; fps: number | null }

/** Screen to screen through the studio: the stamp is painted on the captured screen (nothing subtracted). */
async function measureStudio(display: string, newPage: () => Promise<Page>, plainPage: string): Promise<StudioResults> {
  const studio = await startStudioPath(display);
  // The program bus (media/studio/program-bus.ts) relays the encoder's output from this process's
  // event loop, with the relay and room hub: any delay it adds is that loop's lag, measured here.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  try {
    const relayAge = await ageAtRelay(studio.processes, 'studio', studio.flv);
    const page = await newPage();
    const llhls = await measure(page, 'studio → LL-HLS (viewer page)', `${studio.viewer}?mode=hls&lang=en`);
    const flv = await measure(page, 'studio → HTTP-FLV (viewer page)', `${studio.viewer}?mode=flv&lang=en`);
    // The program bus splices encoder generations at a scene switch: the same player, measured while
    // the studio switches between two identical scenes every few seconds, must stay where it was.
    const switches = 4;
    const acrossSwitches = await collect(page, `studio → HTTP-FLV across ${switches} scene switches`, async () => {
      for (let i = 0; i < switches; i++) {
        await page.waitForTimeout((seconds * 1000) / (switches + 1));
        await studio.switchScene();
      }
      await page.waitForTimeout((seconds * 1000) / (switches + 1));
    });
    const hls = await measure(page, 'studio → HLS, plain hls.js', plainPage + encodeURIComponent(studio.hls));
    await page.close();
    loop.disable();
    const loopP99Ms = round(loop.percentile(99) / 1e6);
    console.log(`studio process event loop (program bus, relay, room hub) while measured: lag p50 ${round(loop.percentile(50) / 1e6)} ms, p99 ${loopP99Ms} ms`);
    const st = studio.stats();
    console.log(`studio while measured: ${st ? `${st.fps} fps of ${st.targetFps}, ${st.droppedFrames} frames dropped, lag ${st.lagSec ?? '?'} s, CPU ${st.cpuPercent ?? '?'} %` : 'no stats'}`);
    return { llhls, flv, acrossSwitches, hls, relayAge, loopP99Ms, dropped: st?.droppedFrames ?? null, lagSec: st?.lagSec ?? null, fps: st?.fps ?? null };
  } finally {
    await studio.stop();
  }
}

const pair = (r: Result | null | undefined) => [r?.p50 ?? null, r?.p95 ?? null] as const;

async function main() {
  if (!existsSync(path.join(root, 'dist/web/viewer/index.html'))) {
    console.log('building web pages…');
    spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  }
  const before = loadSnapshot();
  console.log(`machine: ${machineLine()}`);
  const page0 = await serveHlsPage(root);
  const browser = await launchChromium();
  const screen = new ProcessRegistry();
  try {
    const newPage = async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      // tsx (esbuild keepNames) wraps functions in __name(); evaluated functions need it in the page too.
      await page.addInitScript('window.__name = (f) => f');
      return page;
    };
    const plainPage = `${page0.origin}/?src=`;
    const display = await startStampScreen(root, screen);
    const pub = withPublisher ? await measurePublisher(display, newPage, plainPage) : null;
    const studio = withStudio ? await measureStudio(display, newPage, plainPage) : null;
    const after = loadSnapshot();
    const busy = isBusy(before, after);
    const all = [pub?.llhls, pub?.flv, pub?.hls, pub?.nginxHls, studio?.llhls, studio?.flv, studio?.hls];
    const drifted = all.some((r) => r && Math.abs(r.driftPerMin) > 1);
    const [llhlsP50, llhlsP95] = pair(pub?.llhls);
    const [hlsP50, hlsP95] = pair(pub?.hls);
    const [flvP50, flvP95] = pair(pub?.flv);
    const [nginxP50, nginxP95] = pair(pub?.nginxHls);
    const [sLlhlsP50, sLlhlsP95] = pair(studio?.llhls);
    const [sFlvP50, sFlvP95] = pair(studio?.flv);
    const [sHlsP50, sHlsP95] = pair(studio?.hls);
    const checks: Record<string, boolean> = {};
    if (llhlsP50 !== null) checks.llhls_p50_s = llhlsP50 <= TARGETS.llhls_p50_s;
    if (flvP50 !== null) checks.flv_p50_s = flvP50 <= TARGETS.flv_p50_s;
    if (sLlhlsP50 !== null) checks.studio_llhls_p50_s = sLlhlsP50 <= TARGETS.studio_llhls_p50_s;
    if (sFlvP50 !== null) checks.studio_flv_p50_s = sFlvP50 <= TARGETS.studio_flv_p50_s;
    const frames = (r: Result | null | undefined) => r?.frames ?? 0;
    const drift = (r: Result | null | undefined) => r?.driftPerMin ?? null;
    console.log(JSON.stringify({
      llhls_p50_s: llhlsP50, llhls_p95_s: llhlsP95,
      hls_p50_s: hlsP50, hls_p95_s: hlsP95,
      flv_p50_s: flvP50, flv_p95_s: flvP95,
      nginx_hls_p50_s: nginxP50, nginx_hls_p95_s: nginxP95,
      studio_llhls_p50_s: sLlhlsP50, studio_llhls_p95_s: sLlhlsP95,
      studio_flv_p50_s: sFlvP50, studio_flv_p95_s: sFlvP95,
      studio_hls_p50_s: sHlsP50, studio_hls_p95_s: sHlsP95,
      // Frames' age as the relay sends them, before any player: what the path upstream adds.
      relay_age_p50_s: pub?.relayAge.p50 ?? null, studio_relay_age_p50_s: studio?.relayAge.p50 ?? null, studio_relay_age_p95_s: studio?.relayAge.p95 ?? null, relay_age_p95_s: pub?.relayAge.p95 ?? null,
      studio_event_loop_p99_ms: studio?.loopP99Ms ?? null,
      // The same FLV player while the studio switches scenes (program bus splices): p50 and worst.
      studio_flv_switching_p50_s: studio?.acrossSwitches.p50 ?? null, studio_flv_switching_max_s: studio?.acrossSwitches.max ?? null,
      studio_dropped_frames: studio?.dropped ?? null, studio_lag_s: studio?.lagSec ?? null, studio_fps: studio?.fps ?? null,
      frames: { llhls: frames(pub?.llhls), hls: frames(pub?.hls), flv: frames(pub?.flv), nginx_hls: frames(pub?.nginxHls), studio_llhls: frames(studio?.llhls), studio_flv: frames(studio?.flv), studio_hls: frames(studio?.hls) },
      // Plain HLS: where hls.js aimed when it joined (3 target durations behind the edge by default) and the TARGETDURATION it read then.
      hls_js_target_latency_s: { hls: pub?.hls.hlsJs?.targetLatencyS ?? null, nginx_hls: pub?.nginxHls?.hlsJs?.targetLatencyS ?? null, studio_hls: studio?.hls.hlsJs?.targetLatencyS ?? null },
      hls_js_target_duration_s: { hls: pub?.hls.hlsJs?.targetDurationS ?? null, nginx_hls: pub?.nginxHls?.hlsJs?.targetDurationS ?? null, studio_hls: studio?.hls.hlsJs?.targetDurationS ?? null },
      drift_s_per_min: { llhls: drift(pub?.llhls), hls: drift(pub?.hls), flv: drift(pub?.flv), nginx_hls: drift(pub?.nginxHls), studio_llhls: drift(studio?.llhls), studio_flv: drift(studio?.flv), studio_hls: drift(studio?.hls) },
      load_before: before, load_after: after, busy, drifted,
      targets: TARGETS,
      meets_targets: judge(busy || drifted, checks),
      seconds_each: seconds, warmup_s: warmupS, cpus: os.cpus().length,
    }));
  } finally {
    await browser.close();
    page0.server.close();
    await screen.stopAll(1000);
    screen.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
