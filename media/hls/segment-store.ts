/**
 * Holds each room's HLS output in memory. ffmpeg uploads segments and playlists over HTTP PUT
 * (ffmpeg 4.1's hls muxer ignores temp_file, so files on disk could be served half-written); a
 * segment becomes visible only once its upload completed, and the served playlist lists only those.
 */
import { parseMediaPlaylist, renderMediaPlaylist, restrictToAvailable, type MediaPlaylist } from './playlist';

interface RoomOutput {
  epoch: string;
  segments: Map<string, Buffer>;
  /** Upload order, oldest first, for pruning. */
  order: string[];
  playlist: MediaPlaylist | null;
  rendered: string | null;
  ended: boolean;
  cleanupTimer: NodeJS.Timeout | null;
}

export interface SegmentStoreOptions {
  /** Segments no longer in the playlist that we still serve to players that fetched an older one. */
  keepUnlisted?: number;
  /** How long an ended stream's files stay after the publisher left. */
  retainAfterEndMs?: number;
}

export class HlsSegmentStore {
  private readonly rooms = new Map<string, RoomOutput>();
  private readonly keepUnlisted: number;
  private readonly retainAfterEndMs: number;

  constructor(opts: SegmentStoreOptions = {}) {
    this.keepUnlisted = opts.keepUnlisted ?? 4;
    this.retainAfterEndMs = opts.retainAfterEndMs ?? 60_000;
  }

  /** A new publish: drop whatever the previous one left so the new playlist starts cleanly. */
  begin(room: string, epoch: string): void {
    this.drop(room);
    this.rooms.set(room, { epoch, segments: new Map(), order: [], playlist: null, rendered: null, ended: false, cleanupTimer: null });
  }

  /** The publisher left: keep serving the (ended) playlist for a while, then forget it. */
  end(room: string): void {
    const r = this.rooms.get(room);
    if (!r) return;
    r.ended = true;
    if (r.playlist && !r.playlist.ended) this.setPlaylist(r, { ...r.playlist, ended: true });
    r.cleanupTimer = setTimeout(() => {
      if (this.rooms.get(room) === r) this.drop(room);
    }, this.retainAfterEndMs);
    r.cleanupTimer.unref();
  }

  putSegment(room: string, epoch: string, name: string, data: Buffer): boolean {
    const r = this.rooms.get(room);
    if (!r || r.epoch !== epoch) return false; // a late upload from a previous publish
    if (!r.segments.has(name)) r.order.push(name);
    r.segments.set(name, data);
    return true;
  }

  putPlaylist(room: string, epoch: string, text: string): boolean {
    const r = this.rooms.get(room);
    if (!r || r.epoch !== epoch) return false;
    const parsed = parseMediaPlaylist(text);
    this.setPlaylist(r, r.ended ? { ...parsed, ended: true } : parsed);
    this.prune(r);
    return true;
  }

  deleteSegment(room: string, epoch: string, _name: string): void {
    const r = this.rooms.get(room);
    if (!r || r.epoch !== epoch) return;
    // ffmpeg asks to delete segments that left its list; players may still be fetching them, so
    // pruning (which keeps a few unlisted ones) decides instead.
    this.prune(r);
  }

  playlist(room: string): string | null {
    return this.rooms.get(room)?.rendered ?? null;
  }

  segment(room: string, name: string): Buffer | null {
    return this.rooms.get(room)?.segments.get(name) ?? null;
  }

  has(room: string): boolean {
    return this.rooms.has(room);
  }

  /** For /api and tests: how many segments are listed right now. */
  listedSegments(room: string): number {
    return this.rooms.get(room)?.playlist?.segments.length ?? 0;
  }

  close(): void {
    for (const room of [...this.rooms.keys()]) this.drop(room);
  }

  private setPlaylist(r: RoomOutput, pl: MediaPlaylist): void {
    const available = restrictToAvailable(pl, (uri) => r.segments.has(uri));
    r.playlist = available;
    r.rendered = available.segments.length > 0 ? renderMediaPlaylist(available) : null;
  }

  private prune(r: RoomOutput): void {
    const listed = new Set(r.playlist?.segments.map((s) => s.uri) ?? []);
    const unlisted = r.order.filter((n) => !listed.has(n));
    const excess = unlisted.length - this.keepUnlisted;
    if (excess <= 0) return;
    const doomed = new Set(unlisted.slice(0, excess));
    for (const n of doomed) r.segments.delete(n);
    r.order = r.order.filter((n) => !doomed.has(n));
  }

  private drop(room: string): void {
    const r = this.rooms.get(room);
    if (r?.cleanupTimer) clearTimeout(r.cleanupTimer);
    this.rooms.delete(room);
  }
}
