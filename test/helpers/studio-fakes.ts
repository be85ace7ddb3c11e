/**
 * Simple fakes of the studio core's ports (main/studio/ports.ts and the stores), for unit tests of
 * the core without ffmpeg, a relay or a network. Each one records what the core asked of it and lets
 * the test play the other side (the pipeline goes live, the relay refuses to start, a viewer posts).
 */
import { EventEmitter } from 'node:events';
import { uncheckedEncoders } from '../../media/studio/encoders';
import type { EncoderOption, PipelineError, PipelineState, PipelineStats } from '../../common/pipeline';
import type { RoomEvent } from '../../common/room-protocol';
import { defaultSceneCollection, type SceneCollection } from '../../common/scene';
import { StudioError, type CodedMessage, type RelayUrlSet, type StudioSettings } from '../../common/studio-api';
import type { ResolvedBinary } from '../../media/ffmpeg/locate';
import { memoryLogger } from '../../media/log';
import { defaultSettings, mergeSettings, type SettingsStore } from '../../main/settings/store';
import { studioSettingsPatchSchema, studioSettingsSchema } from '../../main/studio/api-schemas';
import { FfmpegChoice } from '../../main/studio/ffmpeg-choice';
import type { PipelineContext, PipelinePort, RelayStartRequest, RoomClientContext, RoomClientPort, RoomClientState, RunningRelay } from '../../main/studio/ports';
import { RelaySupervisor } from '../../main/studio/relay-supervisor';
import type { ScenesStore } from '../../main/studio/scenes-store';

export const FAKE_FFMPEG: ResolvedBinary = { path: '/fake/ffmpeg', source: 'PATH', version: 'ffmpeg version 4.1 (fake)' };

/** Settings in memory, validated like the real store; `saved` lists every write ("persisted"). */
export function fakeSettingsStore(initial: StudioSettings = defaultSettings('en')): SettingsStore & { saved: StudioSettings[] } {
  let current = structuredClone(initial);
  const saved: StudioSettings[] = [];
  return {
    file: '/fake/settings.json',
    loadProblem: null,
    saved,
    get: () => structuredClone(current),
    update(patch: unknown) {
      const p = studioSettingsPatchSchema.safeParse(patch);
      if (!p.success) throw new StudioError('invalid', `Settings not saved: ${p.error.message}`);
      current = studioSettingsSchema.parse(mergeSettings(current, p.data));
      saved.push(structuredClone(current));
      return structuredClone(current);
    },
  };
}

export function fakeScenesStore(initial: SceneCollection = defaultSceneCollection()): ScenesStore {
  let current = structuredClone(initial);
  return {
    loadProblem: null,
    get: () => structuredClone(current),
    save(scenes) {
      const list = scenes as SceneCollection['scenes'];
      current = { ...current, scenes: structuredClone(list), activeSceneId: list.some((s) => s.id === current.activeSceneId) ? current.activeSceneId : list[0]!.id };
      return structuredClone(current);
    },
    setActive(sceneId) {
      if (!current.scenes.some((s) => s.id === sceneId)) throw new StudioError('not_found', `There is no scene "${sceneId}".`);
      current = { ...current, activeSceneId: sceneId };
      return structuredClone(current);
    },
  };
}

/** A relay that "listens" on made-up ports; `fail` makes the next start reject with that message. */
export class FakeRelay {
  readonly starts: RelayStartRequest[] = [];
  fail: string | null = null;
  notes: CodedMessage[] = [];
  stopped = 0;
  private readonly ingest = new EventEmitter<{ live: [string, boolean] }>();
  private nextPort = 40000;

  readonly start = async (req: RelayStartRequest): Promise<RunningRelay> => {
    this.starts.push(req);
    if (this.fail) throw new Error(this.fail);
    const rtmpPort = req.rtmpPort || this.nextPort++;
    const httpPort = req.httpPort || this.nextPort++;
    const urls = (room: string, host: string): RelayUrlSet => ({
      rtmp: `rtmp://${host}:${rtmpPort}/live`, obsStreamKey: `${room}?key=k-${room}`,
      hls: `http://${host}:${httpPort}/live/${room}/index.m3u8`, flv: `http://${host}:${httpPort}/live/${room}.flv`,
      viewer: `http://${host}:${httpPort}/room/${room}`, overlay: `http://${host}:${httpPort}/overlay/${room}`, api: `http://${host}:${httpPort}/api/rooms/${room}`,
    });
    return {
      rtmpPort, httpPort, notes: this.notes, urls,
      key: (room) => `k-${room}`,
      onIngest: (room, l) => {
        const f = (r: string, live: boolean) => { if (r === room) l(live); };
        this.ingest.on('live', f);
        return () => { this.ingest.off('live', f); };
      },
      stop: async () => { this.stopped++; },
    };
  };

