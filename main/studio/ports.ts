/**
 * What the studio core needs from the services other engineers own (pipeline, room client, history).
 * The composition root adapts the real services to these shapes, so the core can be read (and
 * reasoned about) without knowing their constructors.
 */
import type { AudioLevelsUpdate, EncoderOption, PipelineError, PipelineSettings, PipelineState, PipelineStats } from '../../common/pipeline';
import type { GiftCatalogItem, RoomEvent, RoomSettings, RoomUser } from '../../common/room-protocol';
import type { Scene, SceneCollection } from '../../common/scene';
import type { ResolvedBinary } from '../../media/ffmpeg/locate';
import type { CodedMessage, HistoryQuery, RelayUrlSet, HistoryResult, HistoryStats, HistoryStatsQuery, RoomBanRequest, RoomModerateRequest, RoomSendRequest, RoomStaffMessage, StudioApi, WatchMetersRequest } from '../../common/studio-api';
import type { RecordingStatus } from '../../common/pipeline';

type Unsubscribe = () => void;

export interface PipelinePort {
  goLive(): Promise<unknown>;
  stop(): Promise<unknown>;
  switchScene(sceneId: string): Promise<unknown>;
  state(): PipelineState;
  lastStats(): PipelineStats | null;
  /** The trial-encode probe's answer (run once, cached). */
  encoders(): Promise<EncoderOption[]>;
  onStats(l: (s: PipelineStats) => void): Unsubscribe;
  onState(l: (s: PipelineState) => void): Unsubscribe;
  onError(l: (e: PipelineError) => void): Unsubscribe;
  /** Fader, mute and noise suppression of the on-air scene, applied without restarting the encoder. */
  setAudioMix?(scene: Scene): void;
  dispose(): Promise<void>;
}

/** The audio meters (main/audio/meter-service.ts): levels of the watched scene, on air or not. */
export interface MetersPort {
  watch(req: WatchMetersRequest): { leaseMs: number };
  onLevels(l: (u: AudioLevelsUpdate) => void): Unsubscribe;
}

/** What the pipeline reads when it goes live (settings may change between broadcasts). */
export interface PipelineContext {
  settings(): PipelineSettings;
  scenes(): SceneCollection;
}

export interface RoomClientState {
  connected: boolean;
  you: RoomUser | null;
  live: boolean;
  viewers: number;
  /** The room's gift catalog from the hub's welcome ([] until the first welcome). */
  gifts: GiftCatalogItem[];
  /** The room's moderation settings (null until the first welcome). */
  settings: RoomSettings | null;
  error: string | null;
}

export interface RoomClientPort {
  state(): RoomClientState;
  onEvent(l: (e: RoomEvent) => void): Unsubscribe;
  onState(l: (s: RoomClientState) => void): Unsubscribe;
  send(req: RoomSendRequest): Promise<{ seq: number }>;
  ban(req: RoomBanRequest): Promise<void>;
  unban(userId: string): Promise<void>;
  deleteEvent(seq: number): Promise<void>;
  /** A moderator-console request (as the owner); the hub's answer without `ok`, or a StudioError. */
  moderate(req: RoomModerateRequest): Promise<object>;
  onStaff(l: (m: RoomStaffMessage) => void): Unsubscribe;
  /** Owner: makes the hub's room title (what viewers see) this one; nothing is sent when it already is. */
  syncTitle?(title: string): Promise<void>;
  close(): Promise<void>;
}

export interface RoomClientContext {
  /** The relay's loopback HTTP origin (the hub shares its port). */
  origin: string;
  room: string;
  /** The room's stream key: connects as the owner. */
  key: string;
}

type HistoryApi = StudioApi['history'];
type Sync<F> = F extends (...a: infer A) => Promise<infer R> ? (...a: A) => R | Promise<R> : never;

export interface HistoryPort {
  /** Stores the event; `onStored` runs once it is on disk (the feed shows it then). */
  record(room: string, e: RoomEvent, onStored?: () => void): void;
  recordViewers(room: string, count: number): void;
  recordRecording(room: string, r: RecordingStatus | null): void;
  /** The room's latest events, oldest first (the feed after a restart). */
  recent(room: string, limit: number): RoomEvent[];
  /** Set when the history file was unusable and moved aside. */
  readonly openProblem: CodedMessage | null;
  /** Problems while running (a write that failed, and its recovery: level 'info'), to show as notes. */
  onProblem(l: (message: CodedMessage, level?: 'error' | 'info') => void): () => void;
  search(q: HistoryQuery): Promise<HistoryResult> | HistoryResult;
  stats(q: HistoryStatsQuery): Promise<HistoryStats> | HistoryStats;
  sessions: Sync<HistoryApi['sessions']>;
  session: Sync<HistoryApi['session']>;
  events: Sync<HistoryApi['events']>;
  export: Sync<HistoryApi['export']>;
  audit: Sync<HistoryApi['audit']>;
  usage: Sync<HistoryApi['usage']>;
  close(): void | Promise<void>;
}

/** What the relay supervisor asks for: the relay + room hub on this address and these ports (0 = any). */
export interface RelayStartRequest {
  host: string;
  rtmpPort: number;
  httpPort: number;
  room: string;
  ffmpeg: ResolvedBinary;
}

/** A started relay + room hub (media/relay/service.ts behind it), as the studio needs it. */
export interface RunningRelay {
  readonly rtmpPort: number;
  readonly httpPort: number;
  /** The room's stream key (publishing and the owner's room connection). */
  key(room: string): string | undefined;
  /** Viewer, overlay, stream and API URLs of the room as seen from `host`. */
  urls(room: string, host: string): RelayUrlSet;
  /** Something (our pipeline or OBS) started or stopped publishing to `room`. */
  onIngest(room: string, l: (live: boolean) => void): Unsubscribe;
  /** What a person should know about how it started (a taken port it moved away from). */
  readonly notes: CodedMessage[];
  stop(): Promise<void>;
}

/** Starts the relay; rejects with a message a person can act on when it cannot. */
export type StartRelay = (req: RelayStartRequest) => Promise<RunningRelay>;
