/**
 * The studio's own path for bench:latency's studio mode: an Xvfb screen showing the millisecond clock
 * stamp (scripts/bench/stamp-painter.ts, its own process; the test publisher captures the same
 * screen), and the studio built by its composition
 * root (main/composition.ts: the embedded relay and room hub, the pipeline service) going live on the
 * default scene as a streamer's click does: x11grab → canvas → x264 → MPEG-TS over loopback UDP →
 * forwarder → RTMP → the embedded relay → viewer page. No camera or sound card here: the default
 * scene's missing devices are left out and the stream carries silence, as for any user without them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PipelineStats } from '../../common/pipeline';
import { memoryLogger } from '../../media/log';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { compose } from '../../main/composition';
import { startXvfb } from '../../test/helpers/xvfb';
import { until } from '../../test/e2e/viewer-fixtures';

export interface StudioPath {
  /** The viewer page of the studio's room on its embedded relay (add ?mode=…). */
  viewer: string;
  /** The room's LL-HLS playlist (the same URL plain HLS players use). */
  hls: string;
  /** The room's HTTP-FLV. */
  flv: string;
  /** For the bench's own helpers (probes), stopped with the rest. */
  processes: ProcessRegistry;
  /** Puts the other of two identical scenes on air (both capture the stamped screen): a scene switch a viewer can measure across. */
  switchScene(): Promise<void>;
  /** The studio's latest stats (fps, dropped frames, lag): whether it kept up while measured. */
  stats(): PipelineStats | null;
  stop(): Promise<void>;
}

/** An Xvfb screen (1280x720) whose top-left strip shows the wall clock in ms, painted by its own process. */
export async function startStampScreen(root: string, processes: ProcessRegistry): Promise<string> {
  const { display } = await startXvfb(processes, '1280x720x24');
  const painter = processes.spawn('stamp-painter', process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bench/stamp-painter.ts'), display], { quitWith: 'SIGTERM', cwd: root });
  let painting = false;
  painter.child.stdout?.once('data', () => { painting = true; });
  await until(() => painter.child.exitCode === null && painting, 'the stamp painter', 20_000, 50)
    .catch((err: Error) => { throw new Error(`${err.message}: ${painter.stderrTail().join(' | ')}`); });
  return display;
}

/** The studio going live on the stamped screen `display` (see startStampScreen). */
export async function startStudioPath(display: string): Promise<StudioPath> {
  const own = new ProcessRegistry();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'danmu-bench-studio-'));
  let dispose: (() => Promise<void>) | null = null;
  try {
    // The studio captures "the" display: the one its device listing finds in DISPLAY.
    process.env.DISPLAY = display;
    const log = memoryLogger();
    const composition = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: 0 }, log, recordingFolder: dataDir });
    dispose = composition.dispose;
    const { core } = composition;
    // Nothing but the stream: no recording file competing for the disk on a shared machine.
    await core.updateSettings({ output: { recording: { enabled: false } } });
    let stats: PipelineStats | null = null;
    core.onEvent((e) => { if (e.type === 'pipeline.stats') stats = e.stats; });
    // A copy of the on-air scene, so a switch changes encoder generation but not the picture.
    const snap = await core.getSnapshot();
    const onAir = snap.scenes.find((x) => x.id === snap.activeSceneId) ?? snap.scenes[0]!;
    await core.saveScenes([...snap.scenes, { ...onAir, id: 'bench-copy', name: `${onAir.name} (copy)` }]);
    let current = onAir.id;
    await core.goLive();
    await until(async () => (await core.getSnapshot()).pipeline.state.status === 'live', 'the studio to go live', 60_000, 100);
    const urls = (await core.getSnapshot()).relay.urls!;
    await until(async () => ((await (await fetch(urls.api)).json()) as { live?: boolean }).live, 'the studio\'s relay room to be live', 60_000, 100);
    return {
      viewer: urls.viewer, hls: urls.hls, flv: urls.flv, processes: own,
      stats: () => stats,
      switchScene: async () => {
        current = current === onAir.id ? 'bench-copy' : onAir.id;
        await core.switchScene(current);
        await until(async () => (await core.getSnapshot()).pipeline.state.sceneId === current, `scene ${current} on air`, 15_000, 50);
      },
      stop: async () => {
        await core.stop().catch(() => undefined);
        await dispose?.();
        await own.stopAll(2000);
        own.dispose();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await dispose?.();
    await own.stopAll(2000);
    own.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
