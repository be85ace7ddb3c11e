/**
 * The one composition root: builds every service of the studio with explicit dependencies and hands
 * back the core plus one dispose() that stops all of it (pipeline, room, relay, every ffmpeg child).
 * Used by Electron (main/electron/entry.ts), browser mode (main/cli.ts) and the integration tests.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { locateFfmpeg } from '../media/ffmpeg/locate';
import { sweepStrayChildren } from '../media/ffmpeg/pid-files';
import { ProcessRegistry } from '../media/ffmpeg/processes';
import type { Logger } from '../media/log';
import { createMeterService, meterPort } from './audio/wiring';
import { HistoryService } from './history/service';
import { HistoryStore } from './history/store';
import { HistoryRetention } from './history/retention';
import { syncAudit } from './history/audit-sync';
import { PipelineService } from './pipeline/service';
import { RecordingMedia } from './replay/recording-media';
import { RemuxCache } from './replay/remux-cache';
import { RoomClient } from './room/client';
import { defaultRecordingFolder } from './settings/recording-folder';
import { openSettingsStore } from './settings/store';
import { roomClientPort } from './studio/adapters';
import { listDevicesVia, pipelinePort } from './studio/pipeline-adapter';
import { StudioCore } from './studio/core';
import { FfmpegChoice } from './studio/ffmpeg-choice';
import { relayStarter } from './studio/relay-runtime';
import { RelaySupervisor } from './studio/relay-supervisor';
import { openScenesStore } from './studio/scenes-store';
import { TextImageStore } from './studio/text-images';
import { prepareTextLayers } from './studio/text-layers';
import { PreviewService } from './preview/service';
import { existsSync } from 'node:fs';
import { defaultSceneCollection } from '../common/scene';
import { DEFAULT_NAMES } from '../common/default-names';
import { DEFAULT_OWNER_NAME } from '../common/room-protocol';
import { findCjkFont } from '../media/studio/cjk-font';
import type { Platform } from '../media/studio/device-types';

export interface CompositionOptions {
  /** Where settings.json, scenes.json, rooms.json (stream keys) and the room log live. */
  dataDir: string;
  /** Port overrides (CLI flags, tests: 0 = any free port); absent = the saved settings. */
  ports?: { rtmp?: number | undefined; http?: number | undefined };
  /** Relay bind address forced for this run (`--host`); absent = the LAN sharing setting (default 127.0.0.1). */
  host?: string | undefined;
  /** Electron's native folder picker. */
  chooseFolder?: ((initial: string | undefined) => Promise<string | null>) | undefined;
  /** Default recording folder (tests); absent = the user's Videos folder + "Danmu Studio". */
  recordingFolder?: string | undefined;
  /** `--ffmpeg <path>` for this run (wins over the saved setting). */
  ffmpegPath?: string | undefined;
  /** Built web pages (dist/web). */
  webRoot?: string;
  log: Logger;
  /** Electron passes shell.openExternal; browser mode lets the page open links itself. */
  openUrl?: (url: string) => Promise<void>;
}

export interface Composition {
  core: StudioCore;
  preview: PreviewService;
  /** Sessions' recordings for the replay player (served by the bridge and Electron's app:// scheme). */
  recordings: RecordingMedia;
  processes: ProcessRegistry;
  dispose(): Promise<void>;
}

export const DEFAULT_WEB_ROOT = path.resolve(__dirname, '..', 'dist', 'web');

