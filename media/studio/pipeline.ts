/**
 * One live session of the studio: the encoder ffmpeg (capture + compose + encode once) writing
 * MPEG-TS to a local UDP port per output and to the recording, plus one forwarder per output that
 * publishes to RTMP and reconnects on its own. Emits stats every second.
 *
 *   encoder --tee--> udp://127.0.0.1:A --> forwarder --> rtmp://relay  (reconnects, backoff 1-2 s)
 *                \--> udp://127.0.0.1:B --> forwarder --> rtmp://destination  (backoff 1, 2, 4, 8 s)
 *                 \-> recording.ts (never interrupted by an output failing)
 *
 * UDP on loopback never "fails" for the sender, so the encoder and the recording never notice an
 * output going away; the forwarder restarts at the next keyframe.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { destinationPublishUrl, redactRtmpUrl } from '../../common/pipeline';
import type { AudioLevel, OutputStatus, PipelineError, PipelineNote, PipelineSettings, PipelineStats, RecordingStatus } from '../../common/pipeline';
import { LEVEL_FLOOR_DB } from '../../common/pipeline';
import type { Scene } from '../../common/scene';
import { UsageMeter } from '../ffmpeg/proc-usage';
import type { ProcessRegistry } from '../ffmpeg/processes';
import type { ProgressBlock } from '../ffmpeg/progress';
import type { Logger } from '../log';
import { buildFfmpegArgs, type EncoderSinks, type FfmpegPlan } from './args';
import { Backoff } from './backoff';
import type { DeviceInventory, Platform } from './device-types';
import { EncoderProcess } from './encoder-process';
import { failedInput } from './explain';
import { Forwarder } from './forwarder';
import { freeUdpPort } from './ports';
import { overloadAdvice, RealtimeMonitor } from './realtime';
import { Recording } from './recording';

/** How many sources may fail to open before the failure is reported instead of worked around. */
const MAX_LEFT_OUT = 4;

export interface StudioPipelineOptions {
  scene: Scene;
  settings: PipelineSettings;
  platform: Platform;
  devices?: DeviceInventory | undefined;
  ffmpegPath: string;
  processes: ProcessRegistry;
  log: Logger;
  /** The local relay comes back quickly after a restart: retry it at least every this often. */
  relayRetryCapMs?: number;
  destinationRetryCapMs?: number;
  statsIntervalMs?: number;
  /** A hardware encoder that passed its trial here (its label), offered as advice when x264 is overloaded. */
  hardwareEncoder?: string | null;
}

interface PipelineEvents {
  stats: [PipelineStats];
  outputs: [OutputStatus[]];
  /** The encoder produced its first frames. */
  started: [];
  /** The sources left out changed (one could not be opened and the encoder restarted without it). */
  notes: [PipelineNote[]];
  /** The encoder stopped on its own (device unplugged, ffmpeg crashed): everything is stopped. */
  failed: [PipelineError];
}

export class StudioPipeline extends EventEmitter<PipelineEvents> {
  private encoder: EncoderProcess | null = null;
  private readonly forwarders: Forwarder[] = [];
  private recording: Recording | null = null;
  private statsTimer: NodeJS.Timeout | null = null;
  private last: ProgressBlock | null = null;
  private readonly levels: Record<string, AudioLevel> = {};
  private plan: FfmpegPlan | null = null;
  private sinks: EncoderSinks | undefined;
  /** Sources that could not be opened in this session, with the reason (left out of every restart). */
  private readonly excluded = new Map<string, string>();
  private startedAt = 0;
  private stopped = false;
  private recordingBytes: { bytes: number; at: number } | null = null;
  private readonly usage = new UsageMeter();
  private readonly cores = Math.max(1, os.cpus().length);
  private readonly realtime: RealtimeMonitor;

  constructor(private readonly opts: StudioPipelineOptions) {
    super();
    const v = opts.settings.video;
    this.realtime = new RealtimeMonitor(v.fps, () => overloadAdvice(v, opts.hardwareEncoder ?? null));
  }

