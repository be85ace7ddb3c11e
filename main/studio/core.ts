/**
 * The studio core: implements the StudioApi in plain Node (Electron and browser mode both serve
 * this one object). It owns settings and scenes, runs the embedded relay + room hub, follows its own
 * room as the owner, records history and drives the pipeline, and turns all of it into one stream of
 * StudioEvents. Services it does not own come in through ports (./ports.ts) built by the composition root.
 */
import { EventEmitter } from 'node:events';
import { ENCODER_IDS, SCENE_SWITCH_CUT_MS, softwareOnlyEncoders, type EncoderId, type EncoderOption, type PipelineSettings, type PipelineState } from '../../common/pipeline';
import type { RoomEvent } from '../../common/room-protocol';
import {
  STUDIO_API_VERSION,
  StudioError,
  type Devices,
  type RelayInfo,
  type RoomInfo,
  type StudioApi,
  type StudioEvent,
  type CodedMessage,
  type StudioNote,
  type StudioSettings,
  type StudioSnapshot,
  type TextImageInfo,
} from '../../common/studio-api';
import type { SceneCollection } from '../../common/scene';
import type { ResolvedBinary } from '../../media/ffmpeg/locate';
import { describeBinary } from '../../media/ffmpeg/locate';
import type { ProcessRegistry } from '../../media/ffmpeg/processes';
import type { Logger } from '../../media/log';
import { checkEncoder } from '../pipeline/validate';
import { composedKey, LiveSceneEdits } from './live-scene-edits';
import { recordingSavedNote } from './recording-note';
import { refuseUnusableFolder } from '../settings/recording-folder';
import type { SettingsStore } from '../settings/store';
import { originOf } from './csp';
import type { HistoryPort, PipelineContext, PipelinePort, RoomClientContext, RoomClientPort, RoomClientState } from './ports';
import { relayUrlSets, startRelayRuntime, type RelayRuntime } from './relay-runtime';
import type { ScenesStore } from './scenes-store';
import type { TextImageStore } from './text-images';
import { prepareTextLayers, rasterIdsInUse, stripRasterPaths } from './text-layers';
import { relabelScenes } from './default-labels';

const RECENT_EVENTS = 200;

export interface StudioCoreOptions {
  dataDir: string;
  /**
   * Relay bind address forced for this run (`--host`); absent = the LAN sharing setting decides:
   * 127.0.0.1 (default) or 0.0.0.0.
   */
  host?: string | undefined;
  log: Logger;
  processes: ProcessRegistry;
  webRoot: string;
  settings: SettingsStore;
  scenes: ScenesStore;
  /** CLI overrides of the saved ports (not persisted). */
  ports?: { rtmp?: number | undefined; http?: number | undefined };
  locateFfmpeg(setting: string | null): ResolvedBinary;
  /** Where recordings go when Settings names no folder (the user's Videos folder + "Danmu Studio"). */
  defaultRecordingFolder?: string | undefined;
  /** Electron's folder picker; absent in browser mode (the page offers a text field). */
  chooseFolder?: ((initial: string | undefined) => Promise<string | null>) | undefined;
  /** `--ffmpeg <path>` for this run: wins over the saved setting (not persisted). */
  ffmpegPath?: string | undefined;
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
}

function idleState(sceneId: string | null, error: string | null = null): PipelineState {
  return {
    status: error ? 'error' : 'idle',
    sceneId,
    since: null,
    notes: [],
    encoder: null,
    outputs: [],
    recording: null,
    error: error ? { message: error, logLines: [] } : null,
    sceneSwitchCutMs: SCENE_SWITCH_CUT_MS,
  };
}

