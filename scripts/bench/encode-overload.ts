/**
 * bench:encode's overload phase: what the studio does when the machine cannot keep up. The studio's
 * pipeline goes live on its default scene capturing an Xvfb screen that shows the wall clock in ms
 * (the same stamp as bench:latency), and Debian's ffmpeg reads the relay's FLV with no buffering and
 * a cheap decode (no deblocking, so the viewer itself keeps up on starved cores): each frame says how
 * far behind the screen a viewer is. First a quiet window, then the same with two
 * other processes (`yes`) keeping both cores busy. Reports the latency and the frames the pipeline
 * dropped (and said so) while overloaded. Bounded: the load processes are tracked children, stopped
 * after the window and killed with us, however we end.
 */
import os from 'node:os';
import { defaultPipelineSettings, type PipelineStats } from '../../common/pipeline';
import { defaultSceneCollection } from '../../common/scene';
import type { ResolvedBinary } from '../../media/ffmpeg/locate';
import type { ProcessRegistry, TrackedProcess } from '../../media/ffmpeg/processes';
import type { Logger } from '../../media/log';
import type { Relay } from '../../media/relay/relay';
import { listDevices } from '../../media/studio/devices';
import { PipelineService } from '../../main/pipeline/service';
import { STAMP, until } from '../../test/e2e/viewer-fixtures';
import { probeStampAges } from './stamp-probe';
import { startStampScreen } from './studio-path';

export interface OverloadResult {
  /** Median latency (s) a viewer sees, quiet machine (this bench's own load only). */
  quietLatencyS: number;
  /** Median and worst latency (s) while both cores are kept busy. */
  latencyS: number;
  worstLatencyS: number;
  /** Frames the pipeline dropped (counted and reported in its stats) while overloaded. */
  dropped: number;
  /** Frames per second it still encoded, and its lag behind the wall clock at the end. */
  fps: number;
  lagS: number | null;
  /** Whether the studio raised its overload warning. */
  warned: boolean;
  frames: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const r3 = (v: number) => Math.round(v * 1000) / 1000;

export async function overloadPhase(o: { root: string; processes: ProcessRegistry; ffmpeg: ResolvedBinary; log: Logger; relay: Relay; room: string; key: string; seconds: number }): Promise<OverloadResult> {
  const display = await startStampScreen(o.root, o.processes);
  const svc = new PipelineService({
    processes: o.processes, log: o.log, ffmpeg: o.ffmpeg, platform: 'linux',
    listDevices: () => listDevices({ processes: o.processes, ffmpegPath: o.ffmpeg.path, env: { ...process.env, DISPLAY: display } }),
  });
  const stats: PipelineStats[] = [];
  svc.on('stats', (s) => stats.push(s));
  const load: TrackedProcess[] = [];
  const flv = o.relay.urls(o.room).flv;
  try {
    // The studio's defaults (720p30, x264 veryfast, 2.5 Mbit/s) on its default scene.
    const base = defaultPipelineSettings(`${o.relay.urls(o.room).rtmp}/${o.room}?key=${o.key}`);
    await svc.goLive({ settings: base, scenes: defaultSceneCollection() });
    await until(() => svc.state().outputs.find((x) => x.id === 'relay')?.state === 'live', 'the pipeline live on the relay', 30_000, 100);
    const quietS = Math.max(6, Math.round(o.seconds / 2));
    const quiet = await probeStampAges(o.processes, flv, STAMP, quietS, 2, { cheap: true }).catch(() => [NaN]);
    for (let i = 0; i < Math.max(2, os.cpus().length); i++) {
      load.push(o.processes.spawn(`load${i}`, 'sh', ['-c', 'exec yes > /dev/null'], { quitWith: 'SIGTERM', stdio: ['ignore', 'ignore', 'pipe'] }));
    }
    const from = stats.length;
    const dropped0 = stats[stats.length - 1]?.droppedFrames ?? 0;
    // A pipeline that stopped delivering at all shows as no frame: infinite latency, not a crash.
    const busy = await probeStampAges(o.processes, flv, STAMP, o.seconds, 3, { cheap: true }).catch(() => [Infinity]);
    const window = stats.slice(from);
    const last = window[window.length - 1];
    return {
      quietLatencyS: r3(median(quiet)),
      latencyS: r3(median(busy)),
      worstLatencyS: r3(Math.max(...busy)),
      dropped: (last?.droppedFrames ?? dropped0) - dropped0,
      fps: last?.fps ?? 0,
      lagS: last?.lagSec ?? null,
      warned: window.some((s) => !!s.overload),
      frames: busy.filter(Number.isFinite).length,
    };
  } finally {
    for (const p of load) await p.stop(500);
    await svc.stop().catch(() => undefined);
  }
}
