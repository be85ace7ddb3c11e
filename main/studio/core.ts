/**
 * The studio core: implements the StudioApi in plain Node (Electron and browser mode both serve
 * this one object). It owns settings and scenes and turns the services into one stream of
 * StudioEvents: the relay (relay-supervisor.ts), its own room followed as the owner
 * (room-follower.ts), the pipeline (pipeline-link.ts), the ffmpeg in use (ffmpeg-choice.ts). Every
 * service comes in built by the composition root; what it needs from others is a port (./ports.ts).
 */
import type { PipelineSettings, PipelineState } from '../../common/pipeline';
import {
  STUDIO_API_VERSION,
  StudioError,
  type Devices,
  type RelayInfo,
  type StudioApi,
  type StudioEvent,
  type StudioSettings,
  type StudioSnapshot,
  type TextImageInfo,
} from '../../common/studio-api';
import type { SceneCollection } from '../../common/scene';
import type { Logger } from '../../media/log';
import { refuseUnusableFolder } from '../settings/recording-folder';
import type { SettingsStore } from '../settings/store';
import type { RequestRefs } from './api-schemas';
import { originOf } from './csp';
import { relabelScenes } from './default-labels';
import { EventHub, NoteBoard } from './event-hub';
import type { FfmpegChoice } from './ffmpeg-choice';
import { composedKey, LiveSceneEdits } from './live-scene-edits';
import { PipelineLink } from './pipeline-link';
import type { HistoryPort, MetersPort, PipelineContext, PipelinePort, RoomClientContext, RoomClientPort } from './ports';
import type { RelaySupervisor } from './relay-supervisor';
import { RoomFollower } from './room-follower';
import type { ScenesStore } from './scenes-store';
import type { TextImageStore } from './text-images';
import { prepareTextLayers, rasterIdsInUse, stripRasterPaths } from './text-layers';

export interface StudioCoreOptions {
  log: Logger;
  settings: SettingsStore;
  scenes: ScenesStore;
  /** The embedded relay + room hub (built by the composition root). */
  relay: RelaySupervisor;
  /** Which ffmpeg this run uses. */
  ffmpeg: FfmpegChoice;
  /** The OS the studio runs on (device listing's answer when there is no lister). */
  platform?: Devices['platform'] | undefined;
  /** Where recordings go when Settings names no folder (the user's Videos folder + "Danmu Studio"). */
  defaultRecordingFolder?: string | undefined;
  /** Electron's folder picker; absent in browser mode (the page offers a text field). */
  chooseFolder?: ((initial: string | undefined) => Promise<string | null>) | undefined;
  createPipeline?: ((ctx: PipelineContext) => PipelinePort) | undefined;
  createRoomClient?: ((ctx: RoomClientContext) => RoomClientPort) | undefined;
  history?: HistoryPort | undefined;
  listDevices?: (() => Promise<Devices>) | undefined;
  /** Opens a vetted URL in the OS browser (Electron's shell); absent in browser mode (the page opens it). */
  openUrl?: ((url: string) => Promise<void>) | undefined;
  /** Where text layers' rasters are kept (saveTextImage); absent: text layers always use drawtext. */
  textImages?: TextImageStore | undefined;
  /** Finds a CJK-capable font for the drawtext fallback (run once, in the background). */
  findFallbackFont?: (() => Promise<string | null>) | undefined;
  /** The scene editor's live preview and the picker's thumbnails (main/preview/service.ts). */
  preview?: StudioApi['preview'] | undefined;
  /** Audio meters for the mixer, offline and on air (main/audio/meter-service.ts); absent: `audio.watchMeters` is unavailable. */
  meters?: MetersPort | undefined;
}

export class StudioCore implements StudioApi {
  private readonly hub: EventHub;
  private readonly notes: NoteBoard;
  private readonly log: Logger;
  private readonly relay: RelaySupervisor;
  private readonly follower: RoomFollower;
  private readonly pipeline: PipelineLink;
  private readonly cleanups: (() => void)[] = [];
  private studioLinkReset: (() => string) | null = null;
  private devices: Promise<Devices> | null = null;
  private fallbackFont: string | null = null;
  private readonly liveEdits = new LiveSceneEdits({
    current: () => this.pipelineScenes(),
    live: () => this.pipeline.encoderRunning(),
    apply: async (sceneId) => { await this.pipeline.port?.switchScene(sceneId); },
    onError: (err) => this.log.warn(`applying the edited scene while live failed: ${err.message}`),
  });

