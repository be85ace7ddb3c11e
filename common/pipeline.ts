/**
 * The studio pipeline's settings, state and stats: what the UI edits and renders, what the pipeline
 * service (main/pipeline) validates and emits. Settings are persisted by the studio core; every
 * boundary parses them with these schemas, so a bad value is refused with a message a streamer can act on.
 */
import { z } from 'zod';
import { LIVE_TIMING } from './live-timing';
import { DestinationSchema } from './outputs/registry';
import { rtmpUrlSchema } from './outputs/rtmp';

/** The encoders settings may name; each has its descriptor in media/studio/args/encoder.ts (name, options, trial). */
export const ENCODER_IDS = ['x264', 'nvenc', 'qsv', 'vaapi', 'videotoolbox', 'amf'] as const;
export type EncoderId = (typeof ENCODER_IDS)[number];

/**
 * What the trial-encode probe (media/studio/encoders.ts) found for one encoder on this machine. The
 * settings dialog offers only working ones; validation refuses the others with `reason`.
 */
export interface EncoderOption {
  id: EncoderId;
  label: string;
  working: boolean;
  /** Everything but x264 runs on a GPU or media engine. */
  hardware: boolean;
  /** Why it does not work (English), or null. */
  reason: string | null;
}

export const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'] as const;
export type X264Preset = (typeof X264_PRESETS)[number];

// Destinations (extra outputs) are registered kinds: see common/outputs/.
export { DestinationSchema, type Destination } from './outputs/registry';

export const VideoSettingsSchema = z
  .object({
    /** Output (encoded) size. H.264 with 4:2:0 needs even numbers. */
    width: z.number().int().min(160).max(7680),
    height: z.number().int().min(90).max(4320),
    fps: z.number().int().min(1).max(120),
    /** Target (and max) video bitrate, kbit/s. */
    bitrateKbps: z.number().int().min(100, { message: 'must be at least 100 kbit/s' }).max(100_000),
    /** Seconds between keyframes; most platforms want 1-2 s. */
    keyframeIntervalSec: z.number().min(0.5).max(10).default(LIVE_TIMING.keyframeIntervalSec),
    encoder: z.enum(ENCODER_IDS).default('x264'),
    /** x264 speed/quality trade-off; hardware encoders map it to their nearest preset. */
    preset: z.enum(X264_PRESETS).default('veryfast'),
  })
  .superRefine((v, ctx) => {
    if (v.width % 2 !== 0 || v.height % 2 !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['width'],
        message: `Resolution ${v.width}x${v.height} has an odd side: H.264 needs an even width and height (try ${v.width + (v.width % 2)}x${v.height + (v.height % 2)}).`,
      });
    }
  });
export type VideoSettings = z.infer<typeof VideoSettingsSchema>;

export const AudioSettingsSchema = z.object({
  bitrateKbps: z.number().int().min(32).max(512).default(160),
  /** AAC at 48 kHz is what every platform accepts; fixed on purpose. */
  sampleRate: z.literal(48000).default(48000),
  channels: z.union([z.literal(1), z.literal(2)]).default(2),
});
export type AudioSettings = z.infer<typeof AudioSettingsSchema>;

export const RecordingSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  /** Folder for recordings (created if missing). Absent: the studio's default, the user's Videos folder + "Danmu Studio". */
  directory: z.string().min(1).max(4096).optional(),
  /** File name without extension; {room}, {date} (2026-01-31) and {time} (20-15-03) are filled in. */
  fileName: z.string().trim().min(1).max(200).regex(/^[^/\\<>:"|?*\u0000-\u001f]+$/, 'a file name without / \\ < > : " | ? *').default('Danmu {room} {date} {time}'),
  /**
   * While live the studio writes MPEG-TS (readable up to the last second even after a crash or
   * power loss) and, on a clean stop, remuxes it into MP4 (no re-encode) when remuxToMp4 is on.
   */
  remuxToMp4: z.boolean().default(true),
  /** Keep the .ts after a successful remux. */
  keepTs: z.boolean().default(false),
});
export type RecordingSettings = z.infer<typeof RecordingSettingsSchema>;

/** How the program changes from one scene to the next while live (OBS's transitions). */
export const TRANSITION_KINDS = ['cut', 'fade'] as const;
export type TransitionKind = (typeof TRANSITION_KINDS)[number];
export const TRANSITION_MIN_MS = 100;
export const TRANSITION_MAX_MS = 5000;

export const SceneTransitionSchema = z.object({
  /** cut: the next scene replaces the picture at once; fade: the old scene fades out over the new one. */
  kind: z.enum(TRANSITION_KINDS).default('fade'),
  /** How long a fade lasts (a cut ignores it). OBS's default fade is 300 ms. */
  durationMs: z.number().int().min(TRANSITION_MIN_MS).max(TRANSITION_MAX_MS).default(300),
});
export type SceneTransition = z.infer<typeof SceneTransitionSchema>;
export const DEFAULT_TRANSITION: SceneTransition = { kind: 'fade', durationMs: 300 };

