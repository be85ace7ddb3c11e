/**
 * Drives playback for one room: polls the relay's room API, feeds the stream state machine, creates
 * and destroys players accordingly, watches that playback advances, and reports latency. The page
 * only renders what it reports.
 */
import { estimateLatency, LatencySmoother } from './latency';
import { createFlvPlayer } from './flv-player';
import { createHlsPlayer } from './hls-player';
import { initialStreamState, nextStreamState, overlayFor, wantsPlayer, type StreamInput, type StreamState } from './stream-state';
import type { Player, PlayerMode } from './types';

export interface ControllerView {
  onStatus(status: { overlay: 'none' | 'offline' | 'connecting'; live: boolean; phase: StreamState['phase'] }): void;
  onLatency(seconds: number | null): void;
}

export interface ControllerOptions {
  origin: string;
  room: string;
  mode: PlayerMode;
  pollLiveMs?: number;
  pollOfflineMs?: number;
}

interface RoomInfo {
  live: boolean;
  since: number | null;
}

export class PlaybackController {
  private state = initialStreamState();
  private player: Player | null = null;
  private playerGen = -1;
  private lastTime = -1;
  private smoother = new LatencySmoother();
  private pollTimer = 0;
  private tickTimer = 0;
  private stopped = false;
  private mode: PlayerMode;

  constructor(private video: HTMLVideoElement, private opts: ControllerOptions, private view: ControllerView) {
    this.mode = opts.mode;
    this.tickTimer = window.setInterval(() => this.tick(), 500);
    void this.poll();
  }

  get currentMode(): PlayerMode {
    return this.mode;
  }

  get activePlayer(): Player | null {
    return this.player;
  }

  /** Switching HLS ↔ FLV recreates the player right away. */
  setMode(mode: PlayerMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.destroyPlayer();
    if (wantsPlayer(this.state)) this.apply({ ...this.state, generation: this.state.generation + 1, phase: 'starting', startedAt: Date.now(), progressAt: Date.now() });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearInterval(this.tickTimer);
    this.destroyPlayer();
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    let input: StreamInput;
    try {
      const res = await fetch(`${this.opts.origin}/api/rooms/${encodeURIComponent(this.opts.room)}`, { cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      const info = (await res.json()) as RoomInfo;
      input = { type: 'api', live: !!info.live, since: info.since ?? null, now: Date.now() };
    } catch {
      input = { type: 'api-error', now: Date.now() };
    }
    this.send(input);
    if (this.stopped) return;
    const live = this.state.phase === 'playing';
    this.pollTimer = window.setTimeout(() => void this.poll(), live ? (this.opts.pollLiveMs ?? 4000) : (this.opts.pollOfflineMs ?? 2000));
  }

  private tick(): void {
    const t = this.video.currentTime;
    // "Playing" means the clock moved since the last tick, not merely that play() was called.
    if (this.player && !this.video.paused && t > this.lastTime + 0.05) this.send({ type: 'progress', now: Date.now() });
    this.lastTime = t;
    this.send({ type: 'tick', now: Date.now() });
    const latency = this.player && this.state.phase === 'playing' ? this.smoother.push(estimateLatency(this.player.sample()), Date.now()) : null;
    this.view.onLatency(latency);
  }

  private send(input: StreamInput): void {
    this.apply(nextStreamState(this.state, input));
  }

  private apply(next: StreamState): void {
    const prev = this.state;
    this.state = next;
    if (!wantsPlayer(next)) this.destroyPlayer();
    else if (next.generation !== this.playerGen) void this.createPlayer(next.generation);
    if (prev.phase !== next.phase || prev.generation !== next.generation) {
      this.view.onStatus({ overlay: overlayFor(next), live: next.phase !== 'offline' && next.phase !== 'checking', phase: next.phase });
    }
  }

  private async createPlayer(gen: number): Promise<void> {
    this.destroyPlayer();
    this.playerGen = gen;
    this.lastTime = -1;
    this.smoother.reset();
    const base = `${this.opts.origin}/live/${encodeURIComponent(this.opts.room)}`;
    const cb = { onFatal: () => gen === this.playerGen && this.send({ type: 'fatal', now: Date.now() }) };
    try {
      const p = this.mode === 'flv' ? await createFlvPlayer(this.video, `${base}.flv`, cb) : await createHlsPlayer(this.video, `${base}/index.m3u8`, cb);
      if (gen !== this.playerGen || this.stopped) return p.destroy(); // superseded while loading
      this.player = p;
      void this.play();
    } catch {
      if (gen === this.playerGen) this.send({ type: 'fatal', now: Date.now() });
    }
  }

  /** Autoplay with sound is often refused: fall back to muted playback and let the page offer sound. */
  private async play(): Promise<void> {
    try {
      await this.video.play();
    } catch {
      this.video.muted = true;
      try {
        await this.video.play();
      } catch {
        /* still refused: the page's "click to play" handles it */
      }
    }
  }

  private destroyPlayer(): void {
    const p = this.player;
    this.player = null;
    this.playerGen = -1;
    if (p) {
      try {
        p.destroy();
      } catch {
        /* a half-dead player must not stop the recovery */
      }
    }
  }
}
