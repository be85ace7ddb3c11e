/**
 * One publish's LL-HLS output, in memory: parts and segments as the segmenter completes them, the
 * playlist, and the requests waiting for what does not exist yet (blocking playlist reloads and
 * preload-hinted parts). Every wait is bounded in time and in number; nothing here does HTTP.
 */
import type { LlHlsParameters } from '../../common/live-timing';
import { decideBlocking, renderLlPlaylist, type PlaylistQuery, type PlaylistSegment } from './ll-playlist';
import type { SegmenterPart, SegmenterSink } from './segmenter';

interface StoredSegment extends PlaylistSegment {
  /** Part buffers, in order; after completion they are views into `data`. */
  buffers: Buffer[];
  data: Buffer | null;
  firstPartId: number;
}

export type PlaylistAnswer =
  | { status: 200; text: string; blocked: boolean }
  | { status: 400 | 503; error: string; message: string };

interface Waiter {
  check: () => boolean;
  timer: NodeJS.Timeout;
}

export interface LiveOutputOptions {
  epoch: string;
  params: LlHlsParameters;
  /** Complete segments listed in the playlist. */
  listSegments: number;
  /** Complete segments kept (served, not listed) after they leave the playlist, for slow players. */
  keepUnlisted?: number;
  /** At most this many requests wait at once; more get 503 (a flood must not grow without bound). */
  maxWaiters?: number;
}

export class LiveOutput implements SegmenterSink {
  private readonly segments: StoredSegment[] = [];
  /** Segments that left the playlist but are still served. */
  private readonly retired: StoredSegment[] = [];
  private readonly waiters = new Set<Waiter>();
  private nextPartId = 0;
  private isEnded = false;
  private discontinuitySequence = 0;

  constructor(private readonly o: LiveOutputOptions) {}

  get epoch(): string {
    return this.o.epoch;
  }

  get ended(): boolean {
    return this.isEnded;
  }

  /** Complete segments listed now (for status and tests). */
  get listedSegments(): number {
    return this.segments.filter((s) => s.uri !== null).length;
  }

  segmentUri(msn: number): string {
    return `${this.o.epoch}-${msn}.ts`;
  }

  partUri(id: number): string {
    return `${this.o.epoch}-p${id}.ts`;
  }

  // --- SegmenterSink

  segmentStarted(msn: number, programDateMs: number, discontinuity = false): void {
    this.segments.push({ msn, uri: null, duration: 0, programDateMs, parts: [], buffers: [], data: null, firstPartId: this.nextPartId, ...(discontinuity ? { discontinuity } : {}) });
  }

  part(p: SegmenterPart): void {
    const s = this.segments.at(-1);
    if (!s || s.msn !== p.msn) return;
    s.parts.push({ uri: this.partUri(p.id), duration: p.durationSec, independent: p.independent });
    s.buffers.push(p.data);
    s.duration += p.durationSec;
    this.nextPartId = p.id + 1;
    this.wake();
  }

  segmentEnded(msn: number, durationSec: number): void {
    const s = this.segments.at(-1);
    if (!s || s.msn !== msn) return;
    s.uri = this.segmentUri(msn);
    s.duration = durationSec;
    // One buffer for the segment; the parts become views of it (no second copy in memory).
    s.data = Buffer.concat(s.buffers);
    let at = 0;
    s.buffers = s.buffers.map((b) => s.data!.subarray(at, (at += b.length)));
    this.prune();
    this.wake();
  }

  /** The publisher left: no more parts; the playlist gets #EXT-X-ENDLIST and every waiter an answer. */
  end(): void {
    this.isEnded = true;
    // An in-progress segment without parts would never complete.
    const last = this.segments.at(-1);
    if (last && last.uri === null && last.parts.length === 0) this.segments.pop();
    this.wake();
  }

  /** Drop every waiter (the relay stops or a new publish replaced this one). */
  close(): void {
    this.isEnded = true;
    this.wake();
  }