  /** Starts the forwarders, then the encoder. Returns the notes about sources left out. */
  async start(): Promise<{ notes: PipelineNote[]; args: string[] }> {
    const { settings, log } = this.opts;
    const outputs: Array<{ id: string; name: string; url: string; display: string; cap: number }> = [];
    if (settings.relayUrl) outputs.push({ id: 'relay', name: 'Studio relay', url: settings.relayUrl, display: redactRtmpUrl(settings.relayUrl), cap: this.opts.relayRetryCapMs ?? 2000 });
    for (const d of settings.destinations) {
      if (d.enabled) outputs.push({ id: d.id, name: d.name, url: destinationPublishUrl(d), display: redactRtmpUrl(destinationPublishUrl(d), d.key), cap: this.opts.destinationRetryCapMs ?? 8000 });
    }
    const streams: string[] = [];
    for (const o of outputs) {
      const port = await freeUdpPort();
      const inputUrl = `udp://127.0.0.1:${port}`;
      // pkt_size 1316 = 7 TS packets: one datagram never fragments, even on loopback's cousins.
      streams.push(`${inputUrl}?pkt_size=1316`);
      const f = new Forwarder({
        id: o.id, name: o.name, inputUrl, publishUrl: o.url, displayUrl: o.display,
        ffmpegPath: this.opts.ffmpegPath, processes: this.opts.processes, log: log.child(o.id),
        backoff: new Backoff(1000, o.cap), keyframeIntervalSec: settings.video.keyframeIntervalSec,
      });
      f.on('status', () => this.emit('outputs', this.outputs()));
      this.forwarders.push(f);
    }
    if (settings.recording.enabled) {
      if (!settings.recording.directory) throw new Error('Recording is on but no recording folder is set.');
      this.recording = new Recording(settings.recording.directory, new Date(), settings.recording.fileName);
    }
    this.sinks = { streams, recordingPath: this.recording?.tsPath ?? null };
    this.plan = this.build();
    for (const f of this.forwarders) f.start();
    this.startedAt = Date.now();
    this.startEncoder(this.plan);
    this.statsTimer = setInterval(() => this.emit('stats', this.stats()), this.opts.statsIntervalMs ?? 1000);
    log.info(`encoder started: ${this.plan.args.length} arguments, ${this.forwarders.length} output(s)${this.recording ? `, recording to ${this.recording.tsPath}` : ''}`);
    return { notes: this.plan.notes, args: this.plan.args };
  }

  private build(): FfmpegPlan {
    return buildFfmpegArgs(this.opts.scene, this.opts.settings, this.opts.platform, this.opts.devices, this.sinks, { exclude: this.excluded, fileExists: existsSync });
  }

  private startEncoder(plan: FfmpegPlan): void {
    const { settings, log } = this.opts;
    const encoder = new EncoderProcess(this.opts.processes, this.opts.ffmpegPath, plan.args, settings.relayUrl ? redactRtmpUrl(settings.relayUrl) : undefined);
    this.encoder = encoder;
    encoder.on('progress', (b) => this.onProgress(b));
    encoder.on('level', (r) => {
      const meter = this.plan?.meters.find((m) => m.tag === r.tag);
      if (!meter) return;
      const prev = this.levels[meter.sourceId] ?? { rmsDb: LEVEL_FLOOR_DB, peakDb: LEVEL_FLOOR_DB };
      this.levels[meter.sourceId] = r.kind === 'rms' ? { ...prev, rmsDb: r.db } : { ...prev, peakDb: r.db };
    });
    encoder.on('exit', (e) => {
      if (e.expected || this.stopped || this.encoder !== encoder) return;
      // A source that cannot be opened (a busy camera, a sound card that vanished) stops ffmpeg before
      // its first frame: leave that source out and start again, at most a few times.
      const failed = this.last === null && this.excluded.size < MAX_LEFT_OUT ? failedInput(encoder.logLines(), plan.inputs) : null;
      if (failed && !this.excluded.has(failed.sourceId)) {
        log.warn(`${failed.name} (${failed.url}) could not be opened: ${failed.reason}; going on without it`);
        this.excluded.set(failed.sourceId, failed.reason);
        this.plan = this.build();
        this.emit('notes', this.plan.notes);
        this.startEncoder(this.plan);
        return;
      }
      log.error(`encoder stopped unexpectedly (exit ${e.code}): ${e.explanation.message}`);
      void this.stop().then(() => this.emit('failed', { message: e.explanation.message, logLines: e.explanation.logLines }));
    });
    encoder.start();
  }

