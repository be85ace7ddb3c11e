/**
 * One live session of the studio: encoder generations (capture + compose + encode one scene each)
 * feeding the program bus, which splices them into one MPEG-TS for every output's forwarder and for
 * the recording. A scene switch or a live edit starts the next generation while the on-air one keeps
 * running and cuts over at its first key frame (make-before-break): the forwarders, the RTMP
 * publishes and the recording file live as long as the session.
 *
 *   encoder gen N   ─stdout─┐              ┌─▶ udp://127.0.0.1:A ─▶ forwarder ─▶ rtmp://relay (reconnects)
 *   encoder gen N+1 ─stdout─┴─▶ program bus ├─▶ udp://127.0.0.1:B ─▶ forwarder ─▶ rtmp://destination
 *                               (splicer)   └─▶ recording.ts
 *
 * UDP on loopback never "fails" for the sender, so the encoders and the recording never notice an
 * output going away; the forwarder restarts at the next keyframe.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { redactSecrets, urlSecrets } from '../../common/outputs/registry';
import type { AudioLevel, OutputStatus, PipelineError, PipelineNote, PipelineSettings, PipelineStats, RecordingStatus, SceneTransition } from '../../common/pipeline';
import { LEVEL_FLOOR_DB } from '../../common/pipeline';
import type { Scene } from '../../common/scene';
import { UsageMeter } from '../ffmpeg/proc-usage';
import type { ProcessRegistry } from '../ffmpeg/processes';
import type { ProgressBlock } from '../ffmpeg/progress';
import type { Logger } from '../log';
import { buildFfmpegArgs, commandsFor, type FfmpegPlan } from './args';
import type { BuildOptions } from './args/types';
import { Backoff } from './backoff';
import type { DeviceInventory, Platform } from './device-types';
import { EncoderProcess } from './encoder-process';
import { failedInput } from './explain';
import { Forwarder } from './forwarder';
import { plannedOutputs } from './output-plan';
import { freeUdpPort } from './ports';
import { ProgramBus } from './program-bus';
import { overloadAdvice, RealtimeMonitor } from './realtime';
import { Recording } from './recording';
import { sharesExclusiveDevice, withoutExclusiveDevices } from './scene-devices';
import type { SpliceCut } from './ts-splicer';

/** How many sources may fail to open before the failure is reported instead of worked around. */
const MAX_LEFT_OUT = 4;
/**
 * A fade's outgoing inputs run this much longer than the fade: they start with the new encoder, and
 * its first frame (where the fade begins) can take a second or more on a busy machine.
 */
const FADE_INPUT_MARGIN_SEC = 2;
/** How often a minute an on-air encoder that died is started again before the session fails. */
const MAX_RECOVERIES = 3;
/** A new generation that shows no key frame in this long is given up (the on-air one stays). */
const SWITCH_TIMEOUT_MS = 20_000;

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
  /** The on-air encoder stopped on its own (device unplugged, ffmpeg crashed): everything is stopped. */
  failed: [PipelineError];
  /** A switch went on air (the program bus cut over to the new generation). */
  switched: [{ scene: Scene; cut: SpliceCut | null }];
}

/** One encoder generation: the process, what it composes, and (while it waits to go on air) its switch. */
interface Generation {
  id: number;
  encoder: EncoderProcess;
  scene: Scene;
  plan: FfmpegPlan;
  realtime: RealtimeMonitor;
  last: ProgressBlock | null;
  switching: { resolve: () => void; reject: (err: Error) => void; timer: NodeJS.Timeout } | null;
}

/** Why a switch did not happen (the scene on air stays on air). */
export class SwitchError extends Error {
  constructor(message: string, readonly logLines: string[] = []) {
    super(message);
  }
}

export class StudioPipeline extends EventEmitter<PipelineEvents> {
  private onAir: Generation | null = null;
  private incoming: Generation | null = null;
  private generations = 0;
  private bus: ProgramBus | null = null;
  private readonly forwarders: Forwarder[] = [];
  private recording: Recording | null = null;
  private statsTimer: NodeJS.Timeout | null = null;
  private readonly levels: Record<string, AudioLevel> = {};
  /** Sources that could not be opened in this session, with the reason (left out of every restart). */
  private readonly excluded = new Map<string, string>();
  private startedAt = 0;
  private started = false;
  private stopped = false;
  /** Frames dropped by generations no longer on air (the stats count the whole session). */
  private droppedBefore = 0;
  /** When a dead on-air encoder was restarted (the last minute's). */
  private readonly recoveries: number[] = [];
  private busBytes: { bytes: number; at: number } | null = null;
  private readonly usage = new UsageMeter();
  private readonly cores = Math.max(1, os.cpus().length);

  constructor(private readonly opts: StudioPipelineOptions) {
    super();
  }

