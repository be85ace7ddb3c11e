/**
 * The source picker's thumbnails: one frame of a screen, window or camera (x11grab / gdigrab /
 * avfoundation / v4l2 / dshow through the same capture builder as the stream), one ffmpeg at a time,
 * each killed after a few seconds, answers cached briefly so reopening the picker costs nothing.
 */
import type { ThumbnailRequest } from '../../common/studio-api';
import type { VideoSource } from '../../common/scene';
import type { ProcessRegistry } from '../../media/ffmpeg/processes';
import { buildThumbnailArgs } from '../../media/studio/args';
import type { DeviceInventory, Platform } from '../../media/studio/device-types';
import { JpegFrameSplitter } from '../../media/studio/jpeg-frames';

export interface ThumbnailDeps {
  processes: ProcessRegistry;
  platform: Platform;
  ffmpegPath(): string | null;
  devices(): Promise<DeviceInventory | null>;
  timeoutMs?: number;
  cacheMs?: number;
}

const MAX_CACHED = 32;

function sourceOf(req: ThumbnailRequest): VideoSource {
  switch (req.kind) {
    case 'display': return { kind: 'display', device: req.device, showCursor: false };
    case 'camera': return { kind: 'camera', device: req.device };
    case 'window': return { kind: 'window', title: req.title };
  }
}

export class Thumbnails {
  private readonly cache = new Map<string, { at: number; jpeg: Promise<string | null> }>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly deps: ThumbnailDeps) {}

  get(req: ThumbnailRequest): Promise<string | null> {
    const key = JSON.stringify(req);
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < (this.deps.cacheMs ?? 5000)) return hit.jpeg;
    const jpeg = this.queue.then(() => this.grab(req), () => this.grab(req));
    this.queue = jpeg.catch(() => null);
    this.cache.set(key, { at: Date.now(), jpeg });
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    return jpeg;
  }

  async dispose(): Promise<void> {
    this.closed = true;
    await this.queue.catch(() => null);
  }

  private async grab(req: ThumbnailRequest): Promise<string | null> {
    const ffmpeg = this.deps.ffmpegPath();
    if (!ffmpeg || this.closed) return null;
    const devices = (await this.deps.devices().catch(() => null)) ?? undefined;
    const plan = buildThumbnailArgs(sourceOf(req), this.deps.platform, devices);
    if ('missing' in plan) return null; // e.g. window capture on Linux: the picker shows an icon
    const proc = this.deps.processes.spawn('thumbnail', ffmpeg, plan.args, { quitWith: 'SIGTERM', tailLines: 5 });
    proc.child.stdin?.end();
    const splitter = new JpegFrameSplitter({ maxFrameBytes: 1024 * 1024 });
    let first: Buffer | null = null;
    proc.child.stdout?.on('data', (c: Buffer) => { first ??= splitter.push(c)[0] ?? null; });
    const timer = setTimeout(() => void proc.stop(200), this.deps.timeoutMs ?? 4000);
    await proc.exited;
    clearTimeout(timer);
    return first ? (first as Buffer).toString('base64') : null;
  }
}
