import type { PipelineNote } from '../../../common/pipeline';
import type { Scene } from '../../../common/scene';
import type { DeviceInventory, Platform } from '../device-types';

export type { DeviceInventory, Platform };

/** Where the encoder writes. Absent: straight to settings.relayUrl as FLV (a command you can run by hand). */
export interface EncoderSinks {
  /** MPEG-TS on stdout for the program bus (progress then goes to PROGRESS_FD). */
  program: 'stdout';
}

/** One ffmpeg input: the options before -i and the -i itself. */
export interface InputSpec {
  args: string[];
  /**
   * A helper process whose stdout is this input (raw PCM): Linux with an ffmpeg that has no
   * PulseAudio input records with `parec`. The builder points `-i` at the pipe it will be given.
   */
  feed?: { command: string; args: string[] };
}

/** A helper process that writes a named pipe ffmpeg reads (`fifo`, under build.ts FEED_DIR). */
export interface AudioFeed {
  fifo: string;
  sourceId: string;
  command: string;
  args: string[];
}

/** Which scene source an ffmpeg input is, so a failure to open it can be traced back (and left out). */
export interface PlanInput {
  sourceId: string;
  /** What follows -i. */
  url: string;
  /** The layer's or audio source's name, for the note. */
  name: string;
}

/** Sources to leave out (they could not be opened), with the reason, and how to check image files. */
export interface BuildOptions {
  exclude?: ReadonlyMap<string, string>;
  fileExists?: (path: string) => boolean;
  /**
   * A fade transition: the outgoing scene is composed too and fades out over the new one during the
   * first `durationMs`; its inputs end after `inputSeconds` (the fade plus the encoder's start-up).
   */
  fadeFrom?: { scene: Scene; durationMs: number; inputSeconds: number };
}

/** A level meter in the filter graph: its ametadata lines carry this tag (see media/studio/levels.ts). */
export interface AudioMeter {
  sourceId: string;
  tag: string;
}

export interface FfmpegPlan {
  args: string[];
  /** Sources left out and why (shown by the UI on the layer they are about). */
  notes: PipelineNote[];
  meters: AudioMeter[];
  inputs: PlanInput[];
  /** Helper processes feeding inputs (empty unless an input is fed, see InputSpec.feed). */
  feeds: AudioFeed[];
}

/** Per-platform capture: how a source becomes an ffmpeg input, or why it cannot. */
export type CaptureResult = { input: InputSpec; preFilters?: string[] } | { missing: Omit<PipelineNote, 'layerId'> };