export const PipelineSettingsSchema = z.object({
  video: VideoSettingsSchema,
  audio: AudioSettingsSchema.default({ bitrateKbps: 160, sampleRate: 48000, channels: 2 }),
  /**
   * The embedded relay's publish URL, e.g. rtmp://127.0.0.1:1935/live/<room>?key=<key>
   * (the studio core builds it from the relay it started). null: stream to the destinations only.
   */
  relayUrl: rtmpUrlSchema.nullable(),
  /** Extra RTMP destinations; each one is pushed and reconnected independently. */
  destinations: z.array(DestinationSchema).max(10).default([]),
  recording: RecordingSettingsSchema.default({ enabled: false, fileName: 'Danmu {room} {date} {time}', remuxToMp4: true, keepTs: false }),
  /** The transition of scene switches while live. */
  transition: SceneTransitionSchema.default(DEFAULT_TRANSITION),
  /** Explicit ffmpeg binary (else the locator's order: DANMU_FFMPEG, bundled, PATH). */
  ffmpegPath: z.string().min(1).optional(),
});
export type PipelineSettings = z.infer<typeof PipelineSettingsSchema>;
export type PipelineSettingsInput = z.input<typeof PipelineSettingsSchema>;

/** Sensible defaults: 720p30 at 2.5 Mbit/s with x264 veryfast and a 1 s keyframe interval. */
export function defaultPipelineSettings(relayUrl: string | null = null): PipelineSettings {
  return PipelineSettingsSchema.parse({
    video: { width: 1280, height: 720, fps: 30, bitrateKbps: 2500, keyframeIntervalSec: LIVE_TIMING.keyframeIntervalSec, encoder: 'x264', preset: 'veryfast' },
    relayUrl,
  });
}

// ---------------------------------------------------------------------------------------------
// State and stats (emitted by the pipeline service; rendered by the UI)

/** The floor used for silence in level meters (dBFS); -Infinity does not survive JSON. */
export const LEVEL_FLOOR_DB = -90;

export type PipelineStatus = 'idle' | 'starting' | 'live' | 'switching' | 'stopping' | 'error';

export type OutputState = 'connecting' | 'live' | 'reconnecting' | 'failed' | 'stopped';

export interface OutputStatus {
  /** "relay" for the embedded relay, else the destination id. */
  id: string;
  name: string;
  /** The URL with the stream key hidden (safe to show on screen while live). */
  url: string;
  state: OutputState;
  /** ms since the epoch of the last state change. */
  since: number;
  /** Human message of the last failure, or null. */
  lastError: string | null;
  reconnects: number;
  /** When state is "reconnecting": ms until the next attempt. */
  retryInMs: number | null;
  /** When the next attempt starts (ms since the epoch), or null when none is planned. */
  nextRetryAt?: number | null;
  /** The last failure's cause, for the UI to say in the reader's language (outputs.error.<code>). */
  error?: OutputError | null;
}

/** Why an output could not stream: DNS, refused, timed out, no route, refused by the server (key), closed. */
export const OUTPUT_ERROR_CODES = ['dns', 'refused', 'timeout', 'unreachable', 'rejected', 'closed', 'other'] as const;
export type OutputErrorCode = (typeof OUTPUT_ERROR_CODES)[number];

export interface OutputError {
  code: OutputErrorCode;
  /** The server's host name as the streamer typed it. */
  host: string;
  /** English detail (ffmpeg's or the system's words), shown under the translated sentence. */
  detail: string;
}

export interface RecordingStatus {
  /** The file being written (.ts), or the final .mp4 after a stop. */
  path: string;
  bytes: number;
  durationSec: number;
  state: 'recording' | 'remuxing' | 'done' | 'failed';
  error: string | null;
  /** Wall clock (ms since the epoch) of the file's time zero, once the encoder has reported progress. */
  startedAt?: number;
}

export interface AudioLevel {
  /** dBFS, >= LEVEL_FLOOR_DB. */
  rmsDb: number;
  peakDb: number;
}

/**
 * What a mixer channel's meter shows: `ok` (levels arriving), `starting` (its meter is opening the
 * device), `missing` (the device is not there or cannot be captured on this system: the same note
 * Go Live would give), `failed` (the device would not open: ffmpeg's reason, English).
 */
export type AudioSourceMeterState =
  | { state: 'ok' | 'starting' }
  | { state: 'missing'; note: PipelineNote }
  | { state: 'failed'; reason: string };

/**
 * Levels of every audio source of one scene, pushed ~10 times a second while a mixer watches
 * (`audio.watchMeters`). `from`: `program` = the encoder's meters, i.e. what the stream carries
 * (the scene is on air); `meter` = the offline meter processes (the same filters, nothing sent).
 */