  // --- What the HTTP routes ask

  hasPlaylist(): boolean {
    return this.segments.some((s) => s.parts.length > 0);
  }

  async playlist(q: PlaylistQuery, signal?: AbortSignal): Promise<PlaylistAnswer> {
    const decide = () => decideBlocking(this.view(), this.isEnded, q, this.o.params.advancePartLimit);
    const first = decide();
    if (first.kind === 'bad') return { status: 400, error: 'bad_request', message: first.reason };
    let blocked = false;
    if (first.kind === 'wait') {
      blocked = true;
      const ok = await this.waitUntil(() => decide().kind !== 'wait', signal);
      if (!ok) return { status: 503, error: 'not_yet', message: `Part ${q.part ?? '-'} of segment ${q.msn} did not appear within ${this.o.params.blockTimeoutMs} ms; the stream may have stalled.` };
    }
    return { status: 200, text: renderLlPlaylist({ params: this.o.params, segments: this.view(), preloadHintUri: this.isEnded ? null : this.partUri(this.nextPartId), ended: this.isEnded, discontinuitySequence: this.discontinuitySequence }, q), blocked };
  }

  /** A complete segment by file name, or null. */
  segment(name: string): Buffer | null {
    const m = /^([a-z0-9]+)-(\d+)\.ts$/.exec(name);
    if (!m || m[1] !== this.o.epoch) return null;
    const msn = Number(m[2]);
    return this.findSegment(msn)?.data ?? null;
  }

  /**
   * A part by file name. The next part (the preload hint) and the one after are waited for, so a
   * player can ask for a part before it exists and get it the moment it is complete.
   */
  async partData(name: string, signal?: AbortSignal): Promise<Buffer | null> {
    const m = /^([a-z0-9]+)-p(\d+)\.ts$/.exec(name);
    if (!m || m[1] !== this.o.epoch) return null;
    const id = Number(m[2]);
    if (id >= this.nextPartId) {
      if (this.isEnded || id > this.nextPartId + 1) return null;
      if (!(await this.waitUntil(() => id < this.nextPartId, signal))) return null;
    }
    for (const s of [...this.retired, ...this.segments]) {
      const i = id - s.firstPartId;
      if (i >= 0 && i < s.buffers.length) return s.buffers[i]!;
    }
    return null;
  }

  private view(): PlaylistSegment[] {
    return this.segments;
  }

  private findSegment(msn: number): StoredSegment | undefined {
    return this.segments.find((s) => s.msn === msn) ?? this.retired.find((s) => s.msn === msn);
  }

  private prune(): void {
    while (this.segments.filter((s) => s.uri !== null).length > this.o.listSegments) {
      const gone = this.segments.shift()!;
      // Each discontinuity that leaves the playlist is counted in EXT-X-DISCONTINUITY-SEQUENCE.
      if (this.segments[0]?.discontinuity) this.discontinuitySequence++;
      this.retired.push(gone);
    }
    while (this.retired.length > (this.o.keepUnlisted ?? 4)) this.retired.shift();
  }

  /** Resolves true when `cond` holds, false on timeout, abort or when nothing more will come. */
  private waitUntil(cond: () => boolean, signal?: AbortSignal): Promise<boolean> {
    if (cond()) return Promise.resolve(true);
    if (this.isEnded || signal?.aborted || this.waiters.size >= (this.o.maxWaiters ?? 10_000)) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (v: boolean) => {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        signal?.removeEventListener('abort', onAbort);
        resolve(v);
      };
      const onAbort = () => finish(false);
      const w: Waiter = {
        check: () => {
          if (cond()) finish(true);
          else if (this.isEnded) finish(false);
          return true;
        },
        timer: setTimeout(() => finish(false), this.o.params.blockTimeoutMs),
      };
      this.waiters.add(w);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w.check();
  }
}
