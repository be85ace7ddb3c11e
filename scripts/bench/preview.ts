/**
 * Benchmark (not a test): the scene editor's live preview on an Xvfb screen (1280x720, then
 * 1920x1080) showing a full-screen display layer, pulled as the editor pulls it for --seconds (20 by
 * default) through PreviewService. Reports the frames the puller received per second and the preview
 * ffmpeg's CPU (% of one core, from /proc) and RSS. Baseline, same advantages (same ffmpeg, 640x360,
 * same frame rate and JPEG quality, one thread): the obvious by-hand command, x11grab -> scale ->
 * mjpeg, without the canvas composition. Target (issue 11): >= 10 fps at <= 15 % of one core.
 * Load average before and after; on a busy machine no figure is judged. Last line: one JSON object.
 *   npm run bench:preview [-- --seconds 20]
 */
import os from 'node:os';
import { SceneSchema, type SceneCollection } from '../../common/scene';
import { locateFfmpeg } from '../../media/ffmpeg/locate';
import { UsageMeter } from '../../media/ffmpeg/proc-usage';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { consoleLogger } from '../../media/log';
import { listDevices } from '../../media/studio/devices';
import { JpegFrameSplitter } from '../../media/studio/jpeg-frames';
import { PreviewService } from '../../main/preview/service';
import { DEFAULT_PREVIEW_TIMING } from '../../main/preview/size';
import { startQuadrantScreen } from '../../test/helpers/x11-pattern';
import { isBusy, judge, loadSnapshot, machineLine } from './machine-load';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SECONDS = Number(arg('--seconds') ?? 20);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** CPU % of one core and peak RSS of one pid over `seconds`, sampled every second. */
async function measure(pid: () => number | null, seconds: number): Promise<{ cpuPercent: number; rssMb: number }> {
  const meter = new UsageMeter();
  let cpuSum = 0;
  let n = 0;
  let rss = 0;
  const p0 = pid();
  if (p0) meter.sample([p0], Date.now());
  for (let i = 0; i < seconds; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const p = pid();
    const u = p ? meter.sample([p], Date.now()) : null;
    if (u) {
      cpuSum += u.cpuPercentOfCore;
      n++;
      rss = Math.max(rss, u.rssMb);
    }
  }
  return { cpuPercent: n ? round1(cpuSum / n) : 0, rssMb: round1(rss) };
}

async function ours(processes: ProcessRegistry, ffmpeg: string, width: number, height: number) {
  const devices = await listDevices({ processes, ffmpegPath: ffmpeg });
  const scenes: SceneCollection = {
    version: 1, activeSceneId: 'main',
    scenes: [SceneSchema.parse({ id: 'main', name: 'Main', audio: [], layers: [{ id: 'screen', source: { kind: 'display', showCursor: false }, rect: { x: 0, y: 0, width: 1, height: 1 } }] })],
  };
  const preview = new PreviewService({
    processes, log: consoleLogger('preview', true), platform: 'linux', ffmpegPath: () => ffmpeg, scenes: () => scenes,
    video: () => ({ width, height }), devices: async () => devices, program: () => null,
  });
  let frames = 0;
  let stop = false;
  const puller = (async () => {
    let after: number | undefined;
    while (!stop) {
      const a = await preview.frame({ sceneId: 'main', ...(after !== undefined ? { after } : {}) });
      if (a.frame) {
        after = a.frame.seq;
        frames++;
      }
    }
  })();
  while (frames < 3) await new Promise((r) => setTimeout(r, 100)); // warm-up
  const f0 = frames;
  const t0 = Date.now();
  const usage = await measure(() => preview.pid, SECONDS);
  const fps = (frames - f0) / ((Date.now() - t0) / 1000);
  stop = true;
  await puller;
  await preview.dispose();
  return { fps: round1(fps), cpu_percent: usage.cpuPercent, rss_mb: usage.rssMb };
}

async function baseline(processes: ProcessRegistry, ffmpeg: string, display: string, width: number, height: number) {
  const { fps } = DEFAULT_PREVIEW_TIMING;
  const proc = processes.spawn('baseline', ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-thread_queue_size', '1', '-f', 'x11grab', '-framerate', String(fps), '-video_size', `${width}x${height}`,
    '-draw_mouse', '0', '-i', display, '-vf', 'scale=640:360,format=yuvj420p', '-an', '-c:v', 'mjpeg', '-q:v', '7', '-threads', '1', '-f', 'mjpeg', 'pipe:1',
  ], { quitWith: 'SIGTERM' });
  const splitter = new JpegFrameSplitter();
  let frames = 0;
  proc.child.stdout?.on('data', (c: Buffer) => { frames += splitter.push(c).length; });
  while (frames < 3) await new Promise((r) => setTimeout(r, 100));
  const f0 = frames;
  const t0 = Date.now();
  const usage = await measure(() => proc.child.pid ?? null, SECONDS);
  const got = (frames - f0) / ((Date.now() - t0) / 1000);
  await proc.stop(1000);
  return { fps: round1(got), cpu_percent: usage.cpuPercent, rss_mb: usage.rssMb };
}

async function main(): Promise<void> {
  const loadBefore = loadSnapshot();
  console.log(`machine: ${machineLine()}`);
  const processes = new ProcessRegistry();
  const ffmpeg = locateFfmpeg({}).path;
  const results: Record<string, unknown> = {};
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    const x = await startQuadrantScreen(w, h);
    const o = await ours(processes, ffmpeg, w, h);
    const b = await baseline(processes, ffmpeg, x.display, w, h);
    console.log(`screen ${w}x${h}: preview ${o.fps} fps, ${o.cpu_percent} % of one core, ${o.rss_mb} MB; by-hand x11grab->mjpeg ${b.fps} fps, ${b.cpu_percent} %`);
    results[`screen_${w}x${h}`] = { preview: o, baseline: b };
    await x.stop();
  }
  await processes.stopAll();
  processes.dispose();
  const loadAfter = loadSnapshot();
  const busy = isBusy(loadBefore, loadAfter);
  const r1080 = (results.screen_1920x1080 as { preview: { fps: number; cpu_percent: number } }).preview;
  const r720 = (results.screen_1280x720 as { preview: { fps: number; cpu_percent: number } }).preview;
  console.log(JSON.stringify({
    seconds: SECONDS, preview_width: DEFAULT_PREVIEW_TIMING.width, preview_fps_target: DEFAULT_PREVIEW_TIMING.fps,
    ...results, cores: os.cpus().length, load_before: loadBefore, load_after: loadAfter, busy,
    meets_targets: judge(busy, {
      fps_at_least_10: r720.fps >= 10 && r1080.fps >= 10,
      cpu_at_most_15_percent: r720.cpu_percent <= 15 && r1080.cpu_percent <= 15,
    }),
  }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