export class StudioCore implements StudioApi {
  private readonly events = new EventEmitter<{ event: [StudioEvent] }>();
  private readonly log: Logger;
  private runtime: RelayRuntime | null = null;
  private ffmpeg: ResolvedBinary | null = null;
  private relayInfo: RelayInfo;
  private pipeline: PipelinePort | null = null;
  private roomClient: RoomClientPort | null = null;
  private readonly recent: RoomEvent[] = [];
  private notes: StudioNote[] = [];
  private noteSeq = 0;
  private readonly cleanups: (() => void)[] = [];
  private relayCleanup: (() => void) | null = null;
  private relayRestart: Promise<void> = Promise.resolve();
  private studioLinkReset: (() => string) | null = null;
  private recordingNoticed: string | null = null;
  private devices: Promise<Devices> | null = null;
  private encoderList: EncoderOption[] = softwareOnlyEncoders();
  private fallbackFont: string | null = null;
  private readonly liveEdits = new LiveSceneEdits({
    current: () => this.pipelineScenes(),
    live: () => this.encoderRunning(),
    apply: async (sceneId) => { await this.pipeline?.switchScene(sceneId); },
    onError: (err) => this.log.warn(`applying the edited scene while live failed: ${err.message}`),
  });

  constructor(private readonly opts: StudioCoreOptions) {
    this.log = opts.log.child('studio');
    this.events.setMaxListeners(50);
    const s = opts.settings.get();
    this.relayInfo = {
      status: 'stopped', room: s.room.id, urls: null, lanUrls: [], rtmpPort: null, httpPort: null,
      ffmpeg: 'not located yet', ffmpegOk: false, ingestLive: false, notes: [], error: null,
    };
    if (opts.settings.loadProblem) this.addNote('warn', opts.settings.loadProblem);
    if (opts.scenes.loadProblem) this.addNote('warn', opts.scenes.loadProblem);
    if (opts.history?.openProblem) this.addNote('warn', opts.history.openProblem);
    if (opts.history) this.cleanups.push(opts.history.onProblem((m) => this.addNote('error', m)));
    // After a restart the feed starts with the room's latest events from the local history.
    this.recent.push(...(opts.history?.recent(s.room.id, RECENT_EVENTS) ?? []));
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Starts relay, hub, room client and pipeline. Never throws for a person's problem: it reports it. */
  async start(): Promise<void> {
    const settings = this.opts.settings.get();
    this.setRelay({ status: 'starting' });
    try {
      const wanted = this.opts.ffmpegPath ?? settings.ffmpegPath;
      this.ffmpeg = this.opts.locateFfmpeg(wanted);
      this.setRelay({ ffmpeg: describeBinary(this.ffmpeg), ffmpegOk: true });
      // The locator moves on when an explicit path does not run: say so instead of hiding it.
      if (wanted && this.ffmpeg.source !== 'setting') {
        this.addNote('warn', `The ffmpeg ${this.opts.ffmpegPath ? 'given with --ffmpeg' : 'chosen in Settings'} (${wanted}) could not be run, so the studio uses ${describeBinary(this.ffmpeg)}. Check the path in Settings → ffmpeg.`);
      }
    } catch (err) {
      this.setRelay({ status: 'error', ffmpeg: (err as Error).message, ffmpegOk: false, error: (err as Error).message });
      this.addNote('error', (err as Error).message);
      return;
    }
    if (!(await this.startRelay(this.opts.ports?.rtmp ?? settings.relay.rtmpPort, this.opts.ports?.http ?? settings.relay.httpPort))) return;
    this.connectRoom();
    void this.listDevices();
    this.opts.findFallbackFont?.().then((f) => { this.fallbackFont = f; }, () => undefined);
    try {
      this.opts.textImages?.prune(rasterIdsInUse(this.opts.scenes.get()));
    } catch (err) {
      this.log.warn(`text images: pruning failed: ${(err as Error).message}`);
    }
    if (this.opts.createPipeline) {
      this.pipeline = this.opts.createPipeline({ settings: () => this.pipelineSettings(), scenes: () => this.pipelineScenes() });
      this.cleanups.push(this.pipeline.onStats((stats) => {
        this.recordRecording(stats.recording);
        this.emit({ type: 'pipeline.stats', stats });
      }));
      this.cleanups.push(this.pipeline.onState((state) => {
        this.recordRecording(state.recording);
        this.noticeRecording(state.recording);
        this.emit({ type: 'pipeline.state', state });
      }));
      this.cleanups.push(this.pipeline.onError((error) => this.emit({ type: 'pipeline.error', error })));
      // In the background: trial encodes take seconds, and the UI needs the answer only in settings.
      this.pipeline.encoders().then((list) => {
        this.encoderList = list;
        this.emit({ type: 'pipeline.encoders', encoders: list });
      }, (err: Error) => this.log.warn(`encoder probe failed: ${err.message}`));
    }
  }

  /** The relay's bind address: `--host` when given, else the LAN sharing setting. */
  private relayHost(): string {
    return this.opts.host ?? (this.opts.settings.get().relay.lanSharing ? '0.0.0.0' : '127.0.0.1');
  }

  /** Starts the relay + room hub on the current bind address; false (with a note) when it cannot. */
  private async startRelay(rtmpPort: number, httpPort: number): Promise<boolean> {
    const settings = this.opts.settings.get();
    const host = this.relayHost();
    try {
      this.runtime = await startRelayRuntime({
        host,
        rtmpPort,
        httpPort,
        dataDir: this.opts.dataDir,
        room: settings.room.id,
        processes: this.opts.processes,
        ffmpeg: this.ffmpeg!,
        log: this.opts.log,
        webRoot: this.opts.webRoot,
      });
    } catch (err) {
      const msg = `The relay could not start: ${(err as Error).message}`;
      this.setRelay({ status: 'error', error: msg, urls: null, lanUrls: [] });
      this.addNote('error', msg);
      return false;
    }
    const { relay } = this.runtime;
    for (const n of this.runtime.notes) this.addNote('warn', n);
    const onLive = (info: { room: string }) => { if (info.room === settings.room.id) this.setRelay({ ingestLive: true }); };
    const onOffline = (info: { room: string }) => { if (info.room === settings.room.id) this.setRelay({ ingestLive: false }); };
    relay.on('live', onLive);
    relay.on('offline', onOffline);
    this.relayCleanup = () => { relay.off('live', onLive); relay.off('offline', onOffline); };
    this.setRelay({
      status: 'running', rtmpPort: relay.rtmpPort, httpPort: relay.httpPort, notes: [...this.runtime.notes], error: null, ingestLive: false,
      ...relayUrlSets(relay, settings.room.id, host, settings.relay.publicHost),
    });
    return true;
  }

  /**
   * LAN sharing turned on or off: the relay is started again on the new address, on the same ports
   * (viewer links and the OBS URL stay valid). A live stream's publisher reconnects on its own.
   */
  private restartRelay(): Promise<void> {
    this.relayRestart = this.relayRestart.then(async () => {
      const old = this.runtime;
      if (!old || !this.ffmpeg) return;
      const ports = { rtmp: old.relay.rtmpPort, http: old.relay.httpPort };
      this.relayCleanup?.();
      this.relayCleanup = null;
      this.runtime = null;
      this.setRelay({ status: 'starting' });
      await old.stop().catch((err: Error) => this.log.warn(`stopping the relay failed: ${err.message}`));
      if (!(await this.startRelay(ports.rtmp, ports.http))) return;
      const now = this.runtime!.relay;
      // New ports (the old ones were taken meanwhile): the room client must follow the relay.
      if (this.roomClient && now.httpPort !== ports.http) {
        await this.roomClient.close();
        this.connectRoom();
      }
    });
    return this.relayRestart;
  }

  /** Stops everything this core started: pipeline first (its ffmpeg publishes to the relay), then room, relay. */
  async dispose(): Promise<void> {
    await this.relayRestart;
    this.relayCleanup?.();
    this.relayCleanup = null;
    this.liveEdits.cancel();
    for (const c of this.cleanups.splice(0)) c();
    const steps: [string, () => Promise<unknown> | unknown][] = [
      ['pipeline', () => this.pipeline?.dispose()],
      ['room client', () => this.roomClient?.close()],
      ['history', () => this.opts.history?.close()],
      ['relay', () => this.runtime?.stop()],
    ];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (err) {
        this.log.warn(`stopping the ${name} failed: ${(err as Error).message}`);
      }
    }
    this.pipeline = null;
    this.roomClient = null;
    this.runtime = null;
    this.events.removeAllListeners();
  }

