/**
 * The core's side of the broadcast pipeline: creates it through the PipelinePort factory, turns its
 * stats, state and errors into StudioEvents, keeps the trial-encode answer for Settings, tells the
 * streamer where a finished recording is, and refuses a hardware encoder that did not pass its trial.
 */
import { uncheckedEncoders } from '../../media/studio/encoders';
import { ENCODER_IDS, type EncoderId, type EncoderOption, type PipelineState, type PipelineStats } from '../../common/pipeline';
import { StudioError, type CodedMessage, type StudioEvent, type StudioNote } from '../../common/studio-api';
import type { Logger } from '../../media/log';
import { checkEncoder } from '../pipeline/validate';
import type { HistoryPort, PipelineContext, PipelinePort } from './ports';
import { recordingSavedNote } from './recording-note';

export interface PipelineLinkOptions {
  room: string;
  create?: ((ctx: PipelineContext) => PipelinePort) | undefined;
  history?: HistoryPort | undefined;
  emit: (e: StudioEvent) => void;
  note: (level: StudioNote['level'], message: string | CodedMessage) => void;
  /** Why there is no pipeline (the relay's error), for "Cannot go live: …". */
  /** Why the relay is not running (its English error), or null when it is: no relay, no pipeline. */
  relayProblem: () => string | null;
  activeSceneId: () => string | null;
  log: Logger;
}

function idleState(sceneId: string | null): PipelineState {
  return { status: 'idle', sceneId, since: null, notes: [], encoder: null, outputs: [], recording: null, error: null };
}

export class PipelineLink {
  private pipeline: PipelinePort | null = null;
  private offs: (() => void)[] = [];
  private encoderList: EncoderOption[] = uncheckedEncoders();
  private recordingNoticed: string | null = null;

  constructor(private readonly opts: PipelineLinkOptions) {}

  /** Builds the pipeline (once the relay runs) and starts the encoder probe in the background. */
  start(ctx: PipelineContext): void {
    if (!this.opts.create || this.pipeline) return;
    const p = this.opts.create(ctx);
    this.pipeline = p;
    this.offs.push(
      p.onStats((stats) => {
        this.recordRecording(stats.recording);
        this.opts.emit({ type: 'pipeline.stats', stats });
      }),
      p.onState((state) => {
        this.recordRecording(state.recording);
        this.noticeRecording(state.recording);
        this.opts.emit({ type: 'pipeline.state', state });
      }),
      p.onError((error) => this.opts.emit({ type: 'pipeline.error', error })),
    );
    // Trial encodes take seconds, and the UI needs the answer only in Settings.
    p.encoders().then((list) => {
      this.encoderList = list;
      this.opts.emit({ type: 'pipeline.encoders', encoders: list });
    }, (err: Error) => this.opts.log.warn(`encoder probe failed: ${err.message}`));
  }

  get port(): PipelinePort | null {
    return this.pipeline;
  }

  state(): PipelineState {
    return this.pipeline?.state() ?? idleState(this.opts.activeSceneId());
  }

  lastStats(): PipelineStats | null {
    return this.pipeline?.lastStats() ?? null;
  }

  encoders(): EncoderOption[] {
    return structuredClone(this.encoderList);
  }

  /** True while an encoder runs (or is starting or switching). */
  encoderRunning(): boolean {
    const status = this.pipeline?.state().status;
    return status === 'live' || status === 'starting' || status === 'switching';
  }

  require(what: string): PipelinePort {
    if (this.pipeline) return this.pipeline;
    const relay = this.opts.relayProblem();
    if (relay) throw new StudioError('unavailable', `Cannot ${what}: ${relay}`, [], { code: 'stream-relay-down' });
    throw new StudioError('unavailable', `Cannot ${what}: the broadcast pipeline is not available in this build.`, [], { code: 'stream-unavailable' });
  }

  /** A hardware encoder the probe did not see working is refused before it is saved. */
  async refuseBrokenEncoder(patch: unknown, current: EncoderId): Promise<void> {
    const wanted = (patch as { output?: { video?: { encoder?: unknown } } } | null)?.output?.video?.encoder;
    if (wanted === current || wanted === 'x264' || !ENCODER_IDS.includes(wanted as EncoderId) || !this.pipeline) return;
    const problem = checkEncoder(wanted as EncoderId, await this.pipeline.encoders().catch(() => []));
    if (problem) throw new StudioError('invalid', `updateSettings: ${problem}`, [`output.video.encoder: ${problem}`], { code: 'encoder-unusable', params: { encoder: String(wanted) } });
  }

  async dispose(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    const p = this.pipeline;
    this.pipeline = null;
    await p?.dispose();
  }

  /** When a recording is finished, the streamer is told where the file is (once per file). */
  private noticeRecording(r: PipelineState['recording']): void {
    if (!r || (r.state !== 'done' && r.state !== 'failed') || this.recordingNoticed === r.path) return;
    this.recordingNoticed = r.path;
    if (r.state === 'done') this.opts.note('info', recordingSavedNote(r));
    else this.opts.note('warn', r.error ?? `The recording ${r.path} could not be finished.`);
  }

  private recordRecording(r: PipelineState['recording']): void {
    try {
      this.opts.history?.recordRecording(this.opts.room, r);
    } catch (err) {
      this.opts.log.warn(`history: could not note the recording: ${(err as Error).message}`);
    }
  }
}