  constructor(private readonly opts: StudioCoreOptions) {
    this.log = opts.log.child('studio');
    this.hub = new EventHub(this.log);
    this.notes = new NoteBoard(this.hub);
    this.relay = opts.relay;
    const emit = (e: StudioEvent) => this.hub.emit(e);
    const room = opts.settings.get().room.id;
    this.follower = new RoomFollower({
      room, createClient: opts.createRoomClient, history: opts.history, emit, log: this.log,
      title: () => this.opts.settings.get().room.title,
      offlineReason: () => (this.relay.relay() ? 'The room client is not available in this build.' : 'The room is offline because the relay is not running.'),
    });
    this.pipeline = new PipelineLink({
      room, create: opts.createPipeline, history: opts.history, emit, log: this.log,
      note: (level, m) => this.notes.add(level, m),
      relayProblem: () => this.relay.info().error,
      activeSceneId: () => this.opts.scenes.get().activeSceneId,
    });
    this.cleanups.push(
      this.relay.onState((relay) => this.hub.emit({ type: 'relay.state', relay })),
      this.relay.onNote((level, m) => this.notes.add(level, m)),
    );
    if (opts.settings.loadProblem) this.notes.add('warn', opts.settings.loadProblem);
    if (opts.scenes.loadProblem) this.notes.add('warn', opts.scenes.loadProblem);
    if (opts.history?.openProblem) this.notes.add('warn', opts.history.openProblem);
    if (opts.history) this.cleanups.push(opts.history.onProblem((m, level = 'error') => this.notes.add(level, m)));
    if (opts.meters) this.cleanups.push(opts.meters.onLevels((update) => this.hub.emit({ type: 'audio.levels', update })));
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Starts relay, hub, room client and pipeline. Never throws for a person's problem: it reports it. */
  async start(): Promise<void> {
    const located = this.opts.ffmpeg.locate(this.opts.settings.get().ffmpegPath);
    if (!located.ok) {
      this.relay.setFfmpeg(typeof located.problem === 'string' ? located.problem : located.problem.text, false);
      this.notes.add('error', located.problem);
      return;
    }
    this.relay.setFfmpeg(located.description, true);
    if (located.note) this.notes.add('warn', located.note);
    if (!(await this.relay.start(located.binary))) return;
    await this.connectRoom();
    void this.listDevices();
    this.opts.findFallbackFont?.().then((f) => { this.fallbackFont = f; }, () => undefined);
    try {
      this.opts.textImages?.prune(rasterIdsInUse(this.opts.scenes.get()));
    } catch (err) {
      this.log.warn(`text images: pruning failed: ${(err as Error).message}`);
    }
    this.pipeline.start({ settings: () => this.pipelineSettings(), scenes: () => this.pipelineScenes() });
  }

  /** Stops everything this core started: pipeline first (its ffmpeg publishes to the relay), then room, relay. */
  async dispose(): Promise<void> {
    this.liveEdits.cancel();
    for (const c of this.cleanups.splice(0)) c();
    const steps: [string, () => Promise<unknown> | unknown][] = [
      ['pipeline', () => this.pipeline.dispose()],
      ['room client', () => this.follower.close()],
      ['history', () => this.opts.history?.close()],
      ['relay', () => this.relay.stop()],
    ];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (err) {
        this.log.warn(`stopping the ${name} failed: ${(err as Error).message}`);
      }
    }
    this.hub.clear();
  }

  /** The ids a request may name right now: the dispatcher refuses a call naming another (api-schemas.ts). */
  requestRefs(): RequestRefs {
    return { sceneIds: this.opts.scenes.get().scenes.map((s) => s.id) };
  }

  /** The relay's URLs for printing (CLI) and the owner connection; null until it runs. */
  relayState(): RelayInfo {
    return this.relay.info();
  }

  /** Follows our own room as its owner, through the relay's loopback address. */
  private async connectRoom(): Promise<void> {
    const r = this.relay.relay();
    if (r) await this.follower.connect(`http://127.0.0.1:${r.httpPort}`, r.key(this.relay.info().room) ?? '');
  }

  // ---- StudioApi ------------------------------------------------------------------------------

  async getSnapshot(): Promise<StudioSnapshot> {
    const collection = this.opts.scenes.get();
    return {
      version: STUDIO_API_VERSION,
      relay: this.relayState(),
      pipeline: { state: this.pipeline.state(), stats: this.pipeline.lastStats(), encoders: this.pipeline.encoders() },
      scenes: collection.scenes,
      activeSceneId: collection.activeSceneId,
      settings: this.opts.settings.get(),
      // Listing runs tools (xrandr, pactl…): the snapshot reuses the last listing instead of re-running them.
      devices: await (this.devices ?? this.listDevices()),
      room: this.follower.info(),
      notes: this.notes.list(),
      recordingFolder: this.opts.settings.get().output.recording.directory ?? this.opts.defaultRecordingFolder ?? '',
    };
  }

