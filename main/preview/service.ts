/**
 * The scene editor's live preview: one small ffmpeg at a time, built by the same args builder as the
 * encoder (media/studio/args/preview.ts), so the editor shows the scene composed exactly as the
 * stream will be. Pages pull frames (`frame`, a long poll through the one StudioApi, so Electron IPC
 * and the browser bridge carry it alike); asking keeps the preview running, nobody asking for a few
 * seconds stops it. While live, the on-air scene is read back from the relay (what viewers get) rather
 * than captured twice, so the screen and the camera are opened once.
 *
 * Bounded: one process, restarted (debounced) when what it shows changes, a small cap on waiting
 * pages, the newest frame only (a slow page skips frames, it never queues them).
 */
import type { PipelineNote } from '../../common/pipeline';
import type { Scene, SceneCollection } from '../../common/scene';
import type { PreviewAnswer, PreviewFrame, PreviewFrameRequest, StudioApi, ThumbnailRequest } from '../../common/studio-api';
import type { ProcessRegistry } from '../../media/ffmpeg/processes';
import type { Logger } from '../../media/log';
import { buildPreviewArgs, buildStreamPreviewArgs } from '../../media/studio/args';
import type { DeviceInventory, Platform } from '../../media/studio/device-types';
import { explainFfmpegFailure, failedInput } from '../../media/studio/explain';
import { PREVIEW_NICENESS, PreviewProcess } from '../../media/studio/preview-process';
import { previewSize, type PreviewTiming, DEFAULT_PREVIEW_TIMING } from './size';
import { Thumbnails } from './thumbnails';

export interface PreviewDeps {
  processes: ProcessRegistry;
  log: Logger;
  platform: Platform;
  /** The ffmpeg the studio located at start; null when there is none. */
  ffmpegPath(): string | null;
  /** The saved scenes as the pipeline gets them (text rasters resolved to files). */
  scenes(): SceneCollection;
  /** The output size: the preview keeps its aspect ratio. */
  video(): { width: number; height: number };
  devices(): Promise<DeviceInventory | null>;
  /** What is on air and where viewers get it, while the encoder runs; null offline. */
  program(): { sceneId: string; streamUrl: string } | null;
  fileExists?: (path: string) => boolean;
  timing?: Partial<PreviewTiming>;
}

interface Running {
  key: string;
  sceneId: string;
  origin: PreviewFrame['origin'];
  proc: PreviewProcess;
  notes: PipelineNote[];
}

interface Waiter {
  sceneId: string;
  after: number;
  resolve: (a: PreviewAnswer) => void;
  timer: NodeJS.Timeout;
}

/** More pages than this waiting at once get an answer straight away (no frame) instead of a slot. */
const MAX_WAITERS = 16;

export class PreviewService implements Pick<StudioApi['preview'], 'frame' | 'thumbnail'> {
  private readonly timing: PreviewTiming;
  private running: Running | null = null;
  private latest: PreviewFrame | null = null;
  private seq = 0;
  private waiters: Waiter[] = [];
  private wanted: { sceneId: string; at: number } | null = null;
  private error: PreviewAnswer['error'] = null;
  /** Sources that would not open, per scene key (left out until the scene changes). */
  private readonly excluded = new Map<string, string>();
  private excludedFor = '';
  private failures = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly leaseTimer: NodeJS.Timeout;
  /** Serialises starts and stops: a click storm must not start two previews. */
  private chain: Promise<void> = Promise.resolve();
  private disposed = false;
  readonly thumbnails: Thumbnails;

  constructor(private readonly deps: PreviewDeps) {
    this.timing = { ...DEFAULT_PREVIEW_TIMING, ...deps.timing };
    this.leaseTimer = setInterval(() => this.checkLease(), Math.min(1000, this.timing.leaseMs / 2));
    this.leaseTimer.unref();
    this.thumbnails = new Thumbnails({ processes: deps.processes, platform: deps.platform, ffmpegPath: deps.ffmpegPath, devices: deps.devices });
  }

  /** The running preview's pid (CPU measurements), or null. */
  get pid(): number | null {
    return this.running?.proc.pid ?? null;
  }

