/**
 * The studio's pipeline service (plain Node): validates settings and scenes, runs one live session
 * at a time (media/studio/pipeline.ts), holds the state the UI shows and emits `stats` every second,
 * `state` on every change and `error` (human message + ffmpeg log lines) when something fails.
 */
import { EventEmitter } from 'node:events';
import type { EncoderOption } from '../../common/pipeline';
import { encoderLabel } from '../../media/studio/args/encoder';
import type { PipelineError, PipelineSettings, PipelineState, PipelineStats, PipelineStatus } from '../../common/pipeline';
import type { Scene, SceneCollection } from '../../common/scene';
import { locateFfmpeg, type ResolvedBinary } from '../../media/ffmpeg/locate';
import type { ProcessRegistry } from '../../media/ffmpeg/processes';
import type { Logger } from '../../media/log';
import type { DeviceInventory, Platform } from '../../media/studio/device-types';
import { listDevices } from '../../media/studio/devices';
import { EncoderProbe } from '../../media/studio/encoders';
import { StudioPipeline } from '../../media/studio/pipeline';
import type { SpliceCut } from '../../media/studio/ts-splicer';
import { checkEncoder, checkGoLive, parseScenes, parseSettings, PipelineValidationError } from './validate';

export { PipelineValidationError } from './validate';

export interface PipelineServiceDeps {
  processes: ProcessRegistry;
  log: Logger;
  /** The ffmpeg to use; default: locateFfmpeg({ setting: settings.ffmpegPath }). */
  ffmpeg?: ResolvedBinary;
  platform?: Platform;
  /** Device listing; default: media/studio/devices listDevices(). Return null to skip device checks. */
  listDevices?: () => Promise<DeviceInventory | null>;
  relayRetryCapMs?: number;
  destinationRetryCapMs?: number;
}

export interface GoLiveInput {
  /** PipelineSettings (validated here); default: the last configured. */
  settings?: unknown;
  /** SceneCollection (validated here); default: the last configured. */
  scenes?: unknown;
  /** Overrides the collection's activeSceneId. */
  sceneId?: string;
}

interface ServiceEvents {
  stats: [PipelineStats];
  state: [PipelineState];
  error: [PipelineError];
}

export class PipelineService extends EventEmitter<ServiceEvents> {
  private settings: PipelineSettings | null = null;
  private scenes: SceneCollection | null = null;
  private session: StudioPipeline | null = null;
  private current: PipelineState = {
    status: 'idle', sceneId: null, since: null, notes: [], encoder: null, outputs: [], recording: null, error: null,
  };
  private stats: PipelineStats | null = null;
  /** The probe's last answer (advice names a working hardware encoder when x264 is overloaded). */
  private knownEncoders: EncoderOption[] = [];
  /** When the Go Live being served was clicked (for goLiveMs). */
  private clickedAt = 0;
  private readonly encoderProbe: EncoderProbe;
  /** Serialises goLive/stop/switchScene: a click storm must not start two encoders. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: PipelineServiceDeps) {
    super();
    this.encoderProbe = new EncoderProbe(deps.processes);
  }

  /**
   * Which encoders work here (trial encodes; the first call runs them, later calls get the cached
   * answer for the same ffmpeg). Start it early: it takes a few seconds with hardware candidates.
   */
  encoders(ffmpegPath?: string): Promise<EncoderOption[]> {
    const answer = this.encoderProbe.probe(ffmpegPath ?? this.ffmpeg().path, this.platform());
    void answer.then((list) => { this.knownEncoders = list; }, () => undefined);
    return answer;
  }

  /** Validates and stores settings and/or scenes; throws PipelineValidationError with every problem. */
  configure(input: { settings?: unknown; scenes?: unknown }): void {
    if (input.settings !== undefined) this.settings = parseSettings(input.settings);
    if (input.scenes !== undefined) {
      this.scenes = parseScenes(input.scenes);
      if (this.current.status === 'idle') this.setState({ sceneId: this.scenes.activeSceneId });
    }
  }

  state(): PipelineState {
    return structuredClone(this.current);
  }

