/**
 * Archives each publish's complete segments to disk while it is live, for replays: a tee beside the
 * live output (the packager hands every part and segment boundary to `tap(room)`). Segments are
 * written with async file I/O in order, one chain per session, so the event loop's media path only
 * collects buffers it already has. The writes in flight are bounded: when the disk cannot keep up a
 * segment is dropped (and the next one marked as a discontinuity) rather than queued without end.
 * When the publish ends the VOD playlist and meta.json are written; a session left without them by a
 * crash is finished from its segments.jsonl at the next start (`recover`).
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log';
import type { SegmenterPart, SegmenterSink } from '../hls/segmenter';
import { sessionDir, segmentLineSchema, type SegmentLine, type VodMeta } from './meta';
import { renderVodPlaylist } from './vod-playlist';
import type { VodCatalog } from './catalog';

export interface VodArchiveOptions {
  catalog: VodCatalog;
  log: Logger;
  /** Segment bytes waiting for the disk, per session, before segments are dropped (default 64 MB). */
  maxPendingBytes?: number;
  now?: () => number;
}

interface OpenSegment { pdt: number; disc: boolean; parts: Buffer[]; bytes: number }

class SessionWriter {
  readonly dir: string;
  private chain: Promise<void>;
  private open: OpenSegment | null = null;
  private readonly lines: SegmentLine[] = [];
  private pending = 0;
  private gap = false;
  private dropped = 0;
  private failed: string | null = null;

  constructor(root: string, readonly room: string, readonly session: number, readonly startedAt: number, private readonly o: VodArchiveOptions) {
    this.dir = sessionDir(root, room, session);
    // A folder of the same name is from a log that was reset (seqs start again): keep it aside.
    this.chain = fs.mkdir(path.dirname(this.dir), { recursive: true })
      .then(() => fs.rename(this.dir, `${this.dir}.old-${this.startedAt}`).catch(() => undefined))
      .then(() => fs.mkdir(this.dir))
      .catch((err: Error) => this.fail(err));
  }

  segmentStarted(_msn: number, pdt: number, discontinuity: boolean): void {
    this.open = { pdt, disc: discontinuity || this.gap, parts: [], bytes: 0 };
  }

  part(p: SegmenterPart): void {
    if (!this.open) return;
    this.open.parts.push(p.data);
    this.open.bytes += p.data.length;
  }

  segmentEnded(_msn: number, durationSec: number): void {
    const seg = this.open;
    this.open = null;
    if (!seg || seg.bytes === 0 || this.failed) return;
    if (this.pending + seg.bytes > (this.o.maxPendingBytes ?? 64 * 1024 * 1024)) {
      // The disk is behind: keep the live path real time, lose this segment from the replay.
      this.gap = true;
      if (this.dropped++ % 30 === 0) this.o.log.warn(`Replay archive of room "${this.room}" is behind the disk; ${this.dropped} segment(s) left out so far.`);
      return;
    }
    this.gap = false;
    const line: SegmentLine = { i: this.lines.length, d: Math.round(durationSec * 1000) / 1000, pdt: seg.pdt, bytes: seg.bytes, ...(seg.disc && this.lines.length > 0 ? { disc: true } : {}) };
    this.lines.push(line);
    this.pending += seg.bytes;
    this.chain = this.chain.then(async () => {
      if (this.failed) return;
      try {
        await writeParts(path.join(this.dir, `${line.i}.ts`), seg.parts);
        await fs.appendFile(path.join(this.dir, 'segments.jsonl'), JSON.stringify(line) + '\n');
      } catch (err) {
        this.fail(err as Error);
      } finally {
        this.pending -= seg.bytes;
      }
    });
  }

  /** Waits for the disk, then writes the playlist and meta.json; the meta, or null when nothing was archived. */
  async finish(endSeq: number | null, endedAt: number): Promise<VodMeta | null> {
    await this.chain;
    if (this.failed) return null;
    return finalize(this.dir, this.room, this.session, this.startedAt, this.lines, endSeq, endedAt, false);
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = err.message;
    this.o.log.error(`Replay archive of room "${this.room}" stopped: ${err.message}. The live stream is not affected; check free space and permissions of ${this.dir}.`);
  }
}

export class VodArchive {
  private readonly writers = new Map<string, SessionWriter>();
  private readonly finishing = new Set<Promise<unknown>>();

  constructor(private readonly o: VodArchiveOptions) {}