  /** The relay's URLs for printing (CLI) and the owner connection; null until it runs. */
  relayState(): RelayInfo {
    return structuredClone(this.relayInfo);
  }

  /** Follows our own room as its owner, through the relay's loopback address. */
  private connectRoom(): void {
    const relay = this.runtime?.relay;
    if (!this.opts.createRoomClient || !relay) return;
    const room = this.relayInfo.room;
    const client = this.opts.createRoomClient({ origin: `http://127.0.0.1:${relay.httpPort}`, room, key: relay.rooms.key(room) ?? '' });
    this.roomClient = client;
    const offEvent = client.onEvent((e) => this.onRoomEvent(e));
    const offState = client.onState((st) => {
      this.opts.history?.recordViewers(room, st.viewers);
      this.emit({ type: 'room.state', room: this.roomInfo() });
      if (st.connected) this.syncRoomTitle();
    });
    const offStaff = client.onStaff((message) => this.emit({ type: 'room.staff', message }));
    this.cleanups.push(offEvent, offState, offStaff);
  }

  // ---- StudioApi ------------------------------------------------------------------------------

  async getSnapshot(): Promise<StudioSnapshot> {
    const collection = this.opts.scenes.get();
    return {
      version: STUDIO_API_VERSION,
      relay: this.relayState(),
      pipeline: { state: this.pipelineState(), stats: this.pipeline?.lastStats() ?? null, encoders: structuredClone(this.encoderList) },
      scenes: collection.scenes,
      activeSceneId: collection.activeSceneId,
      settings: this.opts.settings.get(),
      // Listing runs tools (xrandr, pactl…): the snapshot reuses the last listing instead of re-running them.
      devices: await (this.devices ?? this.listDevices()),
      room: this.roomInfo(),
      notes: [...this.notes],
      recordingFolder: this.opts.settings.get().output.recording.directory ?? this.opts.defaultRecordingFolder ?? '',
    };
  }