export async function compose(opts: CompositionOptions): Promise<Composition> {
  mkdirSync(opts.dataDir, { recursive: true });
  // ffmpeg left running by an earlier run of this data folder (killed on a system without a
  // parent-death signal, power loss) still holds the screen, camera and ports: end it first.
  const pidDir = path.join(opts.dataDir, 'pids');
  const swept = await sweepStrayChildren(pidDir);
  for (const s of swept.ended) opts.log.warn(`Ended ${s.name} (pid ${s.pid}), left running by an earlier run of the studio.`);
  const processes = new ProcessRegistry({ pidDir });
  const settings = openSettingsStore(path.join(opts.dataDir, 'settings.json'));
  // A fresh install names its scenes in the language it starts in (see common/default-names.ts).
  const scenes = openScenesStore(path.join(opts.dataDir, 'scenes.json'), () => defaultSceneCollection(DEFAULT_NAMES[settings.get().ui.language]));
  const history = new HistoryStore(path.join(opts.dataDir, 'history.sqlite'));
  const roomAtStart = settings.get().room.id;
  // The room id in use is fixed for this run (a changed id takes effect at the next start).
  // Keeps everything unless the streamer set a limit; applied in chunks, off the hot path, hourly.
  const retention = new HistoryRetention(history, () => settings.get().history, { log: opts.log.child('history') });
  const historyService = new HistoryService(history, { room: () => roomAtStart, retention });
  const pipeline = new PipelineService({ processes, log: opts.log });
  // The relay (+ room hub) is its own service; the core only asks it to start, restart and describe itself.
  const relay = new RelaySupervisor({
    start: relayStarter({
      dataDir: opts.dataDir, processes, log: opts.log, webRoot: opts.webRoot ?? DEFAULT_WEB_ROOT,
      // A private replay of a session the history no longer keeps could not be published any more:
      // the history's "keep days" applies to it too (published replays are never removed).
      vodRetention: () => { const d = settings.get().history.keepDays; return d === null ? {} : { maxAgeDays: d }; },
    }),
    settings: () => settings.get(),
    host: opts.host,
    ports: opts.ports,
    log: opts.log.child('relay-supervisor'),
  });
  const ffmpeg = new FfmpegChoice({ locate: (setting) => locateFfmpeg({ setting: setting ?? undefined }), flag: opts.ffmpegPath });
  const textImages = new TextImageStore(path.join(opts.dataDir, 'text-images'));
  const platform: Platform = process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
  // One search for the drawtext fallback font, shared by the encoder's scenes and the preview's.
  let cjkFont: Promise<string | null> | null = null;
  let fallbackFont: string | null = null;
  const findFallbackFont = () => (cjkFont ??= findCjkFont(processes, platform).then((f) => (fallbackFont = f)));
  // Listing runs tools (xrandr, pactl…): the preview and the meters share one listing up to 30 s old.
  let devicesCache: { at: number; list: ReturnType<PipelineService['devices']> } | null = null;
  const recentDevices = () => {
    if (!devicesCache || Date.now() - devicesCache.at > 30_000) devicesCache = { at: Date.now(), list: pipeline.devices() };
    return devicesCache.list;
  };
  // The editor's live preview: its own service, reading the same saved scenes, ffmpeg and relay.
  const preview = new PreviewService({
    processes,
    log: opts.log.child('preview'),
    platform,
    ffmpegPath: () => ffmpeg.current?.path ?? null,
    // Text layers as the pipeline gets them (the editor's raster, else drawtext with a CJK font).
    scenes: () => prepareTextLayers(scenes.get(), { rasterPath: (id) => textImages.pathFor(id), fallbackFont }),
    video: () => settings.get().output.video,
    devices: recentDevices,
    program: () => {
      const st = pipeline.state();
      const flv = relay.info().urls?.flv;
      const onAir = st.status === 'starting' || st.status === 'live' || st.status === 'switching' || st.status === 'stopping';
      return onAir && st.sceneId && flv ? { sceneId: st.sceneId, streamUrl: flv } : null;
    },
    fileExists: existsSync,
  });
  // The mixer's meters: their own service, reading the same scenes, ffmpeg, devices and pipeline.
  const meters = createMeterService({
    processes, log: opts.log.child('meters'), platform, pipeline, scenes: () => scenes.get(),
    ffmpegPath: () => ffmpeg.current?.path ?? null,
    devices: recentDevices,
  });
  const core = new StudioCore({
    log: opts.log,
    settings,
    scenes,
    relay,
    ffmpeg,
    platform,
    chooseFolder: opts.chooseFolder,
    defaultRecordingFolder: opts.recordingFolder ?? defaultRecordingFolder(),
    createRoomClient: ({ origin, room, key }) => {
      // Resume from the last event stored locally, so a restart catches up on what it missed.
      const epoch = historyService.epoch(room);
      const client = new RoomClient({ url: origin, room, key, name: DEFAULT_OWNER_NAME, fromSeq: history.lastSeq(room), ...(epoch ? { epoch } : {}), log: opts.log.child('room-client') });
      // A reset relay log numbers events from 1 again: the history archives what it has first.
      client.on('reset', ({ epoch: next }) => historyService.resetRoom(room, next));
      client.on('welcome', (w) => historyService.setEpoch(room, w.epoch));
      // The hub's audit log is cached beside the events (catch-up on each welcome, then live entries).
      const log = opts.log.child('audit-sync');
      syncAudit(client, history.audit, room, (err) => log.warn(`could not cache the room's audit log: ${err.message}`));
      client.connect();
      return roomClientPort(client);
    },
    history: historyService,
    createPipeline: (ctx) => pipelinePort(pipeline, ctx),
    listDevices: () => listDevicesVia(pipeline),
    textImages,
    findFallbackFont,
    openUrl: opts.openUrl,
    preview,
    meters: meterPort(meters),
  });
  // What the preview shows follows the saved scenes, the output size and the program; the meters
  // follow the scenes and the program.
  core.onEvent((e) => {
    if (e.type === 'scenes.changed' || e.type === 'settings.changed' || e.type === 'pipeline.state') preview.refresh();
    if (e.type === 'scenes.changed' || e.type === 'pipeline.state') meters.refresh();
  });
  let retentionPolicy = JSON.stringify(settings.get().history);
  core.onEvent((e) => {
    if (e.type !== 'settings.changed' || JSON.stringify(settings.get().history) === retentionPolicy) return;
    retentionPolicy = JSON.stringify(settings.get().history);
    retention.request();
  });
  const recordings = new RecordingMedia({
    recordingOf: (id) => historyService.recording(id),
    remux: new RemuxCache({
      dir: path.join(opts.dataDir, 'replay-cache'),
      processes,
      ffmpegPath: () => locateFfmpeg({ setting: opts.ffmpegPath ?? settings.get().ffmpegPath ?? undefined }).path,
      log: opts.log.child('replay'),
    }),
  });
  let disposed: Promise<void> | null = null;
  const dispose = () => {
    disposed ??= (async () => {
      await preview.dispose();
      await meters.dispose();
      retention.stop();
      await core.dispose();
      // No orphan encoders or packagers: whatever is still running is stopped, then killed.
      await processes.stopAll(3000);
      processes.dispose();
    })();
    return disposed;
  };
  retention.start();
  try {
    await core.start();
  } catch (err) {
    await dispose();
    throw err;
  }
  return { core, preview, processes, recordings, dispose };
}