  async frame(req: PreviewFrameRequest): Promise<PreviewAnswer> {
    if (this.disposed) return { frame: null, error: null };
    this.wanted = { sceneId: req.sceneId, at: Date.now() };
    if (!this.deps.ffmpegPath()) return { frame: null, error: { code: 'no-ffmpeg', detail: 'No ffmpeg was found, so nothing can be captured.' } };
    this.ensure();
    const after = req.after ?? -1;
    const now = this.latest;
    if (now && now.sceneId === req.sceneId && now.seq > after) return { frame: now, error: null };
    if (this.waiters.length >= MAX_WAITERS) return { frame: null, error: this.error };
    return new Promise<PreviewAnswer>((resolve) => {
      const w: Waiter = {
        sceneId: req.sceneId, after, resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w);
          resolve({ frame: null, error: this.error });
        }, this.timing.waitMs),
      };
      this.waiters.push(w);
    });
  }

  thumbnail(req: ThumbnailRequest): Promise<string | null> {
    return this.thumbnails.get(req);
  }

  /** Scenes, settings or the program changed: restart (debounced) when what the preview shows changed. */
  refresh(): void {
    if (!this.running || this.disposed) return;
    const target = this.target();
    if (!target || this.follow(target)) return;
    // Going live: the capture lets go of the screen and the camera at once, for the encoder.
    if (target.origin === 'stream' && this.running.origin === 'scene') return void this.restart(0);
    this.restart(this.timing.debounceMs);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.leaseTimer);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.resolve({ frame: null, error: null });
    }
    await this.serial(() => this.stopRunning());
    await this.thumbnails.dispose();
  }

  // ---- internals ------------------------------------------------------------------------------

  /** What the preview should show now, or null (nobody asks, or the scene is gone). */
  private target(): { key: string; sceneId: string; origin: PreviewFrame['origin']; scene: Scene | null; url: string | null } | null {
    const w = this.wanted;
    if (!w) return null;
    const program = this.deps.program();
    const size = previewSize(this.deps.video(), this.timing);
    if (program && program.sceneId === w.sceneId) {
      return { key: `stream ${program.streamUrl} ${size.width}x${size.height}`, sceneId: w.sceneId, origin: 'stream', scene: null, url: program.streamUrl };
    }
    const scene = this.deps.scenes().scenes.find((s) => s.id === w.sceneId);
    if (!scene) return null;
    // The name does not change the picture: renaming a scene must not restart the preview.
    const key = `scene ${JSON.stringify({ ...scene, name: '' })} ${size.width}x${size.height}`;
    return { key, sceneId: w.sceneId, origin: 'scene', scene, url: null };
  }

  /** A page asks: start the preview if none runs, or move it to the asked-for scene. */
  private ensure(): void {
    if (this.restartTimer) return;
    const target = this.target();
    if (!target) return;
    if (!this.running) return void this.restart(0);
    if (!this.follow(target)) this.restart(this.timing.debounceMs);
  }

  /**
   * True when the running preview already shows the target. The live stream stays one stream across
   * scene switches (the program bus splices them), so a switch only relabels its frames.
   */
  private follow(target: { key: string; sceneId: string }): boolean {
    const r = this.running;
    if (!r || r.key !== target.key) return false;
    r.sceneId = target.sceneId;
    return true;
  }

  private restart(delayMs: number): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.serial(() => this.startTarget());
    }, delayMs);
  }

  private serial(step: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(step).catch((err: Error) => this.deps.log.warn(`preview: ${err.message}`));
    return this.chain;
  }

  private async stopRunning(): Promise<void> {
    const r = this.running;
    this.running = null;
    await r?.proc.stop();
  }

  private async startTarget(): Promise<void> {
    if (this.disposed) return;
    const target = this.target();
    const ffmpeg = this.deps.ffmpegPath();
    if (!target || !ffmpeg || !this.asked()) return this.stopRunning();
    if (this.follow(target)) return;
    await this.stopRunning();
    if (target.key !== this.excludedFor) {
      this.excluded.clear();
      this.excludedFor = target.key;
    }
    const size = previewSize(this.deps.video(), this.timing);
    let args: string[];
    let notes: PipelineNote[] = [];
    let inputs: { sourceId: string; url: string; name: string }[] = [];
    if (target.origin === 'stream') {
      args = buildStreamPreviewArgs(target.url!, size);
    } else {
      const devices = (await this.deps.devices().catch(() => null)) ?? undefined;
      const plan = buildPreviewArgs(target.scene!, size, this.deps.platform, devices, { exclude: this.excluded, fileExists: this.deps.fileExists });
      ({ args, notes, inputs } = plan);
    }
    if (this.disposed) return;
    // While an encoder runs the preview yields the CPU to it (the broadcast never drops a frame for the editor).
    const proc = new PreviewProcess(this.deps.processes, ffmpeg, args, 'preview', this.deps.program() ? PREVIEW_NICENESS : 0);
    const running: Running = { key: target.key, sceneId: target.sceneId, origin: target.origin, proc, notes };
    this.running = running;
    proc.on('frame', (jpeg) => this.onFrame(running, jpeg));
    proc.on('exit', (e) => {
      if (e.expected || this.running !== running) return;
      this.running = null;
      // A source that would not open (a camera the encoder holds): leave it out and go on.
      const failed = e.frames === 0 && running.origin === 'scene' ? failedInput(e.logLines, inputs) : null;
      if (failed && !this.excluded.has(failed.sourceId) && this.excluded.size < 8) {
        this.excluded.set(failed.sourceId, failed.reason);
        return this.restart(0);
      }
      this.failures = e.frames > 0 ? 1 : this.failures + 1;
      // Before the relay has the live stream, reading it fails: that is not worth a message.
      if (running.origin === 'scene' || this.failures > 3) this.error = { code: 'failed', detail: explainFfmpegFailure(e.logLines).message };
      this.deps.log.warn(`preview ffmpeg ended (exit ${e.code}) after ${e.frames} frame(s): ${e.logLines.slice(-3).join(' | ')}`);
      // The live stream is back within a second or two (a relay restart, a scene switch): retry at once.
      const backoff = running.origin === 'stream' ? this.timing.retryMs : Math.min(this.timing.retryMaxMs, this.timing.retryMs * 2 ** Math.min(4, this.failures - 1));
      this.restart(backoff);
    });
    proc.start();
  }

  private onFrame(running: Running, jpeg: Buffer): void {
    if (this.running !== running) return;
    this.error = null;
    this.failures = 0;
    const frame: PreviewFrame = {
      seq: ++this.seq, sceneId: running.sceneId, at: Date.now(), origin: running.origin,
      jpegBase64: jpeg.toString('base64'), notes: running.notes,
    };
    this.latest = frame;
    const ready = this.waiters.filter((w) => w.sceneId === frame.sceneId && frame.seq > w.after);
    if (!ready.length) return;
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) {
      clearTimeout(w.timer);
      w.resolve({ frame, error: null });
    }
  }

  private asked(): boolean {
    return this.wanted !== null && Date.now() - this.wanted.at < this.timing.leaseMs;
  }

  /** Nobody asked for a while (the editor is hidden or closed): stop. */
  private checkLease(): void {
    if (this.running && !this.asked() && !this.restartTimer) {
      this.deps.log.info('preview stopped: no editor is showing it');
      void this.serial(() => this.stopRunning());
    }
  }
}