  async goLive(): Promise<PipelineState> {
    const pipeline = this.requirePipeline('go live');
    await pipeline.goLive();
    return pipeline.state();
  }

  async stop(): Promise<PipelineState> {
    const pipeline = this.requirePipeline('stop');
    await pipeline.stop();
    return pipeline.state();
  }

  async switchScene(sceneId: string): Promise<void> {
    const collection = this.opts.scenes.setActive(sceneId);
    this.emit({ type: 'scenes.changed', scenes: collection.scenes, activeSceneId: collection.activeSceneId });
    // While live the pipeline restarts its encoder on the new scene; idle, the choice is just saved.
    this.liveEdits.cancel();
    if (this.pipeline && this.encoderRunning()) await this.pipeline.switchScene(sceneId);
  }

  async saveScenes(scenes: unknown): Promise<StudioSnapshot['scenes']> {
    const before = composedKey(this.pipelineScenes());
    const collection = this.opts.scenes.save(stripRasterPaths(scenes));
    this.emit({ type: 'scenes.changed', scenes: collection.scenes, activeSceneId: collection.activeSceneId });
    // Editing the on-air scene while live: viewers must see it, so the encoder restarts (debounced).
    this.liveEdits.saved(before);
    return collection.scenes;
  }

  private encoderRunning(): boolean {
    const status = this.pipeline?.state().status;
    return status === 'live' || status === 'starting' || status === 'switching';
  }

  async saveTextImage(pngBase64: string): Promise<TextImageInfo> {
    if (!this.opts.textImages) throw new StudioError('unavailable', 'Text images cannot be stored in this build: text layers are drawn by ffmpeg instead.');
    return this.opts.textImages.save(pngBase64);
  }

