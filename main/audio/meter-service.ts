/**
 * Live meters for every audio source, on air or not. While a mixer watches a scene (a lease the UI
 * renews, `audio.watchMeters`), this service pushes that scene's levels ~10 times a second:
 *  - the scene is on air: the encoder's own meters (post-fader: what the stream carries);
 *  - otherwise: one small meter ffmpeg per source (media/studio/meter-process.ts) with the same
 *    capture and chain as the encoder, so fader, mute and noise suppression read as they will sound.
 * Nobody watching (the lease ran out, the window is hidden, the studio is on air with that scene):
 * no meter process runs. Missing devices get the note Go Live would give; a meter that fails is
 * retried every few seconds while someone watches. Built by the composition root, apart from the core.
 */
import { EventEmitter } from 'node:events';
import type { AudioLevel, AudioLevelsUpdate, AudioSourceMeterState, PipelineNote } from '../../common/pipeline';
import { LEVEL_FLOOR_DB } from '../../common/pipeline';
import type { AudioSource, SceneCollection } from '../../common/scene';
import type { WatchMetersRequest } from '../../common/studio-api';
import type { ProcessRegistry } from '../../media/ffmpeg/processes';
import type { Logger } from '../../media/log';
import { buildMeterArgs } from '../../media/studio/args';
import type { DeviceInventory, Platform } from '../../media/studio/device-types';
import { MeterProcess } from '../../media/studio/meter-process';

export const METER_LEASE_MS = 10_000;
const TICK_MS = 100;
const RETRY_MS = 3000;
/** A meter that has said nothing for this long shows the floor, not its last reading. */
const STALE_MS = 1500;
/** Device lists are cached this long: listing spawns several tools. */
const DEVICES_TTL_MS = 15_000;

export interface ProgramLevels {
  sceneId: string;
  levels: Record<string, AudioLevel>;
  /** Sources the encoder left out (notes carry the source id as layerId). */
  notes: PipelineNote[];
}

export interface MeterServiceDeps {
  processes: ProcessRegistry;
  log: Logger;
  /** The ffmpeg this run uses; null: none located (no meters, said once per source). */
  ffmpegPath(): string | null;
  platform: Platform;
  devices(): Promise<DeviceInventory | null>;
  scenes(): SceneCollection;
  /** The encoder's meters while it runs, else null. */
  program(): ProgramLevels | null;
  leaseMs?: number;
  tickMs?: number;
  retryMs?: number;
}

interface Channel {
  /** What the meter captures; a change restarts it (fader, mute, noise suppression do not). */
  key: string;
  meter: MeterProcess | null;
  state: AudioSourceMeterState;
  level: AudioLevel;
  at: number;
  retry: NodeJS.Timeout | null;
}

const FLOOR: AudioLevel = { rmsDb: LEVEL_FLOOR_DB, peakDb: LEVEL_FLOOR_DB };

function captureKey(s: AudioSource): string {
  return JSON.stringify([s.kind, s.device ?? null, s.kind === 'tone' ? s.frequencyHz : null]);
}

export class MeterService extends EventEmitter<{ levels: [AudioLevelsUpdate] }> {
  private sceneId: string | null = null;
  private until = 0;
  private readonly channels = new Map<string, Channel>();
  private ticker: NodeJS.Timeout | null = null;
  private lease: NodeJS.Timeout | null = null;
  private inventory: { at: number; value: Promise<DeviceInventory | null> } | null = null;
  /** Reconciliations run one at a time (device listing is async); requests while one waits merge into it. */
  private queue: Promise<void> = Promise.resolve();
  private queued = false;
  private disposed = false;

  constructor(private readonly deps: MeterServiceDeps) {
    super();
  }

  watch(req: WatchMetersRequest): { leaseMs: number } {
    const leaseMs = this.deps.leaseMs ?? METER_LEASE_MS;
    if (this.disposed) return { leaseMs };
    if (req.watching) {
      this.sceneId = req.sceneId;
      this.until = Date.now() + leaseMs;
      if (this.lease) clearTimeout(this.lease);
      this.lease = setTimeout(() => this.refresh(), leaseMs + 50);
      this.lease.unref?.();
    } else if (req.sceneId === this.sceneId) {
      this.until = 0;
    }
    this.refresh();
    return { leaseMs };
  }

  /** Scenes, devices or the pipeline changed: start, stop or adjust meters to match. */
  refresh(): void {
    if (this.queued) return;
    this.queued = true;
    this.queue = this.queue
      .then(() => {
        this.queued = false;
        return this.reconcile();
      })
      .catch((err: Error) => this.deps.log.warn(`audio meters: ${err.message}`));
  }

  /** A device list is stale (devices were listed again, a meter failed). */
  forgetDevices(): void {
    this.inventory = null;
  }

  /** For tests and the status bar: how many meter processes run. */
  get running(): number {
    return [...this.channels.values()].filter((c) => c.meter?.running).length;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.until = 0;
    if (this.lease) clearTimeout(this.lease);
    this.refresh();
    await this.queue;
  }

