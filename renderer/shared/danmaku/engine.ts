/**
 * The danmaku layer: a canvas over the video, one requestAnimationFrame loop, comments laid out by
 * DanmakuScheduler and drawn from pre-rendered sprites. devicePixelRatio aware: the backing store is
 * in device pixels and sprites are drawn at whole device pixels, so nothing is resampled per frame.
 */
import { DanmakuScheduler, type DensityConfig } from './scheduler';
import { SpriteFactory, type Sprite } from './sprites';
import { xAt } from './lanes';
import type { DanmakuInput, Placement } from './types';

export interface EngineOptions {
  fontSize?: number;
  fontFamily?: string;
  /** Scroll time across the stage, ms. */
  duration?: number;
  fixedDuration?: number;
  /** Share of the stage height that scrolling comments may use (0..1). */
  area?: number;
  opacity?: number;
  density?: Partial<DensityConfig>;
  /**
   * The clock comments move by, in ms (default performance.now). A replay passes the video's time,
   * so comments stop when it pauses, run faster at 2× and start afresh after a seek (call clear()).
   */
  clock?: () => number;
  /** Called when a queued comment gets its lane and starts to be drawn (the replay's sync check). */
  onPlaced?: (sprite: Sprite, placement: Placement) => void;
  /** Called at the start of every frame with the clock's time, before placing: a replay adds what is due here. */
  onFrame?: (now: number) => void;
}

interface Live {
  sprite: Sprite;
  p: Placement;
}

const DEFAULT_FONT = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Noto Sans",system-ui,sans-serif';

export class DanmakuEngine {
  readonly canvas: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D;
  private sprites: SpriteFactory;
  readonly scheduler: DanmakuScheduler<Sprite>;
  private live: Live[] = [];
  private raf = 0;
  private cssW = 0;
  private cssH = 0;
  private dpr = 1;
  private enabled = true;
  private opacity: number;
  private area: number;
  private resizeObserver: ResizeObserver;
  /** Frames drawn, for the bench and the debug overlay. */
  frames = 0;
  /** Unscheduled sprites drawn by the bench (see bench.ts); kept apart from real comments. */
  extraDraw: ((ctx: CanvasRenderingContext2D, now: number, w: number, h: number, dpr: number) => void) | null = null;

  constructor(private host: HTMLElement, private opts: EngineOptions = {}) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'danmaku-canvas';
    Object.assign(this.canvas.style, { position: 'absolute', inset: '0', width: '100%', height: '100%', pointerEvents: 'none' });
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('2D canvas is not available');
    this.ctx = ctx;
    host.appendChild(this.canvas);
    this.opacity = opts.opacity ?? 1;
    this.area = opts.area ?? 1;
    this.sprites = new SpriteFactory({ fontSize: opts.fontSize ?? 25, fontFamily: opts.fontFamily ?? DEFAULT_FONT, dpr: 1 });
    this.scheduler = new DanmakuScheduler<Sprite>(
      { width: 1, lanes: 0, duration: opts.duration ?? 8000, fixedDuration: opts.fixedDuration ?? 4000, gap: 16 },
      opts.density,
    );
    // A comment the density cap gave up on will never be drawn: free its bitmap now.
    this.scheduler.onDrop = (sprite) => sprite.close();
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(host);
    this.resize();
    this.raf = requestAnimationFrame(this.frame);
  }

  get fontSize(): number {
    return this.opts.fontSize ?? 25;
  }

  /**
   * Measures a comment and queues it; the next frame places it if a lane is free. `due`: its moment
   * on the clock (a replay), so a frame that comes late still draws it where it belongs.
   */
  add(c: DanmakuInput, due?: number): Sprite | null {
    if (!this.enabled) return null;
    const sprite = this.sprites.create(c.text, c.color, c.mine);
    this.scheduler.enqueue(sprite, c.mode, sprite.width, this.now(), due);
    return sprite;
  }

  private now(): number {
    return this.opts.clock ? this.opts.clock() : performance.now();
  }

  setEnabled(on: boolean): void {
    this.enabled = on;
    this.canvas.style.display = on ? '' : 'none';
    if (!on) this.clear();
  }

  setOpacity(v: number): void {
    this.opacity = Math.min(1, Math.max(0, v));
  }

  setDensity(d: Partial<DensityConfig>): void {
    this.scheduler.density = { ...this.scheduler.density, ...d };
  }

  clear(): void {
    for (const l of this.live) l.sprite.close();
    this.live = [];
    this.scheduler.clear();
  }

  get onScreen(): number {
    return this.live.length;
  }

  /** For the page's debug/test hook: what the layer holds right now. */
  stats(): { onScreen: number; queued: number; dropped: number; frames: number } {
    return { onScreen: this.live.length, queued: this.scheduler.queued, dropped: this.scheduler.dropped, frames: this.frames };
  }

  createSprite(text: string, color: string): Sprite {
    return this.sprites.create(text, color);
  }

  get size(): { width: number; height: number; dpr: number } {
    return { width: this.cssW, height: this.cssH, dpr: this.dpr };
  }

  destroy(): void {
    cancelAnimationFrame(this.raf);
    this.resizeObserver.disconnect();
    this.clear();
    this.canvas.remove();
  }

  private resize(): void {
    const rect = this.host.getBoundingClientRect();
    this.cssW = Math.max(1, Math.round(rect.width));
    this.cssH = Math.max(1, Math.round(rect.height));
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.cssW * dpr);
    this.canvas.height = Math.round(this.cssH * dpr);
    if (dpr !== this.dpr) {
      // Sprites are resolution-specific: on a DPR change (window moved to another screen) start afresh.
      this.dpr = dpr;
      this.sprites.setStyle({ fontSize: this.fontSize, fontFamily: this.opts.fontFamily ?? DEFAULT_FONT, dpr });
      this.clear();
    }
    const lanes = Math.max(1, Math.floor((this.cssH * this.area) / this.sprites.lineHeight));
    this.scheduler.lanes.resize({ width: this.cssW, lanes });
  }

  private frame = (frameTime: number): void => {
    this.raf = requestAnimationFrame(this.frame);
    const now = this.opts.clock ? this.opts.clock() : frameTime;
    const { ctx, dpr } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    if (!this.enabled) return;
    this.opts.onFrame?.(now);
    for (const s of this.scheduler.tick(now)) {
      this.live.push({ sprite: s.item, p: s.placement });
      this.opts.onPlaced?.(s.item, s.placement);
    }
    ctx.globalAlpha = this.opacity;
    const lh = this.sprites.lineHeight;
    let kept = 0;
    for (let i = 0; i < this.live.length; i++) {
      const l = this.live[i]!;
      if (now >= l.p.end) {
        l.sprite.close();
        continue;
      }
      this.live[kept++] = l;
      const x = xAt(l.p, this.cssW, now);
      const y = l.p.kind === 'bottom' ? this.cssH - (l.p.lane + 1) * lh : l.p.lane * lh;
      // whole device pixels: drawImage without resampling is several times cheaper in software raster
      ctx.drawImage(l.sprite.image, Math.round(x * dpr), Math.round(y * dpr));
    }
    this.live.length = kept;
    this.extraDraw?.(ctx, now, this.cssW, this.cssH, dpr);
    this.frames++;
  };
}