  async updateSettings(patch: unknown): Promise<StudioSnapshot['settings']> {
    const before = this.opts.settings.get();
    await this.refuseBrokenEncoder(patch, before.output.video.encoder);
    this.refuseBrokenFfmpeg(patch);
    refuseUnusableFolder(patch);
    const next = this.opts.settings.update(patch);
    if (before.ui.language !== next.ui.language) this.relabelDefaults(next.ui.language);
    this.emit({ type: 'settings.changed', settings: next });
    if (before.room.title !== next.room.title) this.syncRoomTitle();
    const needsRestart: string[] = [];
    if (before.relay.rtmpPort !== next.relay.rtmpPort || before.relay.httpPort !== next.relay.httpPort) needsRestart.push('relay ports');
    if (before.room.id !== next.room.id) needsRestart.push('room id');
    if (before.ffmpegPath !== next.ffmpegPath) needsRestart.push('ffmpeg path');
    if (needsRestart.length) this.addNote('info', `Saved. The new ${needsRestart.join(', ')} take effect the next time the studio starts.`);
    if (before.relay.lanSharing !== next.relay.lanSharing) {
      if (this.opts.host) {
        this.addNote('info', `Saved. LAN sharing takes effect the next time the studio starts without --host (this run listens on ${this.opts.host}).`);
      } else if (this.runtime) {
        await this.restartRelay();
        this.addNote('info', next.relay.lanSharing
          ? 'LAN sharing is on: the relay was restarted on all network interfaces, so phones and computers on this network can open the viewer link. A live stream reconnects by itself.'
          : 'LAN sharing is off: the relay was restarted on 127.0.0.1, so only this computer can reach it. A live stream reconnects by itself.');
      }
    } else if (before.relay.publicHost !== next.relay.publicHost && this.runtime) {
      this.setRelay(relayUrlSets(this.runtime.relay, this.relayInfo.room, this.relayHost(), next.relay.publicHost));
    }
    return next;
  }

  listDevices(): Promise<Devices> {
    const list = this.opts.listDevices;
    const platform = process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
    const none = (why: string): Devices => ({ platform, displays: [], cameras: [], audio: [], warnings: [why] });
    this.devices = list
      ? list().catch((err: Error) => none(`Device listing failed: ${err.message}`))
      : Promise.resolve(none('Device listing is not available in this build.'));
    return this.devices;
  }

  async dismissNote(noteId: string): Promise<void> {
    const before = this.notes.length;
    this.notes = this.notes.filter((n) => n.id !== noteId);
    if (this.notes.length !== before) this.emit({ type: 'notes.changed', notes: [...this.notes] });
  }

  async openExternal(url: string): Promise<void> {
    const origin = originOf(url);
    const allowed = new Set(
      [this.relayInfo.urls, ...this.relayInfo.lanUrls.map((l) => l.urls)]
        .flatMap((set) => (set ? [set.viewer, set.overlay, set.hls, set.flv, set.api] : []))
        .map(originOf),
    );
    if (!origin || !allowed.has(origin)) {
      throw new StudioError('forbidden', `Only the studio's own links (viewer page, overlay, streams) can be opened from here; refused ${url.slice(0, 200)}.`);
    }
    await this.opts.openUrl?.(url);
  }

  /** Browser mode hands in the bridge's link reset (main/cli.ts); Electron has no studio link. */
  attachStudioLink(reset: (() => string) | null): void {
    this.studioLinkReset = reset;
  }

  async resetStudioLink(): Promise<{ url: string }> {
    if (!this.studioLinkReset) throw new StudioError('unavailable', 'The desktop app has no studio link to reset: it is a browser-mode feature (npm start -- --web).');
    const url = this.studioLinkReset();
    this.addNote('info', 'The studio link was reset: the old link and every page opened with it no longer work. Open the new link (Settings → Studio link) in any other browser you use.');
    return { url };
  }

  async chooseFolder(initial?: string): Promise<string | null> {
    if (!this.opts.chooseFolder) throw new StudioError('unavailable', 'Folder picking needs the desktop app; in browser mode type the folder\'s full path.');
    return this.opts.chooseFolder(initial);
  }