  async goLive(): Promise<PipelineState> {
    const pipeline = this.pipeline.require('go live');
    await pipeline.goLive();
    return pipeline.state();
  }

  async stop(): Promise<PipelineState> {
    const pipeline = this.pipeline.require('stop');
    await pipeline.stop();
    return pipeline.state();
  }

  async switchScene(sceneId: string): Promise<void> {
    const collection = this.opts.scenes.setActive(sceneId);
    this.hub.emit({ type: 'scenes.changed', scenes: collection.scenes, activeSceneId: collection.activeSceneId });
    // While live the pipeline restarts its encoder on the new scene; idle, the choice is just saved.
    this.liveEdits.cancel();
    const p = this.pipeline.port;
    if (p && this.pipeline.encoderRunning()) await p.switchScene(sceneId);
  }

  async saveScenes(scenes: unknown): Promise<StudioSnapshot['scenes']> {
    const before = composedKey(this.pipelineScenes());
    const collection = this.opts.scenes.save(stripRasterPaths(scenes));
    this.hub.emit({ type: 'scenes.changed', scenes: collection.scenes, activeSceneId: collection.activeSceneId });
    // Fader, mute, noise suppression: changed in the running encoder at once (no cut). Anything else
    // of the on-air scene: viewers must see it, so the encoder restarts (debounced).
    const onAir = this.pipelineScenes();
    const active = onAir.scenes.find((s) => s.id === onAir.activeSceneId);
    if (active && this.pipeline.encoderRunning()) this.pipeline.port?.setAudioMix?.(active);
    this.liveEdits.saved(before);
    return collection.scenes;
  }

  async saveTextImage(pngBase64: string): Promise<TextImageInfo> {
    if (!this.opts.textImages) throw new StudioError('unavailable', 'Text images cannot be stored in this build: text layers are drawn by ffmpeg instead.', [], { code: 'text-images-unavailable' });
    return this.opts.textImages.save(pngBase64);
  }

  async updateSettings(patch: unknown): Promise<StudioSnapshot['settings']> {
    const before = this.opts.settings.get();
    await this.pipeline.refuseBrokenEncoder(patch, before.output.video.encoder);
    this.opts.ffmpeg.refuseBroken(patch);
    refuseUnusableFolder(patch);
    const next = this.opts.settings.update(patch);
    if (before.ui.language !== next.ui.language) this.relabelDefaults(next.ui.language);
    this.hub.emit({ type: 'settings.changed', settings: next });
    if (before.room.title !== next.room.title) this.follower.syncTitle();
    const nextStart = (what: string, code: 'next-start-relay-ports' | 'next-start-room-id' | 'next-start-ffmpeg-path') =>
      this.notes.add('info', { code, text: `Saved. The new ${what} take effect the next time the studio starts.` });
    if (before.relay.rtmpPort !== next.relay.rtmpPort || before.relay.httpPort !== next.relay.httpPort) nextStart('relay ports', 'next-start-relay-ports');
    if (before.room.id !== next.room.id) nextStart('room id', 'next-start-room-id');
    if (before.ffmpegPath !== next.ffmpegPath) nextStart('ffmpeg path', 'next-start-ffmpeg-path');
    const httpPort = this.relay.relay()?.httpPort;
    // New ports after a restart (the old ones were taken meanwhile): the room client follows the relay.
    if (await this.relay.applySettings(before, next) && this.relay.relay()?.httpPort !== httpPort) await this.connectRoom();
    return next;
  }

  listDevices(): Promise<Devices> {
    const list = this.opts.listDevices;
    const platform = this.opts.platform ?? 'linux';
    const none = (why: string): Devices => ({ platform, displays: [], cameras: [], audio: [], warnings: [why] });
    this.devices = list
      ? list().catch((err: Error) => none(`Device listing failed: ${err.message}`))
      : Promise.resolve(none('Device listing is not available in this build.'));
    return this.devices;
  }

  async dismissNote(noteId: string): Promise<void> {
    this.notes.dismiss(noteId);
  }

  async openExternal(url: string): Promise<void> {
    const origin = originOf(url);
    const relay = this.relay.info();
    const allowed = new Set(
      [relay.urls, ...relay.lanUrls.map((l) => l.urls)]
        .flatMap((set) => (set ? [set.viewer, set.overlay, set.hls, set.flv, set.api] : []))
        .map(originOf),
    );
    if (!origin || !allowed.has(origin)) {
      throw new StudioError('forbidden', `Only the studio's own links (viewer page, overlay, streams) can be opened from here; refused ${url.slice(0, 200)}.`, [], { code: 'link-forbidden', params: { url: url.slice(0, 200) } });
    }
    await this.opts.openUrl?.(url);
  }

