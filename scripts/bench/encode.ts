/**
 * Benchmark (not a test): the studio pipeline live to our relay, 1280x720 at 30 fps, x264 veryfast,
 * 2.5 Mbit/s, a moving test pattern + tone, for 60 s (--seconds N for a smoke run). Then the same
 * encoder command run by hand (straight FLV to the relay, no tee/forwarder) for the same time.
 * Reports encoder speed, dropped frames, CPU % and RSS of the pipeline's process tree (from /proc)
 * and overhead_ratio = pipeline CPU / by-hand CPU. Then the headroom: the same encoder options
 * (x264 veryfast zerolatency, CBR, 1 s GOP) on the same test pattern without -re, to a null output,
 * at 720p30 and 1080p60: max_speed > 1 is how much faster than real time the machine could encode.
 * Then overload (./encode-overload.ts): the studio's defaults on its default scene capturing a
 * clock-stamped Xvfb screen, a viewer (Debian's ffmpeg, no buffering) measuring how far behind the
 * screen it is, quiet and then while two other processes keep both cores busy: overload_latency_s,
 * overload_dropped (frames dropped and reported), bounded and stopped by the bench itself.
 * Load average before and after; on a busy machine no figure is judged against its target.
 * Last line: one JSON object.
 *   npm run bench:encode [-- --seconds 60 --overload-seconds 20]
 */
import os from 'node:os';
import path from 'node:path';
import { PipelineSettingsSchema } from '../../common/pipeline';
import type { PipelineStats } from '../../common/pipeline';
import { testPatternScene, SceneSchema } from '../../common/scene';
import { locateFfmpeg } from '../../media/ffmpeg/locate';
import { processTree, UsageMeter } from '../../media/ffmpeg/proc-usage';
import { ProcessRegistry, type TrackedProcess } from '../../media/ffmpeg/processes';
import { ProgressParser } from '../../media/ffmpeg/progress';
import { consoleLogger } from '../../media/log';
import { createRelay } from '../../media/relay/relay';
import { buildFfmpegArgs } from '../../media/studio/args';
import { PipelineService } from '../../main/pipeline/service';
import { overloadPhase } from './encode-overload';
import { isBusy, judge, loadSnapshot, machineLine } from './machine-load';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SECONDS = Number(arg('--seconds') ?? 60);
const OVERLOAD_SECONDS = Number(arg('--overload-seconds') ?? 20);
const WARMUP = Math.min(5, SECONDS / 4);
const KEY = 'bench-encode-key';

/** Samples CPU time (summed over restarts) and RSS of the process trees rooted at roots(). */
class TreeMeter {
  private readonly meter = new UsageMeter();
  private cpuSec = 0;
  private rssSamples: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private started = 0;

  constructor(private readonly roots: () => number[]) {}

  start(): void {
    this.started = Date.now();
    this.meter.sample(processTree(this.roots())); // the baseline
    this.timer = setInterval(() => this.sample(), 500);
  }

  private sample(): void {
    const s = this.meter.sample(processTree(this.roots()));
    if (!s) return;
    this.cpuSec += s.cpuSec;
    this.rssSamples.push(s.rssMb);
  }