  readonly room: StudioApi['room'] = {
    send: (req) => this.requireRoom('send a message').send(req),
    ban: (req) => this.requireRoom('ban a viewer').ban(req),
    unban: (userId) => this.requireRoom('unban a viewer').unban(userId),
    deleteEvent: (seq) => this.requireRoom('delete a message').deleteEvent(seq),
    moderate: (req) => this.requireRoom('moderate the room').moderate(req),
  };

  readonly history: StudioApi['history'] = {
    search: async (q) => this.requireHistory().search(q),
    stats: async (q) => this.requireHistory().stats(q ?? {}),
    sessions: async (q) => this.requireHistory().sessions(q),
    session: async (id) => this.requireHistory().session(id),
    events: async (q) => this.requireHistory().events(q),
    export: async (req) => this.requireHistory().export(req),
    audit: async (q) => this.requireHistory().audit(q ?? {}),
  };

  onEvent(listener: (e: StudioEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  // ---- internals ------------------------------------------------------------------------------

  /** Viewers see the studio's room title: the hub is told whenever it differs (after a (re)connect, after an edit). */
  private syncRoomTitle(): void {
    this.roomClient?.syncTitle?.(this.opts.settings.get().room.title).catch((err: Error) => this.log.warn(`room title: ${err.message}`));
  }

  /**
   * Default scene and source names the streamer has not changed follow the new language. The room
   * title does not: viewers see it and a rename tells every one of them (see default-labels.ts).
   */
  private relabelDefaults(lang: StudioSettings['ui']['language']): void {
    const before = this.opts.scenes.get();
    const renamed = relabelScenes(before, lang);
    if (JSON.stringify(renamed.scenes) !== JSON.stringify(before.scenes)) {
      const saved = this.opts.scenes.save(renamed.scenes);
      this.emit({ type: 'scenes.changed', scenes: saved.scenes, activeSceneId: saved.activeSceneId });
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
    const relay = this.runtime?.relay;
    const key = relay?.rooms.key(s.room.id);
    const rec = s.output.recording;
    return {
      ...s.output,
      recording: { ...rec, directory: rec.directory ?? this.opts.defaultRecordingFolder, fileName: rec.fileName.replaceAll('{room}', s.room.id) },
      relayUrl: relay && key ? `rtmp://127.0.0.1:${relay.rtmpPort}/live/${s.room.id}?key=${key}` : null,
      // The ffmpeg located at start (--ffmpeg, the setting, or the locator's choice), the one shown.
      ...(this.ffmpeg ? { ffmpegPath: this.ffmpeg.path } : s.ffmpegPath ? { ffmpegPath: s.ffmpegPath } : {}),
    };
  }

  /** An ffmpeg path that does not run `ffmpeg -version` is refused before it is saved. */
  private refuseBrokenFfmpeg(patch: unknown): void {
    const wanted = (patch as { ffmpegPath?: unknown } | null)?.ffmpegPath;
    if (typeof wanted !== 'string' || !wanted) return;
    let found: ResolvedBinary | null = null;
    try {
      found = this.opts.locateFfmpeg(wanted);
    } catch {
      found = null;
    }
    if (found?.source !== 'setting') {
      const problem = `${wanted} is not an ffmpeg this computer can run (it is missing, not executable, or "ffmpeg -version" failed). Pick the ffmpeg program itself, e.g. /usr/bin/ffmpeg or C:\\ffmpeg\\bin\\ffmpeg.exe, or clear the field to use the bundled one.`;
      throw new StudioError('invalid', `updateSettings: ${problem}`, [`ffmpegPath: ${problem}`]);
    }
  }

  /** A hardware encoder the probe did not see working is refused before it is saved. */
  private async refuseBrokenEncoder(patch: unknown, current: EncoderId): Promise<void> {
    const wanted = (patch as { output?: { video?: { encoder?: unknown } } } | null)?.output?.video?.encoder;
    if (wanted === current || wanted === 'x264' || !ENCODER_IDS.includes(wanted as EncoderId) || !this.pipeline) return;
    const problem = checkEncoder(wanted as EncoderId, await this.pipeline.encoders().catch(() => []));
    if (problem) throw new StudioError('invalid', `updateSettings: ${problem}`, [`output.video.encoder: ${problem}`]);
  }

  private pipelineState(): PipelineState {
    if (this.pipeline) return this.pipeline.state();
    return idleState(this.opts.scenes.get().activeSceneId);
  }

  private roomInfo(): RoomInfo {
    const st: RoomClientState = this.roomClient?.state() ?? {
      connected: false, you: null, live: false, viewers: 0, gifts: [], settings: null,
      error: this.runtime ? 'The room client is not available in this build.' : 'The room is offline because the relay is not running.',
    };
    return { ...st, room: this.relayInfo.room, recentEvents: [...this.recent] };
  }

  /** Shown (feed, snapshot) once stored, so whatever the streamer saw survives a crash. */
  private onRoomEvent(e: RoomEvent): void {
    const show = () => {
      this.recent.push(e);
      if (this.recent.length > RECENT_EVENTS) this.recent.splice(0, this.recent.length - RECENT_EVENTS);
      this.emit({ type: 'room.event', event: e });
    };
    if (!this.opts.history) return show();
    try {
      this.opts.history.record(this.relayInfo.room, e, show);
    } catch (err) {
      this.log.warn(`history: could not record event ${e.seq}: ${(err as Error).message}`);
      show();
    }
  }

  /** When a recording is finished, the streamer is told where the file is (once per file). */
  private noticeRecording(r: PipelineState['recording']): void {
    if (!r || (r.state !== 'done' && r.state !== 'failed') || this.recordingNoticed === r.path) return;
    this.recordingNoticed = r.path;
    if (r.state === 'done') this.addNote('info', recordingSavedNote(r));
    else this.addNote('warn', r.error ?? `The recording ${r.path} could not be finished.`);
  }

  private recordRecording(r: PipelineState['recording']): void {
    try {
      this.opts.history?.recordRecording(this.relayInfo.room, r);
    } catch (err) {
      this.log.warn(`history: could not note the recording: ${(err as Error).message}`);
    }
  }

  private requirePipeline(what: string): PipelinePort {
    if (this.pipeline) return this.pipeline;
    const why = this.relayInfo.status === 'error' ? this.relayInfo.error : 'the broadcast pipeline is not available in this build';
    throw new StudioError('unavailable', `Cannot ${what}: ${why}.`);
  }

  private requireRoom(what: string): RoomClientPort {
    const c = this.roomClient;
    if (c?.state().connected) return c;
    const why = c?.state().error ?? this.roomInfo().error ?? 'not connected to the room';
    throw new StudioError('unavailable', `Cannot ${what}: ${why}`);
  }

  private requireHistory(): HistoryPort {
    if (this.opts.history) return this.opts.history;
    throw new StudioError('unavailable', 'Danmaku history is not available in this build.');
  }

  private setRelay(patch: Partial<RelayInfo>): void {
    this.relayInfo = { ...this.relayInfo, ...patch };
    this.emit({ type: 'relay.state', relay: this.relayState() });
  }

  /** `message`: English text, or a coded message the UI translates. */
  private addNote(level: StudioNote['level'], message: string | CodedMessage): void {
    const coded = typeof message === 'string' ? { text: message } : message;
    this.notes.push({ id: `n${++this.noteSeq}`, level, ...coded, ts: Date.now() });
    this.emit({ type: 'notes.changed', notes: [...this.notes] });
  }

  private emit(e: StudioEvent): void {
    // A listener that throws (a closed window, a dropped socket) must not break the core.
    for (const l of this.events.listeners('event')) {
      try {
        (l as (e: StudioEvent) => void)(e);
      } catch (err) {
        this.log.warn(`event listener failed on ${e.type}: ${(err as Error).message}`);
      }
    }
  }
}