  lastStats(): PipelineStats | null {
    return this.stats;
  }

  async devices(): Promise<DeviceInventory | null> {
    if (this.deps.listDevices) return this.deps.listDevices();
    return listDevices({ processes: this.deps.processes, ffmpegPath: this.ffmpeg().path, platform: this.platform() });
  }

  goLive(input: GoLiveInput = {}): Promise<PipelineState> {
    const clickedAt = Date.now();
    return this.serial(async () => {
      const fresh = !this.session;
      if (fresh) this.setState({ status: 'starting', step: 'devices', goLiveMs: null, error: null });
      // Validate everything first: a refusal leaves a running session untouched.
      const settings = input.settings !== undefined ? parseSettings(input.settings) : this.settings;
      const scenes = input.scenes !== undefined ? parseScenes(input.scenes) : this.scenes;
      if (!settings) throw new PipelineValidationError(['No output settings yet: set resolution, bitrate and where to stream.']);
      if (!scenes) throw new PipelineValidationError(['No scenes yet: create a scene first.']);
      const sceneId = input.sceneId ?? scenes.activeSceneId;
      const scene = scenes.scenes.find((s) => s.id === sceneId);
      if (!scene) throw new PipelineValidationError([`There is no scene "${sceneId}".`]);
      const ffmpeg = this.ffmpeg(settings);
      // x264 needs no probe (a missing libx264 is explained by ffmpeg itself); anything else must have passed its trial.
      if (settings.video.encoder !== 'x264') {
        const problem = checkEncoder(settings.video.encoder, await this.encoders(ffmpeg.path).catch(() => []));
        if (problem) throw new PipelineValidationError([problem]);
      }
      const inventory = (await this.devices().catch(() => null)) ?? undefined;
      const problems = checkGoLive(settings, scene, inventory);
      if (problems.length) throw new PipelineValidationError(problems);
      this.clickedAt = clickedAt;
      this.settings = settings;
      this.scenes = { ...scenes, activeSceneId: scene.id };
      if (this.session) await this.endSession('switching');
      await this.startSession(scene, settings, ffmpeg, inventory);
      return this.state();
    }).catch((err: unknown) => {
      // A refusal before anything started leaves the studio as it was: idle.
      if (!this.session && this.current.status === 'starting') this.setState({ status: 'idle', step: null });
      throw err;
    });
  }

  stop(): Promise<PipelineState> {
    return this.serial(async () => {
      if (this.session) await this.endSession('stopping');
      this.setState({ status: 'idle', since: null, outputs: [], step: null });
      return this.state();
    });
  }

  /**
   * While live: puts the scene on air without ending the stream (the program bus splices the new
   * scene's encoder in at its first key frame; outputs and recording go on). Also applies live edits
   * of the on-air scene (the same id, new content). While idle: only changes the active scene.
   */
  switchScene(sceneId: string): Promise<PipelineState> {
    if (!this.scenes?.scenes.some((s) => s.id === sceneId)) {
      return Promise.reject(new PipelineValidationError([`There is no scene "${sceneId}".`]));
    }
    if (!this.session) {
      this.scenes = { ...this.scenes, activeSceneId: sceneId };
      this.setState({ sceneId });
      return Promise.resolve(this.state());
    }
    return this.serial(async () => {
      const session = this.session;
      const scene = this.scenes?.scenes.find((s) => s.id === sceneId);
      if (!scene) throw new PipelineValidationError([`There is no scene "${sceneId}".`]);
      if (!session) return this.switchScene(sceneId);
      const startedAt = Date.now();
      this.setState({ status: 'switching' });
      try {
        // A live edit of the on-air scene is applied with a cut (a fade into itself would only blur a drag).
        const transition = sceneId === this.current.sceneId ? undefined : this.settings?.transition;
        await session.switchScene(scene, transition);
      } finally {
        if (this.session === session && this.current.status === 'switching') this.setState({ status: 'live' });
      }
      if (this.scenes) this.scenes = { ...this.scenes, activeSceneId: sceneId };
      const cut = session.cuts().at(-1);
      if (this.session === session) this.setState({ sceneId, lastSwitch: { sceneId, at: Date.now(), ms: Date.now() - startedAt, gapMs: cut?.wallGapMs ?? null } });
      return this.state();
    });
  }