  private watching(): boolean {
    return this.sceneId !== null && Date.now() < this.until && !this.disposed;
  }

  private async reconcile(): Promise<void> {
    const program = this.deps.program();
    const scene = this.watching() ? this.deps.scenes().scenes.find((s) => s.id === this.sceneId) : undefined;
    const onAir = scene !== undefined && program?.sceneId === scene.id;
    const wanted = scene && !onAir ? scene.audio : [];
    for (const [id, ch] of this.channels) {
      const source = wanted.find((s) => s.id === id);
      if (!source || captureKey(source) !== ch.key) await this.close(id, ch);
    }
    if (wanted.length) {
      const inventory = (await this.devices()) ?? undefined;
      for (const source of wanted) {
        const ch = this.channels.get(source.id);
        if (ch) ch.meter?.setMix(source);
        else this.open(source, inventory);
      }
    }
    this.setTicking(scene !== undefined);
  }

  private devices(): Promise<DeviceInventory | null> {
    const now = Date.now();
    if (!this.inventory || now - this.inventory.at > DEVICES_TTL_MS) {
      this.inventory = { at: now, value: this.deps.devices().catch(() => null) };
    }
    return this.inventory.value;
  }

  private open(source: AudioSource, inventory: DeviceInventory | undefined): void {
    const ch: Channel = { key: captureKey(source), meter: null, state: { state: 'starting' }, level: FLOOR, at: 0, retry: null };
    this.channels.set(source.id, ch);
    const plan = buildMeterArgs(source, this.deps.platform, inventory);
    if ('missing' in plan) {
      ch.state = { state: 'missing', note: { layerId: source.id, ...plan.missing } };
      // Look again now and then: a device plugged in shows up without reopening the mixer.
      this.retryLater(source.id, ch, 3 * (this.deps.retryMs ?? RETRY_MS));
      return;
    }
    const ffmpeg = this.deps.ffmpegPath();
    if (!ffmpeg) {
      ch.state = { state: 'failed', reason: 'No ffmpeg was found (see Settings → ffmpeg).' };
      this.retryLater(source.id, ch, 3 * (this.deps.retryMs ?? RETRY_MS));
      return;
    }
    const meter = new MeterProcess(this.deps.processes, ffmpeg, plan, source, `meter:${source.id}`);
    ch.meter = meter;
    meter.on('level', (level) => {
      ch.level = level;
      ch.at = Date.now();
      ch.state = { state: 'ok' };
    });
    meter.on('failed', (reason) => {
      if (this.channels.get(source.id) !== ch) return;
      this.deps.log.warn(`audio meter for ${source.name || source.id} stopped: ${reason}`);
      ch.state = { state: 'failed', reason };
      ch.meter = null;
      ch.level = FLOOR;
      // Try again while someone watches: the device may come back (or be listed differently).
      this.retryLater(source.id, ch, this.deps.retryMs ?? RETRY_MS);
    });
    meter.start();
  }

  private retryLater(id: string, ch: Channel, ms: number): void {
    ch.retry = setTimeout(() => {
      if (this.channels.get(id) !== ch) return;
      this.channels.delete(id);
      this.forgetDevices();
      this.refresh();
    }, ms);
    ch.retry.unref?.();
  }

  private async close(id: string, ch: Channel): Promise<void> {
    this.channels.delete(id);
    if (ch.retry) clearTimeout(ch.retry);
    await ch.meter?.stop();
  }

  private setTicking(on: boolean): void {
    if (on && !this.ticker) {
      this.ticker = setInterval(() => this.tick(), this.deps.tickMs ?? TICK_MS);
      this.ticker.unref?.();
    } else if (!on && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  private tick(): void {
    if (!this.watching()) return this.refresh();
    const scene = this.deps.scenes().scenes.find((s) => s.id === this.sceneId);
    if (!scene) return this.refresh();
    const program = this.deps.program();
    const now = Date.now();
    const update: AudioLevelsUpdate = { sceneId: scene.id, from: 'meter', at: now, levels: {}, sources: {} };
    if (program?.sceneId === scene.id) {
      update.from = 'program';
      if (this.channels.size) this.refresh(); // it just went on air: the meters stop
      for (const s of scene.audio) {
        const note = program.notes.find((n) => n.layerId === s.id);
        update.levels[s.id] = program.levels[s.id] ?? FLOOR;
        update.sources[s.id] = note ? { state: 'missing', note } : { state: program.levels[s.id] ? 'ok' : 'starting' };
      }
    } else {
      if (scene.audio.some((s) => !this.channels.has(s.id)) || this.channels.size > scene.audio.length) this.refresh();
      for (const s of scene.audio) {
        const ch = this.channels.get(s.id);
        update.levels[s.id] = ch && ch.state.state === 'ok' && now - ch.at < STALE_MS ? ch.level : FLOOR;
        update.sources[s.id] = ch?.state ?? { state: 'starting' };
      }
    }
    this.emit('levels', update);
  }
}
