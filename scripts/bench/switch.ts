/**
 * Benchmark (not a test): seamless scene switches at the studio's default settings (1280x720, 30 fps,
 * x264 veryfast, 2.5 Mbit/s). Scene A is a full-screen capture of an Xvfb screen, scene B a moving
 * test pattern; both carry a tone. The pipeline publishes to our relay; an HTTP-FLV reader notes
 * every video tag. After a steady phase the scene is switched --switches times (default 6: half cuts,
 * half 500 ms fades), --gap seconds apart (default 4). Reports per switch: wall time from the request
 * until on air, the splice's wall gap between the last old and first new frame, and from the FLV
 * viewer the largest timestamp step and arrival gap within 2 s of each switch; the pipeline's CPU
 * (% of the whole machine, all its ffmpegs, from /proc) steady vs. the highest second of each
 * overlap. Target (issue 11): no frozen picture over 0.5 s. Load average before/after (busy = not
 * judged). Last line: one JSON object.
 *   npm run bench:switch [-- --switches 6 --gap 4]
 */
import os from 'node:os';
import { defaultPipelineSettings, type PipelineStats } from '../../common/pipeline';
import { SceneSchema } from '../../common/scene';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { startRelayService } from '../../media/relay/service';
import { PipelineService } from '../../main/pipeline/service';
import { openFlvViewer } from '../../test/helpers/flv-viewer';
import { waitFor } from '../../test/helpers/media';
import { startQuadrantScreen } from '../../test/helpers/x11-pattern';
import { isBusy, judge, loadSnapshot, machineLine } from './machine-load';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SWITCHES = Number(arg('--switches') ?? 6);
const GAP_SEC = Number(arg('--gap') ?? 4);
const KEY = 'bench-switch';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : 0);

async function main(): Promise<void> {
  const loadBefore = loadSnapshot();
  console.log(`machine: ${machineLine()}`);
  const screen = await startQuadrantScreen(1280, 720);
  const processes = new ProcessRegistry();
  const log = memoryLogger();
  const relay = await startRelayService({ host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log, dataDir: null, rooms: [{ id: 'main', key: KEY }] });
  const svc = new PipelineService({ processes, log, platform: 'linux', listDevices: async () => null, relayRetryCapMs: 500 });
  const stats: PipelineStats[] = [];
  svc.on('stats', (s) => stats.push(s));
  const base = defaultPipelineSettings(`${relay.relay.urls('main').rtmp}/main?key=${KEY}`);
  const scenes = {
    activeSceneId: 'a',
    scenes: [
      SceneSchema.parse({ id: 'a', name: 'Screen', layers: [{ id: 's', source: { kind: 'display', showCursor: false }, rect: { x: 0, y: 0, width: 1, height: 1 } }], audio: [{ id: 't1', kind: 'tone', frequencyHz: 440 }] }),
      SceneSchema.parse({ id: 'b', name: 'Pattern', layers: [{ id: 'p', source: { kind: 'test-pattern', pattern: 'testsrc2' }, rect: { x: 0, y: 0, width: 1, height: 1 } }], audio: [{ id: 't2', kind: 'tone', frequencyHz: 880 }] }),
    ],
  };
  const results: Array<{ transition: string; switch_ms: number; splice_gap_ms: number | null; flv_max_ts_step_ms: number; flv_max_arrival_gap_ms: number; overlap_cpu_percent: number }> = [];
  let steadyCpu = 0;
  let offline = 0;
  /** Offline events while switching: the stop at the end makes one too, which is not a switch's. */
  let offlineWhileSwitching = 0;
  try {
    await svc.goLive({ settings: { ...base, transition: { kind: 'cut', durationMs: 500 } }, scenes });
    await waitFor('the relay has the stream', async () => ((await (await fetch(`http://127.0.0.1:${relay.relay.httpPort}/api/rooms/main`)).json()) as { live: boolean }).live, 60_000);
    relay.relay.on('offline', () => { offline++; });
    const flv = openFlvViewer(relay.relay.urls('main').flv, { keepBytes: false });
    await waitFor('video on the FLV viewer', () => flv.videoTimes().length > 30, 60_000);
    await sleep(4000);
    steadyCpu = median(stats.slice(-4).map((s) => s.cpuPercent ?? 0));
    for (let i = 0; i < SWITCHES; i++) {
      const kind = i < SWITCHES / 2 ? 'cut' : 'fade';
      svc.configure({ settings: { ...base, transition: { kind, durationMs: 500 } } });
      const from = stats.length;
      const t0 = Date.now();
      await svc.switchScene(i % 2 === 0 ? 'b' : 'a');
      const ms = Date.now() - t0;
      await sleep(GAP_SEC * 1000);
      const near = flv.videoTimes().filter((v) => v.at >= t0 - 200 && v.at <= t0 + ms + 2000);
      let step = 0;
      let gap = 0;
      for (let k = 1; k < near.length; k++) {
        step = Math.max(step, near[k]!.ts - near[k - 1]!.ts);
        gap = Math.max(gap, near[k]!.at - near[k - 1]!.at);
      }
      const cut = svc.state().lastSwitch;
      const overlap = Math.max(0, ...stats.slice(from, from + 3).map((s) => s.cpuPercent ?? 0));
      results.push({ transition: kind, switch_ms: ms, splice_gap_ms: cut?.gapMs ?? null, flv_max_ts_step_ms: step, flv_max_arrival_gap_ms: gap, overlap_cpu_percent: overlap });
      console.log(`switch ${i + 1} (${kind}): on air after ${ms} ms, splice gap ${cut?.gapMs} ms, FLV max timestamp step ${step} ms, max arrival gap ${gap} ms, CPU ${overlap} %`);
    }
    offlineWhileSwitching = offline;
    flv.close();
  } finally {
    await svc.dispose();
    await relay.stop().catch(() => undefined);
    await processes.stopAll();
    processes.dispose();
    await screen.stop();
  }
  const loadAfter = loadSnapshot();
  const busy = isBusy(loadBefore, loadAfter);
  const worst = Math.max(0, ...results.map((r) => Math.max(r.flv_max_ts_step_ms, r.splice_gap_ms ?? 0)));
  console.log(JSON.stringify({
    settings: '1280x720 30 fps x264 veryfast 2500 kbit/s', switches: results, relay_offline_events: offlineWhileSwitching,
    steady_cpu_percent: steadyCpu, max_overlap_cpu_percent: Math.max(0, ...results.map((r) => r.overlap_cpu_percent)),
    median_switch_ms: median(results.map((r) => r.switch_ms)), worst_freeze_ms: worst,
    cores: os.cpus().length, load_before: loadBefore, load_after: loadAfter, busy,
    meets_targets: judge(busy, { stream_never_ended: offlineWhileSwitching === 0, freeze_at_most_500_ms: worst <= 500 }),
  }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