  /** The scene on air. */
  get scene(): Scene {
    return this.onAir?.scene ?? this.opts.scene;
  }

  /** Starts the forwarders, the program bus, then the first encoder. Returns the notes about sources left out. */
  async start(): Promise<{ notes: PipelineNote[]; args: string[] }> {
    const { settings, log } = this.opts;
    const outputs = plannedOutputs(settings, { relay: this.opts.relayRetryCapMs, destination: this.opts.destinationRetryCapMs });
    const ports: number[] = [];
    for (const o of outputs) {
      const port = await freeUdpPort();
      ports.push(port);
      // The forwarder's input is the program bus's datagrams for this output.
      const f = new Forwarder({
        id: o.id, name: o.name, inputUrl: `udp://127.0.0.1:${port}`, publishUrl: o.url, displayUrl: o.display, secrets: o.secrets,
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
    if (outputs.length === 0 && !this.recording) throw new Error('Nowhere to send the stream: no outputs and no recording.');
    const bus = new ProgramBus({ fps: settings.video.fps, outputPorts: ports, recordingPath: this.recording?.tsPath ?? null, log: log.child('bus') });
    this.bus = bus;
    bus.on('cut', (cut) => this.onCut(cut));
    bus.on('recordingError', (err) => this.recording?.fail(err.message));
    const plan = this.build(this.opts.scene);
    for (const f of this.forwarders) f.start();
    this.startedAt = Date.now();
    this.onAir = this.startGeneration(this.opts.scene, plan);
    this.statsTimer = setInterval(() => this.emit('stats', this.stats()), this.opts.statsIntervalMs ?? 1000);
    log.info(`encoder started: ${plan.args.length} arguments, ${this.forwarders.length} output(s)${this.recording ? `, recording to ${this.recording.tsPath}` : ''}`);
    return { notes: plan.notes, args: plan.args };
  }

  /**
   * Puts `scene` on air without ending the stream: a new encoder generation starts beside the on-air
   * one and the program bus cuts over at its first key frame; then the old one stops. Resolves once
   * the new scene is on air; rejects with SwitchError when it cannot start (the old scene stays on
   * air). Scenes that share a camera or microphone cannot both hold it: then the old encoder stops
   * first (the picture holds for about an encoder start, the stream still never ends) and the
   * transition is a cut.
   */
  switchScene(scene: Scene, transition: SceneTransition = { kind: 'cut', durationMs: 0 }): Promise<void> {
    if (this.stopped || !this.bus) return Promise.reject(new SwitchError('The broadcast has stopped.'));
    if (this.incoming) this.abandon(this.incoming, new SwitchError('Another switch replaced this one.'));
    const breakFirst = this.onAir !== null && sharesExclusiveDevice(this.onAir.scene, scene);
    // A fade composes the outgoing scene again in the new encoder, except what only one process can
    // hold (the on-air encoder still has its camera): those layers cut instead of fading.
    const fadeFrom = transition.kind === 'fade' && this.onAir && !breakFirst
      ? { scene: withoutExclusiveDevices(this.onAir.scene), durationMs: transition.durationMs, inputSeconds: transition.durationMs / 1000 + FADE_INPUT_MARGIN_SEC }
      : undefined;
    return new Promise<void>((resolve, reject) => {
      const begin = async () => {
        if (breakFirst && this.onAir) {
          this.opts.log.info('the scenes share a camera or microphone: stopping the on-air encoder before starting the next');
          await this.onAir.encoder.stop(1000);
        }
        if (this.stopped) return reject(new SwitchError('The broadcast has stopped.'));
        const gen = this.startGeneration(scene, this.build(scene, fadeFrom));
        const timer = setTimeout(() => this.abandon(gen, new SwitchError(`The scene "${scene.name}" did not start within ${SWITCH_TIMEOUT_MS / 1000} s.`, gen.encoder.logLines())), SWITCH_TIMEOUT_MS);
        gen.switching = { resolve, reject, timer };
        this.incoming = gen;
      };
      begin().catch(reject);
    });
  }

  private build(scene: Scene, fadeFrom?: BuildOptions['fadeFrom']): FfmpegPlan {
    return buildFfmpegArgs(scene, this.opts.settings, this.opts.platform, this.opts.devices, { program: 'stdout' }, { exclude: this.excluded, fileExists: existsSync, fadeFrom });
  }

  private startGeneration(scene: Scene, plan: FfmpegPlan, id = ++this.generations): Generation {
    const { settings, log } = this.opts;
    const encoder = new EncoderProcess(this.opts.processes, this.opts.ffmpegPath, plan.args, settings.relayUrl ? redactSecrets(settings.relayUrl, urlSecrets(settings.relayUrl)) : undefined, plan.feeds);
    const v = settings.video;
    const gen: Generation = {
      id, encoder, scene, plan, last: null, switching: null,
      realtime: new RealtimeMonitor(v.fps, () => overloadAdvice(v, this.opts.hardwareEncoder ?? null)),
    };
    encoder.on('progress', (b) => this.onProgress(gen, b));
    encoder.on('level', (r) => {
      if (gen !== this.onAir) return;
      const meter = gen.plan.meters.find((m) => m.tag === r.tag);
      if (!meter) return;
      const prev = this.levels[meter.sourceId] ?? { rmsDb: LEVEL_FLOOR_DB, peakDb: LEVEL_FLOOR_DB };
      this.levels[meter.sourceId] = r.kind === 'rms' ? { ...prev, rmsDb: r.db } : { ...prev, peakDb: r.db };
    });
    encoder.on('exit', (e) => {
      if (e.expected || this.stopped) return;
      if (gen !== this.onAir && gen !== this.incoming) return;
      // A source that cannot be opened (a busy camera, a sound card that vanished) stops ffmpeg before
      // its first frame: leave that source out and start again, at most a few times.
      const failed = gen.last === null && this.excluded.size < MAX_LEFT_OUT ? failedInput(encoder.logLines(), gen.plan.inputs) : null;
      if (failed && !this.excluded.has(failed.sourceId)) {
        log.warn(`${failed.name} (${failed.url}) could not be opened: ${failed.reason}; going on without it`);
        this.excluded.set(failed.sourceId, failed.reason);
        const retry = this.startGeneration(gen.scene, this.build(gen.scene));
        retry.switching = gen.switching;
        if (gen === this.onAir) this.onAir = retry;
        else this.incoming = retry;
        this.emit('notes', retry.plan.notes);
        return;
      }
      // The on-air encoder died mid-stream (a crash, a killed process): the outputs and the recording
      // belong to the program bus, so a new encoder on the same scene goes on air at its first key
      // frame and viewers see the picture hold, not the stream end. A few times a minute at most.
      if (gen === this.onAir && gen.last !== null && this.mayRecover(Date.now())) {
        log.warn(`encoder stopped unexpectedly (exit ${e.code}): ${e.explanation.message}; starting it again, the stream goes on`);
        this.incoming ??= this.startGeneration(gen.scene, this.build(gen.scene));
        return;
      }
      if (gen === this.incoming) {
        log.error(`the next scene's encoder stopped (exit ${e.code}): ${e.explanation.message}`);
        const onAirAlive = this.onAir?.encoder.running ?? false;
        this.abandon(gen, new SwitchError(e.explanation.message, e.explanation.logLines));
        if (onAirAlive) return;
      }
      log.error(`encoder stopped unexpectedly (exit ${e.code}): ${e.explanation.message}`);
      void this.stop().then(() => this.emit('failed', { message: e.explanation.message, logLines: e.explanation.logLines }));
    });
    this.bus?.attach(id, encoder.start());
    return gen;
  }

  /** At most MAX_RECOVERIES restarts of a dead on-air encoder in a minute (a source that keeps failing ends the session). */
  private mayRecover(now: number): boolean {
    while (this.recoveries.length && (this.recoveries[0] as number) < now - 60_000) this.recoveries.shift();
    if (this.recoveries.length >= MAX_RECOVERIES) return false;
    this.recoveries.push(now);
    return true;
  }

  /** The program bus cut over to a new generation: it is on air, the old one can go. */
  private onCut(cut: SpliceCut): void {
    const gen = this.incoming;
    if (!gen || gen.id !== cut.to) return;
    const old = this.onAir;
    this.incoming = null;
    this.onAir = gen;
    if (old) {
      this.droppedBefore += old.realtime.figures().droppedFrames;
      void old.encoder.stop(1500);
    }
    for (const key of Object.keys(this.levels)) delete this.levels[key];
    this.opts.log.info(`on air: scene "${gen.scene.name}" (cut ${cut.timelineStepMs} ms of stream time, ${cut.wallGapMs} ms between frames)`);
    if (gen.switching) {
      clearTimeout(gen.switching.timer);
      gen.switching.resolve();
      gen.switching = null;
    }
    this.emit('notes', gen.plan.notes);
    this.emit('switched', { scene: gen.scene, cut });
  }

  /** Gives up a generation that was not (yet) on air. */
  private abandon(gen: Generation, err: SwitchError): void {
    if (this.incoming === gen) this.incoming = null;
    void gen.encoder.stop(500);
    if (gen.switching) {
      clearTimeout(gen.switching.timer);
      gen.switching.reject(err);
      gen.switching = null;
    }
  }

  private onProgress(gen: Generation, b: ProgressBlock): void {
    const first = gen.last === null;
    gen.last = b;
    gen.realtime.push(b, Date.now());
    if (first && (b.frame ?? 0) === 0) gen.last = null; // wait for a block with frames
    if (gen === this.onAir && !this.started && gen.last) {
      this.started = true;
      this.emit('started');
    }
  }

  outputs(): OutputStatus[] {
    return this.forwarders.map((f) => f.status());
  }

  recordingStatus(): RecordingStatus | null {
    return this.recording?.status() ?? null;
  }

  stats(): PipelineStats {
    const gen = this.onAir;
    const b = gen?.last ?? null;
    const now = Date.now();
    const outputs = this.outputs();
    this.recording?.setDuration(this.bus?.durationSec ?? 0);
    const rec = this.recordingStatus();
    // The encoders write to the bus, not to a file ffmpeg could measure: use what the first live
    // output sends, or what the bus passed on.
    let bitrate = this.forwarders.map((f) => f.bitrateKbps()).find((k) => k !== null) ?? null;
    const sent = this.bus?.bytesOut ?? 0;
    if (bitrate === null && this.busBytes && now > this.busBytes.at) bitrate = Math.round(((sent - this.busBytes.bytes) * 8) / (now - this.busBytes.at));
    this.busBytes = { bytes: sent, at: now };
    const rt = gen?.realtime.figures() ?? { fps: 0, droppedFrames: 0, lagSec: 0, overload: null };
    return {
      at: now,
      uptimeSec: Math.round((now - this.startedAt) / 100) / 10,
      // ffmpeg's fps is an average since the start; this is the last few seconds.
      fps: rt.fps || (b?.fps ?? 0),
      targetFps: this.opts.settings.video.fps,
      bitrateKbps: bitrate ?? 0,
      speed: b?.speed ?? 0,
      frames: b?.frame ?? 0,
      droppedFrames: this.droppedBefore + rt.droppedFrames,
      duplicatedFrames: b?.dupFrames ?? 0,
      lagSec: rt.lagSec,
      overload: rt.overload,
      ...this.cpuAndMemory(now),
      levels: { ...this.levels },
      outputs,
      recording: rec,
    };
  }

  /** CPU and memory of this session's ffmpegs (both encoders during a switch); nothing where /proc cannot be read. */
  private cpuAndMemory(now: number): Pick<PipelineStats, 'cpuPercent' | 'rssMb'> {
    const pids = [this.onAir?.encoder.pid, this.incoming?.encoder.pid, ...this.forwarders.map((f) => f.pid)].filter((p): p is number => typeof p === 'number');
    const u = this.usage.sample(pids, now);
    return u ? { cpuPercent: Math.round((u.cpuPercentOfCore / this.cores) * 10) / 10, rssMb: u.rssMb } : {};
  }

  /** The cuts the program bus made (what viewers saw at each switch). */
  cuts(): SpliceCut[] {
    return this.bus?.cuts() ?? [];
  }

  /** Ends the encoders, the forwarders, the recording file, then remuxes the recording. Idempotent. */
  async stop(): Promise<RecordingStatus | null> {
    if (this.stopped) return this.recordingStatus();
    this.stopped = true;
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = null;
    if (this.incoming) this.abandon(this.incoming, new SwitchError('The broadcast has stopped.'));
    await this.onAir?.encoder.stop();
    await this.bus?.close();
    this.recording?.setDuration(this.bus?.durationSec ?? 0);
    await Promise.all(this.forwarders.map((f) => f.stop()));
    if (this.recording) {
      const r = this.opts.settings.recording;
      await this.recording.finish(this.opts.processes, this.opts.ffmpegPath, { remuxToMp4: r.remuxToMp4, keepTs: r.keepTs });
    }
    return this.recordingStatus();
  }

  /**
   * Applies fader, mute and noise suppression of the scene's sources to the running encoder(s)
   * through filter commands (no restart, no cut). Sources a generation does not carry are ignored;
   * a later generation is built from the new values.
   */
  setAudioMix(scene: Scene): void {
    for (const gen of [this.onAir, this.incoming]) {
      if (!gen || gen.scene.id !== scene.id) continue;
      const commands = scene.audio.flatMap((next) => {
        const prev = gen.scene.audio.find((a) => a.id === next.id);
        const tag = gen.plan.meters.find((m) => m.sourceId === next.id)?.tag;
        return prev && tag ? commandsFor(tag, prev, next) : [];
      });
      gen.scene = { ...gen.scene, audio: gen.scene.audio.map((a) => {
        const next = scene.audio.find((n) => n.id === a.id);
        return next ? { ...a, volume: next.volume, muted: next.muted, noiseSuppression: next.noiseSuppression } : a;
      }) };
      if (commands.length) gen.encoder.sendCommands(commands);
    }
  }

  /** The latest level of each source the on-air encoder carries (post-fader), by source id. */
  levelsNow(): Record<string, AudioLevel> {
    return { ...this.levels };
  }

  encoderLogLines(): string[] {
    return this.onAir?.encoder.logLines() ?? [];
  }
}