  /** What viewers saw at each switch of the current broadcast (see media/studio/ts-splicer.ts). */
  cuts(): SpliceCut[] {
    return this.session?.cuts() ?? [];
  }

  /**
   * Fader, mute and noise suppression of the on-air scene, applied to the running encoder without a
   * restart. Returns false when no encoder carries that scene (nothing to do).
   */
  setAudioMix(scene: Scene): boolean {
    if (!this.session) return false;
    this.session.setAudioMix(scene);
    return true;
  }

  /** What the encoder's meters read now (post-fader), with the scene they belong to; null when nothing runs. */
  liveLevels(): { sceneId: string; levels: PipelineStats['levels'] } | null {
    if (!this.session) return null;
    return { sceneId: this.session.scene.id, levels: this.session.levelsNow() };
  }

  /** Stops everything (on quit). */
  async dispose(): Promise<void> {
    await this.stop().catch(() => undefined);
  }

  private ffmpeg(settings: PipelineSettings | null = this.settings): ResolvedBinary {
    return this.deps.ffmpeg ?? locateFfmpeg({ setting: settings?.ffmpegPath });
  }

  private platform(): Platform {
    return this.deps.platform ?? (process.platform as Platform);
  }

  private async startSession(scene: Scene, settings: PipelineSettings, ffmpeg: ResolvedBinary, devices: DeviceInventory | undefined): Promise<void> {
    const session = new StudioPipeline({
      scene, settings, devices, platform: this.platform(), ffmpegPath: ffmpeg.path, processes: this.deps.processes,
      log: this.deps.log.child('pipeline'), relayRetryCapMs: this.deps.relayRetryCapMs, destinationRetryCapMs: this.deps.destinationRetryCapMs,
      hardwareEncoder: this.knownEncoders.find((e) => e.hardware && e.working)?.label ?? null,
    });
    this.session = session;
    const switching = this.current.step === 'live';
    this.setState({ status: 'starting', step: switching ? 'live' : 'encoder', sceneId: scene.id, error: null, encoder: { id: settings.video.encoder, label: encoderLabel(settings.video.encoder) } });
    const relayLive = () => {
      if (this.session !== session || this.current.step === 'live') return;
      const ms = Date.now() - this.clickedAt;
      this.deps.log.info(`Go Live: the relay has the stream ${ms} ms after the click`);
      this.setState({ step: 'live', goLiveMs: ms });
    };
    session.on('stats', (s) => {
      this.stats = s;
      this.current = { ...this.current, outputs: s.outputs, recording: s.recording };
      this.emit('stats', s);
    });
    session.on('notes', (notes) => {
      for (const n of notes) this.deps.log.warn(n.text);
      if (this.session === session) this.setState({ notes });
    });
    session.on('outputs', (outputs) => {
      this.setState({ outputs });
      if (outputs.find((o) => o.id === 'relay')?.state === 'live') relayLive();
    });
    session.on('started', () => {
      if (this.session !== session) return;
      this.setState({ status: 'live', since: this.current.since ?? Date.now() });
      if (!settings.relayUrl) relayLive();
      else if (this.current.step !== 'live') this.setState({ step: 'relay' });
    });
    session.on('failed', (error) => {
      if (this.session !== session) return;
      this.session = null;
      this.setState({ status: 'error', error, since: null, step: null, recording: session.recordingStatus() });
      this.emit('error', error);
    });
    const { notes } = await session.start();
    for (const n of notes) this.deps.log.warn(n.text);
    this.setState({ notes, outputs: session.outputs(), recording: session.recordingStatus() });
  }

  private async endSession(status: PipelineStatus): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = null;
    this.setState({ status });
    const recording = await session.stop();
    this.setState({ recording, outputs: session.outputs() });
  }

  private setState(patch: Partial<PipelineState>): void {
    this.current = { ...this.current, ...patch };
    this.emit('state', this.state());
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