  /** The sink the packager tees into: late-bound, so it follows whichever session is open for the room. */
  tap(room: string): SegmenterSink {
    return {
      segmentStarted: (msn, pdt, disc) => this.writers.get(room)?.segmentStarted(msn, pdt, disc),
      part: (p) => this.writers.get(room)?.part(p),
      segmentEnded: (msn, d) => this.writers.get(room)?.segmentEnded(msn, d),
    };
  }

  /** A publish began and the room log numbered its live mark `session`. */
  begin(room: string, session: number, startedAt: number): void {
    void this.end(room, null);
    this.writers.set(room, new SessionWriter(this.o.catalog.root, room, session, startedAt, this.o));
  }

  /** The publish ended (its offline mark is `endSeq`); resolves when the replay is on disk. */
  end(room: string, endSeq: number | null): Promise<VodMeta | null> {
    const w = this.writers.get(room);
    if (!w) return Promise.resolve(null);
    this.writers.delete(room);
    const done = w.finish(endSeq, (this.o.now ?? Date.now)()).then((meta) => {
      if (meta) this.o.catalog.remember(meta);
      return meta;
    }, (err: Error) => {
      this.o.log.error(`Could not finish the replay of room "${room}": ${err.message}`);
      return null;
    });
    this.finishing.add(done);
    void done.finally(() => this.finishing.delete(done));
    return done;
  }

  /** Ends every open session (the relay stops) and waits for the disk. */
  async close(): Promise<void> {
    for (const room of [...this.writers.keys()]) void this.end(room, null);
    await Promise.all(this.finishing);
  }

  /**
   * Finishes sessions a crash left without meta.json (marked interrupted; their end is the last
   * complete segment on disk) and returns them. Runs once at start, before the relay takes publishes.
   */
  async recover(): Promise<VodMeta[]> {
    const fixed: VodMeta[] = [];
    for (const { room, session, dir } of await this.o.catalog.folders()) {
      if (await exists(path.join(dir, 'meta.json'))) continue;
      const lines = await readLines(dir);
      const meta = await finalize(dir, room, session, lines[0]?.pdt ?? 0, lines, null, null, true).catch(() => null);
      if (meta) {
        this.o.catalog.remember(meta);
        fixed.push(meta);
      }
    }
    if (fixed.length) this.o.log.warn(`Finished ${fixed.length} replay(s) the relay was archiving when it stopped; each ends at its last complete segment.`);
    return fixed;
  }
}

async function writeParts(file: string, parts: Buffer[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('error', reject);
    for (const p of parts) out.write(p);
    out.end(resolve);
  });
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

/** The segments.jsonl lines whose file is on disk whole, in order, stopping at the first that is not. */
async function readLines(dir: string): Promise<SegmentLine[]> {
  const text = await fs.readFile(path.join(dir, 'segments.jsonl'), 'utf8').catch(() => '');
  const out: SegmentLine[] = [];
  for (const raw of text.split('\n')) {
    let parsed;
    try {
      parsed = segmentLineSchema.safeParse(JSON.parse(raw));
    } catch {
      break;
    }
    if (!parsed.success || parsed.data.i !== out.length) break;
    const size = await fs.stat(path.join(dir, `${parsed.data.i}.ts`)).then((s) => s.size, () => -1);
    if (size !== parsed.data.bytes) break;
    out.push(parsed.data);
  }
  return out;
}

async function finalize(dir: string, room: string, session: number, startedAt: number, lines: readonly SegmentLine[], endSeq: number | null, endedAt: number | null, interrupted: boolean): Promise<VodMeta | null> {
  if (lines.length === 0) return null;
  const last = lines.at(-1)!;
  const segments = lines.map(({ d, pdt, bytes, disc }) => ({ d, pdt, bytes, ...(disc ? { disc } : {}) }));
  const meta: VodMeta = {
    v: 1, room, session, startedAt, endedAt: endedAt ?? Math.round(last.pdt + last.d * 1000), endSeq, interrupted,
    duration: Math.round(lines.reduce((a, l) => a + l.d, 0) * 1000) / 1000,
    bytes: lines.reduce((a, l) => a + l.bytes, 0),
    segments,
  };
  await writeAtomic(path.join(dir, 'index.m3u8'), renderVodPlaylist(segments));
  await writeAtomic(path.join(dir, 'meta.json'), JSON.stringify(meta));
  return meta;
}

async function writeAtomic(file: string, text: string): Promise<void> {
  await fs.writeFile(`${file}.tmp`, text);
  await fs.rename(`${file}.tmp`, file);
}