  private onProgress(b: ProgressBlock): void {
    const first = this.last === null;
    this.last = b;
    this.realtime.push(b, Date.now());
    if (b.outTimeUs !== null) this.recording?.setDuration(b.outTimeUs / 1e6);
    if (first && (b.frame ?? 0) > 0) this.emit('started');
    else if (first) this.last = null; // wait for a block with frames before saying "started"
  }

  outputs(): OutputStatus[] {
    return this.forwarders.map((f) => f.status());
  }

  recordingStatus(): RecordingStatus | null {
    return this.recording?.status() ?? null;
  }

  stats(): PipelineStats {
    const b = this.last;
    const now = Date.now();
    const outputs = this.outputs();
    const rec = this.recordingStatus();
    // With the tee muxer ffmpeg cannot report a bitrate; use what the first live output sends, or
    // how fast the recording grows.
    let bitrate = this.forwarders.map((f) => f.bitrateKbps()).find((k) => k !== null) ?? null;
    if (bitrate === null && rec) {
      if (this.recordingBytes && now > this.recordingBytes.at) bitrate = Math.round(((rec.bytes - this.recordingBytes.bytes) * 8) / (now - this.recordingBytes.at));
      this.recordingBytes = { bytes: rec.bytes, at: now };
    }
    const rt = this.realtime.figures();
    return {
      at: now,
      uptimeSec: Math.round((now - this.startedAt) / 100) / 10,
      // ffmpeg's fps is an average since the start; this is the last few seconds.
      fps: rt.fps || (b?.fps ?? 0),
      targetFps: this.opts.settings.video.fps,
      bitrateKbps: bitrate ?? 0,
      speed: b?.speed ?? 0,
      frames: b?.frame ?? 0,
      droppedFrames: rt.droppedFrames,
      duplicatedFrames: b?.dupFrames ?? 0,
      lagSec: rt.lagSec,
      overload: rt.overload,
      ...this.cpuAndMemory(now),
      levels: { ...this.levels },
      outputs,
      recording: rec,
    };
  }

  /** CPU and memory of this session's ffmpegs; nothing where /proc cannot be read. */
  private cpuAndMemory(now: number): Pick<PipelineStats, 'cpuPercent' | 'rssMb'> {
    const pids = [this.encoder?.pid, ...this.forwarders.map((f) => f.pid)].filter((p): p is number => typeof p === 'number');
    const u = this.usage.sample(pids, now);
    return u ? { cpuPercent: Math.round((u.cpuPercentOfCore / this.cores) * 10) / 10, rssMb: u.rssMb } : {};
  }

  /** Ends the encoder (finishing files), the forwarders, then remuxes the recording. Idempotent. */
  async stop(): Promise<RecordingStatus | null> {
    if (this.stopped) return this.recordingStatus();
    this.stopped = true;
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = null;
    await this.encoder?.stop();
    await Promise.all(this.forwarders.map((f) => f.stop()));
    if (this.recording) {
      const r = this.opts.settings.recording;
      await this.recording.finish(this.opts.processes, this.opts.ffmpegPath, { remuxToMp4: r.remuxToMp4, keepTs: r.keepTs });
    }
    return this.recordingStatus();
  }

  encoderLogLines(): string[] {
    return this.encoder?.logLines() ?? [];
  }
}
