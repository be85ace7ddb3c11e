/**
 * The archived sessions on disk (`<data>/vod/<room>/<session>/`), read back through meta.json's
 * schema and cached in memory (a finished session never changes). Also the retention pass: with a
 * limit of days or bytes set, the oldest *unpublished* replays go first; a published replay is only
 * removed when the streamer unpublishes it or deletes it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ROOM_ID_PATTERN } from '../../common/room-protocol';
import type { Logger } from '../log';
import { isSessionId, metaSchema, sessionDir, type VodMeta } from './meta';

export interface VodRetention {
  /** Replays older than this many days are removed (unpublished ones only). */
  maxAgeDays?: number;
  /** When all replays together take more, the oldest unpublished ones are removed. */
  maxBytes?: number;
}

const MAX_CACHED = 2000;

export class VodCatalog {
  private readonly metas = new Map<string, VodMeta>();
  private scanned = false;

  constructor(readonly root: string, private readonly log: Logger) {}

  /** Every session folder (finished or not) with its room and id. */
  async folders(): Promise<{ room: string; session: number; dir: string }[]> {
    const out: { room: string; session: number; dir: string }[] = [];
    for (const room of await readdir(this.root)) {
      if (!ROOM_ID_PATTERN.test(room)) continue;
      for (const s of await readdir(path.join(this.root, room))) {
        if (isSessionId(s)) out.push({ room, session: Number(s), dir: path.join(this.root, room, s) });
      }
    }
    return out;
  }

  remember(meta: VodMeta): void {
    this.metas.delete(key(meta.room, meta.session));
    this.metas.set(key(meta.room, meta.session), meta);
    while (this.metas.size > MAX_CACHED) this.metas.delete(this.metas.keys().next().value!);
  }

  /** A finished session's meta, or null (unknown, still live, or unreadable). */
  async get(room: string, session: number): Promise<VodMeta | null> {
    if (!ROOM_ID_PATTERN.test(room) || !Number.isSafeInteger(session) || session < 1) return null;
    const cached = this.metas.get(key(room, session));
    if (cached) return cached;
    const meta = await this.read(room, session);
    if (meta) this.remember(meta);
    return meta;
  }

  /** Finished sessions of a room (every room when null), newest first. */
  async list(room: string | null): Promise<VodMeta[]> {
    if (!this.scanned) {
      for (const f of await this.folders()) await this.get(f.room, f.session);
      this.scanned = this.metas.size < MAX_CACHED;
    }
    if (!this.scanned) {
      const all = await Promise.all((await this.folders()).filter((f) => room === null || f.room === room).map((f) => this.get(f.room, f.session)));
      return all.filter((m): m is VodMeta => m !== null).sort((a, b) => b.startedAt - a.startedAt);
    }
    return [...this.metas.values()].filter((m) => room === null || m.room === room).sort((a, b) => b.startedAt - a.startedAt);
  }

  segmentFile(room: string, session: number, index: number): string {
    return path.join(sessionDir(this.root, room, session), `${index}.ts`);
  }

  playlistFile(room: string, session: number): string {
    return path.join(sessionDir(this.root, room, session), 'index.m3u8');
  }

  async remove(room: string, session: number): Promise<void> {
    this.metas.delete(key(room, session));
    await fs.rm(sessionDir(this.root, room, session), { recursive: true, force: true });
  }

  /** Applies the retention limits; `keep` protects published replays. Returns the sessions removed. */
  async prune(r: VodRetention, keep: (room: string, session: number) => boolean, now = Date.now()): Promise<VodMeta[]> {
    if (r.maxAgeDays === undefined && r.maxBytes === undefined) return [];
    const oldestFirst = (await this.list(null)).reverse();
    let total = oldestFirst.reduce((a, m) => a + m.bytes, 0);
    const removed: VodMeta[] = [];
    for (const m of oldestFirst) {
      const tooOld = r.maxAgeDays !== undefined && now - m.endedAt > r.maxAgeDays * 86_400_000;
      const tooBig = r.maxBytes !== undefined && total > r.maxBytes;
      if (!tooOld && !tooBig) continue;
      if (keep(m.room, m.session)) continue;
      await this.remove(m.room, m.session);
      total -= m.bytes;
      removed.push(m);
    }
    if (removed.length) this.log.info(`Replay retention removed ${removed.length} unpublished session(s) (${Math.round(removed.reduce((a, m) => a + m.bytes, 0) / 1e6)} MB).`);
    return removed;
  }

  private async read(room: string, session: number): Promise<VodMeta | null> {
    let text: string;
    try {
      text = await fs.readFile(path.join(sessionDir(this.root, room, session), 'meta.json'), 'utf8');
    } catch {
      return null;
    }
    try {
      const parsed = metaSchema.safeParse(JSON.parse(text));
      if (parsed.success && parsed.data.room === room && parsed.data.session === session) return parsed.data;
    } catch {
      /* fall through */
    }
    this.log.warn(`Replay ${room}/${session} has an unreadable meta.json; it is not listed.`);
    return null;
  }
}

const key = (room: string, session: number) => `${room}/${session}`;

async function readdir(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch(() => []);
}