  stop(): { cpuPercent: number; rssMb: number } {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    const sec = (Date.now() - this.started) / 1000;
    const rss = this.rssSamples.reduce((a, b) => a + b, 0) / Math.max(1, this.rssSamples.length);
    return { cpuPercent: Math.round((this.cpuSec / sec) * 1000) / 10, rssMb: Math.round(rss * 10) / 10 };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The encoder's maximum speed: the pipeline's own encoder options for this size and rate, fed the
 * same lavfi test pattern as fast as it can go (no -re, no realtime filter), for `mediaSeconds`.
 */
async function maxSpeed(processes: ProcessRegistry, ffmpegPath: string, scene: Parameters<typeof buildFfmpegArgs>[0], width: number, height: number, fps: number, bitrateKbps: number, mediaSeconds: number): Promise<number> {
  const settings = PipelineSettingsSchema.parse({ video: { width, height, fps, bitrateKbps, keyframeIntervalSec: 1, encoder: 'x264', preset: 'veryfast' }, relayUrl: 'rtmp://127.0.0.1:1/live/x' });
  const { args } = buildFfmpegArgs(scene, settings, 'linux');
  const encoder = args.slice(args.indexOf('-c:v'), args.indexOf('-progress'));
  const proc = processes.spawn(`headroom-${height}p${fps}`, ffmpegPath, [
    '-hide_banner', '-nostats', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(mediaSeconds), '-map', '0:v', '-map', '1:a', '-pix_fmt', 'yuv420p', ...encoder, '-progress', 'pipe:1', '-f', 'null', '-',
  ], { quitWith: 'q' });
  const parser = new ProgressParser();
  let speed = 0;
  proc.child.stdout?.setEncoding('utf8');
  proc.child.stdout?.on('data', (c: string) => {
    for (const b of parser.push(c)) if (b.speed !== null) speed = b.speed;
  });
  proc.child.stderr?.on('data', () => undefined);
  const t0 = Date.now();
  const code = await proc.exited;
  if (code !== 0) throw new Error(`headroom encode failed: ${proc.stderrTail().join(' | ')}`);
  // ffmpeg's own speed is media time over wall time: the same as ours, measured where it is exact.
  return speed || mediaSeconds / ((Date.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const loadBefore = loadSnapshot();
  const processes = new ProcessRegistry();
  const log = consoleLogger('bench', true);
  const ffmpeg = locateFfmpeg();
  const relay = createRelay({ host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log, dataDir: null, rooms: [{ id: 'bench', key: KEY }] });
  await relay.start();
  const relayUrl = `${relay.urls('bench').rtmp}/bench?key=${KEY}`;
  const scene = SceneSchema.parse({ ...testPatternScene('bench', 'Bench'), layers: [{ id: 'moving', source: { kind: 'test-pattern', pattern: 'testsrc2' }, rect: { x: 0, y: 0, width: 1, height: 1 } }] });
  const settings = PipelineSettingsSchema.parse({
    video: { width: 1280, height: 720, fps: 30, bitrateKbps: 2500, keyframeIntervalSec: 1, encoder: 'x264', preset: 'veryfast' },
    relayUrl,
  });
  console.log(`machine: ${machineLine()}; ${ffmpeg.version}`);
  console.log(`pipeline: ${SECONDS} s live to ${relay.urls('bench').rtmp}/bench, 1280x720@30 x264 veryfast 2500k`);

  // 1. The pipeline, as the studio runs it.
  const svc = new PipelineService({ processes, log, ffmpeg, platform: 'linux', listDevices: async () => null });
  const stats: PipelineStats[] = [];
  svc.on('stats', (s) => stats.push(s));
  await svc.goLive({ settings, scenes: { scenes: [scene], activeSceneId: 'bench' } });
  const pipelinePids = () => processes.list().filter((p) => p.name === 'encoder' || p.name.startsWith('forward:')).map((p) => p.child.pid ?? 0).filter(Boolean);
  await sleep(WARMUP * 1000);
  const m1 = new TreeMeter(pipelinePids);
  const dropsAtStart = stats[stats.length - 1]?.droppedFrames ?? 0;
  m1.start();
  await sleep((SECONDS - WARMUP) * 1000);
  const pipe = m1.stop();
  const measured = stats.filter((s) => s.uptimeSec >= WARMUP);
  const last = stats[stats.length - 1];
  const speed = measured.length ? measured.reduce((a, s) => a + s.speed, 0) / measured.length : 0;
  const fps = measured.length ? measured.reduce((a, s) => a + s.fps, 0) / measured.length : 0;
  const relayLive = last?.outputs.find((o) => o.id === 'relay')?.state;
  await svc.stop();
  console.log(`pipeline: speed ${speed.toFixed(3)}x, fps ${fps.toFixed(1)}, dropped ${(last?.droppedFrames ?? 0) - dropsAtStart} (${last?.droppedFrames} total), bitrate ${last?.bitrateKbps} kbit/s, relay ${relayLive}, CPU ${pipe.cpuPercent}%, RSS ${pipe.rssMb} MB`);

  // 2. The same encoder command by hand: one ffmpeg publishing FLV straight to the relay.
  await sleep(1500);
  const { args } = buildFfmpegArgs(scene, settings, 'linux');
  const hand: TrackedProcess = processes.spawn('by-hand', ffmpeg.path, args, { quitWith: 'q' });
  const parser = new ProgressParser();
  const handSpeeds: number[] = [];
  hand.child.stdout?.setEncoding('utf8');
  hand.child.stdout?.on('data', (c: string) => {
    for (const b of parser.push(c)) if (b.speed !== null && (b.outTimeUs ?? 0) > WARMUP * 1e6) handSpeeds.push(b.speed);
  });
  hand.child.stderr?.on('data', () => undefined);
  await sleep(WARMUP * 1000);
  const m2 = new TreeMeter(() => (hand.child.pid ? [hand.child.pid] : []));
  m2.start();
  await sleep((SECONDS - WARMUP) * 1000);
  const byHand = m2.stop();
  await hand.stop();
  const handSpeed = handSpeeds.length ? handSpeeds[handSpeeds.length - 1] ?? 0 : 0;
  console.log(`by hand: speed ${handSpeed.toFixed(3)}x, CPU ${byHand.cpuPercent}%, RSS ${byHand.rssMb} MB`);

  // 3. Headroom: how fast the same encoder could go.
  const headroomSeconds = Math.max(5, Math.min(20, SECONDS / 3));
  const max720 = await maxSpeed(processes, ffmpeg.path, scene, 1280, 720, 30, 2500, headroomSeconds);
  const max1080 = await maxSpeed(processes, ffmpeg.path, scene, 1920, 1080, 60, 6000, headroomSeconds);
  console.log(`headroom: max speed ${max720.toFixed(2)}x at 720p30, ${max1080.toFixed(2)}x at 1080p60 (${headroomSeconds} s of media each)`);

  // 4. Overload: the studio's defaults while other processes keep both cores busy.
  const overload = await overloadPhase({ root: path.resolve(__dirname, '../..'), processes, ffmpeg, log, relay, room: 'bench', key: KEY, seconds: OVERLOAD_SECONDS });
  console.log(`overload: viewer ${overload.latencyS} s behind the screen (worst ${overload.worstLatencyS} s, quiet ${overload.quietLatencyS} s) over ${overload.frames} frames; ` +
    `${overload.dropped} frames dropped and reported, ${overload.fps} fps, lag ${overload.lagS} s, warning ${overload.warned ? 'raised' : 'not raised'}`);

  await relay.stop();
  await processes.stopAll();
  processes.dispose();
  const loadAfter = loadSnapshot();
  const busy = isBusy(loadBefore, loadAfter);
  const result = {
    seconds: SECONDS,
    speed: Math.round(speed * 1000) / 1000,
    fps: Math.round(fps * 10) / 10,
    dropped_frames: (last?.droppedFrames ?? 0) - dropsAtStart,
    cpu_percent: pipe.cpuPercent,
    rss_mb: pipe.rssMb,
    by_hand_cpu_percent: byHand.cpuPercent,
    by_hand_rss_mb: byHand.rssMb,
    overhead_ratio: byHand.cpuPercent > 0 ? Math.round((pipe.cpuPercent / byHand.cpuPercent) * 1000) / 1000 : null,
    max_speed_720p30: Math.round(max720 * 100) / 100,
    max_speed_1080p60: Math.round(max1080 * 100) / 100,
    cpu_percent_720p30: pipe.cpuPercent,
    overload_latency_s: overload.latencyS,
    overload_worst_latency_s: overload.worstLatencyS,
    overload_quiet_latency_s: overload.quietLatencyS,
    overload_dropped: overload.dropped,
    overload_fps: overload.fps,
    overload_lag_s: overload.lagS,
    overload_warned: overload.warned,
    cores: os.cpus().length,
    load_before: loadBefore,
    load_after: loadAfter,
    busy,
    // Overloaded, the viewer must stay close to live (frames dropped, not queued) and be told.
    meets_targets: judge(busy, {
      realtime_720p30: speed >= 0.99 && max720 > 1, no_drops: (last?.droppedFrames ?? 0) - dropsAtStart === 0,
      overload_bounded: overload.latencyS - overload.quietLatencyS < 1.5,
    }),
  };
  console.log(JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