  /** Browser mode hands in the bridge's link reset (main/cli.ts); Electron has no studio link. */
  attachStudioLink(reset: (() => string) | null): void {
    this.studioLinkReset = reset;
  }

  async resetStudioLink(): Promise<{ url: string }> {
    if (!this.studioLinkReset) throw new StudioError('unavailable', 'The desktop app has no studio link to reset: it is a browser-mode feature (npm start -- --web).', [], { code: 'studio-link-desktop' });
    const url = this.studioLinkReset();
    this.notes.add('info', { code: 'studio-link-reset', text: 'The studio link was reset: the old link and every page opened with it no longer work. Open the new link (Settings → Studio link) in any other browser you use.' });
    return { url };
  }

  async chooseFolder(initial?: string): Promise<string | null> {
    if (!this.opts.chooseFolder) throw new StudioError('unavailable', 'Folder picking needs the desktop app; in browser mode type the folder\'s full path.', [], { code: 'folder-picker-browser' });
    return this.opts.chooseFolder(initial);
  }

  readonly room: StudioApi['room'] = {
    send: (req) => this.follower.require('send a message').send(req),
    ban: (req) => this.follower.require('ban a viewer').ban(req),
    unban: (userId) => this.follower.require('unban a viewer').unban(userId),
    deleteEvent: (seq) => this.follower.require('delete a message').deleteEvent(seq),
    moderate: (req) => this.follower.require('moderate the room').moderate(req),
  };

  readonly audio: StudioApi['audio'] = {
    watchMeters: async (req) => {
      if (!this.opts.meters) throw new StudioError('unavailable', 'Audio meters are not available in this build.', [], { code: 'meters-unavailable' });
      return this.opts.meters.watch(req);
    },
  };

  readonly preview: StudioApi['preview'] = {
    frame: async (req) => this.requirePreview().frame(req),
    thumbnail: async (req) => this.requirePreview().thumbnail(req),
  };

  readonly history: StudioApi['history'] = {
    search: async (q) => this.requireHistory().search(q),
    stats: async (q) => this.requireHistory().stats(q ?? {}),
    sessions: async (q) => this.requireHistory().sessions(q),
    session: async (id) => this.requireHistory().session(id),
    events: async (q) => this.requireHistory().events(q),
    export: async (req) => this.requireHistory().export(req),
    audit: async (q) => this.requireHistory().audit(q ?? {}),
    usage: async () => this.requireHistory().usage(),
  };

  onEvent(listener: (e: StudioEvent) => void): () => void {
    return this.hub.on(listener);
  }

  // ---- internals ------------------------------------------------------------------------------

  /**
   * Default scene and source names the streamer has not changed follow the new language. The room
   * title does not: viewers see it and a rename tells every one of them (see default-labels.ts).
   */
  private relabelDefaults(lang: StudioSettings['ui']['language']): void {
    const before = this.opts.scenes.get();
    const renamed = relabelScenes(before, lang);
    if (JSON.stringify(renamed.scenes) !== JSON.stringify(before.scenes)) {
      const saved = this.opts.scenes.save(renamed.scenes);
      this.hub.emit({ type: 'scenes.changed', scenes: saved.scenes, activeSceneId: saved.activeSceneId });
    }
  }

  /** The saved scenes as the pipeline needs them: text layers with their raster file or a CJK fallback font. */
  private pipelineScenes(): SceneCollection {
    const images = this.opts.textImages;
    return prepareTextLayers(this.opts.scenes.get(), { rasterPath: (id) => images?.pathFor(id) ?? null, fallbackFont: this.fallbackFont });
  }

  /** The pipeline's settings: the saved output settings plus the publish URL of our own relay. */
  private pipelineSettings(): PipelineSettings {
    const s = this.opts.settings.get();
    const rec = s.output.recording;
    const ffmpeg = this.opts.ffmpeg.current;
    return {
      ...s.output,
      recording: { ...rec, directory: rec.directory ?? this.opts.defaultRecordingFolder, fileName: rec.fileName.replaceAll('{room}', s.room.id) },
      relayUrl: this.relay.publishUrl(),
      // The ffmpeg located at start (--ffmpeg, the setting, or the locator's choice), the one shown.
      ...(ffmpeg ? { ffmpegPath: ffmpeg.path } : s.ffmpegPath ? { ffmpegPath: s.ffmpegPath } : {}),
    };
  }

  private requirePreview(): StudioApi['preview'] {
    if (this.opts.preview) return this.opts.preview;
    throw new StudioError('unavailable', 'The live preview is not available in this build.', [], { code: 'preview-unavailable' });
  }

  private requireHistory(): HistoryPort {
    if (this.opts.history) return this.opts.history;
    throw new StudioError('unavailable', 'Danmaku history is not available in this build.', [], { code: 'history-unavailable' });
  }
}