export interface AudioLevelsUpdate {
  sceneId: string;
  from: 'program' | 'meter';
  /** ms since the epoch. */
  at: number;
  levels: Record<string, AudioLevel>;
  sources: Record<string, AudioSourceMeterState>;
}

export interface PipelineStats {
  /** ms since the epoch. */
  at: number;
  uptimeSec: number;
  /** Frames per second the encoder actually achieves (target: settings.video.fps). */
  fps: number;
  targetFps: number;
  /** Output bitrate of the encoder, kbit/s. */
  bitrateKbps: number;
  /** Encoding speed relative to real time; below 1.0 the computer cannot keep up. */
  speed: number;
  frames: number;
  droppedFrames: number;
  duplicatedFrames: number;
  /**
   * How far the stream's time has fallen behind the wall clock since going live (s), measured from the
   * encoder's progress. Near 0 while the encoder keeps up or drops frames; growing means something queues.
   */
  lagSec?: number;
  /** Set while the encoder cannot keep up (frames are being dropped): what to tell the streamer. */
  overload?: OverloadWarning | null;
  /**
   * CPU used by the pipeline's ffmpeg processes (encoder + forwarders) over the last interval, as a
   * share of the whole machine (100 = every core busy). Undefined where it cannot be read (not Linux).
   */
  cpuPercent?: number;
  /** Their resident memory, summed, in MB. Undefined where it cannot be read. */
  rssMb?: number;
  /** Per audio source id of the active scene. */
  levels: Record<string, AudioLevel>;
  outputs: OutputStatus[];
  recording: RecordingStatus | null;
}

/** One thing the streamer can change to relieve an overloaded encoder; the UI translates `overload.advice.<code>`. */
export type OverloadAdvice =
  | { code: 'preset'; params: { preset: X264Preset } }
  | { code: 'hardware'; params: { name: string } }
  | { code: 'resolution'; params: { size: string } }
  | { code: 'fps'; params: { fps: number } }
  | { code: 'close-apps'; params?: undefined };

export interface OverloadWarning {
  /** ms since the epoch when this episode started. */
  since: number;
  /** Share of the frames of the last 5 s that were dropped. */
  droppedPercent: number;
  lagSec: number;
  advice: OverloadAdvice[];
}

export interface PipelineError {
  /** One or two sentences a streamer understands, e.g. "The camera /dev/video0 is missing: is it plugged in?" */
  message: string;
  /** The ffmpeg log lines that led to it (for "show details"). */
  logLines: string[];
}

/** Why a source was left out of the broadcast; the UI translates by `code` (pipelineNote.<code>). */
export const PIPELINE_NOTE_CODES = [
  'display-missing', 'display-none',
  'camera-missing', 'camera-none',
  'mic-missing', 'mic-none',
  'desktop-audio-missing', 'desktop-audio-none', 'desktop-audio-unsupported',
  'window-unsupported', 'source-unsupported',
  'audio-silence', 'audio-none',
  'image-missing', 'source-failed',
] as const;
export type PipelineNoteCode = (typeof PIPELINE_NOTE_CODES)[number];

export interface PipelineNote {
  /** The video layer or audio source it is about; absent for the whole scene (e.g. silence). */
  layerId?: string;
  code: PipelineNoteCode;
  /** English, for logs and as the fallback when the UI does not know the code. */
  text: string;
  params?: Record<string, string | number>;
}

export interface PipelineState {
  status: PipelineStatus;
  sceneId: string | null;
  /** ms since the epoch when going live (null when idle). */
  since: number | null;
  /** Sources left out of the scene and why (layer, code + params for the UI, English text). */
  notes: PipelineNote[];
  encoder: { id: EncoderId; label: string } | null;
  outputs: OutputStatus[];
  recording: RecordingStatus | null;
  error: PipelineError | null;
  /**
   * Where Go Live is: checking devices, starting the encoder, connecting to the relay, live (the
   * relay has the stream). Null when idle. The UI shows it while starting.
   */
  step?: GoLiveStep | null;
  /** Measured: ms from the Go Live click until the relay had the stream (null until then). */
  goLiveMs?: number | null;
  /**
   * The last scene switch (or live edit) while live: how long it took from the request until the new
   * scene was on air, and the wall time between the last frame of the old scene and the first of the
   * new one on the outputs (the stream itself never stops).
   */
  lastSwitch?: { sceneId: string; at: number; ms: number; gapMs: number | null } | null;
}

export type GoLiveStep = 'devices' | 'encoder' | 'relay' | 'live';

/** Turns a zod error into one line per problem: "video.width: Resolution 1281x720 has an odd side ...". */
export function describeSettingsError(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('\n');
}