  /** Something publishes to (or stops publishing to) the room. */
  setLive(room: string, live: boolean): void {
    this.ingest.emit('live', room, live);
  }
}

function idle(sceneId: string | null): PipelineState {
  return { status: 'idle', sceneId, since: null, notes: [], encoder: null, outputs: [], recording: null, error: null };
}

/** A pipeline that goes live at once; `failNextGoLive` makes goLive reject as the real adapter does. */
export class FakePipeline implements PipelinePort {
  readonly events = new EventEmitter<{ stats: [PipelineStats]; state: [PipelineState]; error: [PipelineError] }>();
  readonly wentLiveWith: ReturnType<PipelineContext['settings']>[] = [];
  readonly switchedTo: string[] = [];
  current: PipelineState;
  failNextGoLive: StudioError | null = null;
  encoderList: EncoderOption[] = uncheckedEncoders().map((e) => (e.id === 'nvenc' ? { ...e, reason: 'No NVIDIA GPU found.' } : e));
  disposed = false;

  constructor(readonly ctx: PipelineContext) {
    this.current = idle(ctx.scenes().activeSceneId);
  }

  /** Plays a state change coming from the real pipeline (an output fails, a recording finishes…). */
  setState(patch: Partial<PipelineState>): void {
    this.current = { ...this.current, ...patch };
    this.events.emit('state', structuredClone(this.current));
  }

  async goLive(): Promise<void> {
    if (this.failNextGoLive) {
      const err = this.failNextGoLive;
      this.failNextGoLive = null;
      throw err;
    }
    this.wentLiveWith.push(this.ctx.settings());
    this.setState({ status: 'starting', step: 'encoder', since: Date.now() });
    this.setState({ status: 'live', step: 'live' });
  }

  async stop(): Promise<void> {
    this.setState({ status: 'stopping' });
    this.setState(idle(this.current.sceneId));
  }

  async switchScene(sceneId: string): Promise<void> {
    this.switchedTo.push(sceneId);
    this.setState({ sceneId });
  }

  state = () => structuredClone(this.current);
  lastStats = () => null;
  encoders = async () => this.encoderList;
  onStats = (l: (s: PipelineStats) => void) => { this.events.on('stats', l); return () => { this.events.off('stats', l); }; };
  onState = (l: (s: PipelineState) => void) => { this.events.on('state', l); return () => { this.events.off('state', l); }; };
  onError = (l: (e: PipelineError) => void) => { this.events.on('error', l); return () => { this.events.off('error', l); }; };
  dispose = async () => { this.disposed = true; };
}

/** The owner's room connection: connected at once; `post` plays a viewer's event arriving. */
export class FakeRoomClient implements RoomClientPort {
  readonly events = new EventEmitter<{ event: [RoomEvent]; state: [RoomClientState] }>();
  readonly sent: string[] = [];
  readonly titles: string[] = [];
  closed = false;
  current: RoomClientState = { connected: true, you: null, live: false, viewers: 0, gifts: [], settings: null, error: null };

  constructor(readonly ctx: RoomClientContext) {}

  post(e: RoomEvent): void {
    this.events.emit('event', e);
  }

  setState(patch: Partial<RoomClientState>): void {
    this.current = { ...this.current, ...patch };
    this.events.emit('state', this.state());
  }

  state = () => ({ ...this.current });
  onEvent = (l: (e: RoomEvent) => void) => { this.events.on('event', l); return () => { this.events.off('event', l); }; };
  onState = (l: (s: RoomClientState) => void) => { this.events.on('state', l); return () => { this.events.off('state', l); }; };
  onStaff = () => () => undefined;
  send = async (req: { text: string }) => { this.sent.push(req.text); return { seq: this.sent.length }; };
  ban = async () => undefined;
  unban = async () => undefined;
  deleteEvent = async () => undefined;
  moderate = async () => ({});
  syncTitle = async (title: string) => { this.titles.push(title); };
  close = async () => { this.closed = true; };
}

/** The relay supervisor and ffmpeg choice as the composition root builds them, on fakes. */
export function fakeRelayParts(settings: SettingsStore, relay = new FakeRelay(), ffmpeg: ResolvedBinary | Error = FAKE_FFMPEG) {
  return {
    relay: new RelaySupervisor({ start: relay.start, settings: () => settings.get(), host: undefined, log: memoryLogger() }),
    ffmpeg: new FfmpegChoice({ locate: () => { if (ffmpeg instanceof Error) throw ffmpeg; return ffmpeg; } }),
  };
}
