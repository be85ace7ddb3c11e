/**
 * The studio's history service: records what the room client delivers (through the writer), viewer
 * counts and recordings, and answers the history view (sessions, a session's page, its events,
 * search, exports). Everything is read from the HistoryStore; this module shapes the answers.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RoomEvent } from '../../common/room-protocol';
import type { RecordingStatus } from '../../common/pipeline';
import type { AuditEntry } from '../../common/room-protocol';
import {
  parseSessionId, sessionId, type HistoryAuditPage, type HistoryAuditQuery, type HistoryEventsPage, type HistoryEventsQuery, type HistoryExport, type HistoryExportRequest,
  type HistorySessionsQuery, type HistoryUsage, type SessionDetail, type SessionRecording, type SessionSummary, type TextRange,
} from '../../common/history';
import { StudioError, type CodedMessage, type HistoryQuery, type HistoryResult, type HistoryStats, type HistoryStatsQuery } from '../../common/studio-api';
import { AUDIT_MAX_LIMIT } from './audit-store';
import { toAuditCsv, toBilibiliXml, toCsv, toJson } from './export';
import { sessionAt } from './sessions';
import type { HistoryStore, StoredSession } from './store';
import { HistoryWriter } from './writer';

/** An export reads the session in pages of this many events. */
const EXPORT_PAGE = 5000;

export interface HistoryServiceOptions {
  /** The studio's room (fixed for a run; a new id takes effect at the next start). */
  room: () => string;
  fileExists?: (file: string) => boolean;
  /** Retention's state, for history.usage (absent: retention is not running). */
  retention?: { readonly busy: boolean; readonly last: { at: number; sessions: number; events: number } | null };
}

/** Where `needle` occurs in `text`, ignoring letter case as the search does. */
export function highlightRanges(text: string, needle: string | undefined): TextRange[] {
  const n = needle?.trim();
  if (!n) return [];
  const lower = text.toLowerCase();
  const hay = lower.length === text.length ? lower : text;
  const pin = hay === lower ? n.toLowerCase() : n;
  const out: TextRange[] = [];
  for (let i = hay.indexOf(pin); i >= 0 && out.length < 20; i = hay.indexOf(pin, i + pin.length)) out.push([i, i + pin.length]);
  return out;
}

export class HistoryService {
  private readonly writer: HistoryWriter;
  private readonly lastViewers = new Map<string, number>();
  private readonly fileExists: (file: string) => boolean;
  private readonly problemListeners = new Set<(message: CodedMessage, level: 'error' | 'info') => void>();

  constructor(private readonly store: HistoryStore, private readonly opts: HistoryServiceOptions) {
    this.fileExists = opts.fileExists ?? existsSync;
    // Before this run records anything: a recording the last run left unfinished (killed) gets its end.
    store.endUnfinishedRecordings(lastWriteOf);
    // Told once when writes start failing, once if events are given up, and once when it recovers.
    let toldFailing = false;
    let toldLost = 0;
    const tell = (message: CodedMessage, level: 'error' | 'info' = 'error') => { for (const l of this.problemListeners) l(message, level); };
    this.writer = new HistoryWriter(store, {
      failed: (err, waiting, lost) => {
        if (!toldFailing && waiting > 0) {
          toldFailing = true;
          tell({
            code: 'history-write-failed',
            params: { count: waiting, reason: err.message },
            text: `${waiting} room events are waiting to be saved to the history (${err.message}). They are kept and saved again every few seconds, and the live feed goes on; free some disk space so none is lost.`,
          });
        }
        if (lost > 0 && toldLost === 0) {
          toldLost = lost;
          tell({
            code: 'history-write-lost',
            params: { count: lost, reason: err.message },
            text: `${lost} room events could not be saved to the history and were given up (${err.message}). Free some disk space; later events are still kept.`,
          });
        }
      },
      recovered: (saved) => {
        toldFailing = false;
        toldLost = 0;
        tell({ code: 'history-write-recovered', params: { count: saved }, text: `The history is saved again: ${saved} room events that were waiting are stored.` }, 'info');
      },
    });
  }

  get openProblem(): CodedMessage | null {
    return this.store.openProblem;
  }

  /** Problems the streamer should hear about (a write that failed). */
  onProblem(l: (message: CodedMessage, level: 'error' | 'info') => void): () => void {
    this.problemListeners.add(l);
    return () => this.problemListeners.delete(l);
  }

  /** Stores the event; `onStored` runs once it is committed (or could not be). */
  record(room: string, e: RoomEvent, onStored?: () => void): void {
    this.writer.push(room, e, onStored);
  }

  recordViewers(room: string, count: number, now = Date.now()): void {
    if (this.lastViewers.get(room) === count) return;
    this.lastViewers.set(room, count);
    this.store.addViewerCount(room, now, count);
  }

  recordRecording(room: string, r: RecordingStatus | null, now = Date.now()): void {
    if (!r?.path) return;
    // The pipeline's measured time zero; older builds' statuses only had the duration.
    const startedAt = r.startedAt ?? Math.round(now - r.durationSec * 1000);
    this.store.addRecording(room, r.path, startedAt, r.state === 'done' || r.state === 'failed' ? now : undefined);
  }

  /** The relay log epoch the stored events of `room` came from (to notice a reset while away). */
  epoch(room: string): string | undefined {
    return this.store.epoch(room);
  }

  setEpoch(room: string, epoch: string): void {
    if (this.store.epoch(room) !== epoch) this.store.setEpoch(room, epoch);
  }

  /**
   * The relay's log was reset and numbers events from 1 again: what was stored so far (queued events
   * included) moves to an archive that stays listed and searchable, and the new log is kept as well.
   */
  resetRoom(room: string, epoch: string): string {
    this.writer.flushAll();
    return this.store.archiveRoom(room, epoch);
  }

  recent(room: string, limit: number): RoomEvent[] {
    return this.store.recent(room, limit);
  }

  // ---- queries --------------------------------------------------------------------------------

  sessions(q: HistorySessionsQuery = {}): SessionSummary[] {
    const room = this.opts.room();
    const before = q.before ?? Number.MAX_SAFE_INTEGER;
    return [room, ...this.store.archives(room)]
      .flatMap((r) => this.store.sessions(r).filter((s) => s.start < before).map((s) => ({ r, s })))
      .sort((a, b) => b.s.start - a.s.start)
      .slice(0, q.limit ?? 50).map(({ r, s }) => this.summary(r, s));
  }

  session(id: string): SessionDetail {
    const { room, s } = this.find(id);
    const range = { startSeq: s.startSeq, endSeq: s.endSeq };
    const totals = this.store.sessionTotals(room, s);
    const ret = this.store.returningSupporters(room, range);
    return {
      session: this.summary(room, s),
      minutes: this.store.sessionMinutes(room, s),
      topSupporters: this.store.topSupportersIn(room, range, 10),
      topChatters: this.store.topChattersIn(room, range, 10),
      analytics: {
        uniqueViewers: totals.uniqueViewers,
        engagedViewers: totals.engagedViewers,
        engagement: totals.uniqueViewers ? totals.engagedViewers / totals.uniqueViewers : 0,
        returningSupporters: ret.returned,
        supporters: ret.supporters,
        revenueByGift: this.store.revenueByGift(room, range),
      },
      moderation: this.store.moderationIn(room, range),
    };
  }

  events(q: HistoryEventsQuery): HistoryEventsPage {
    const { room, s } = this.find(q.session);
    const from = Math.max(s.startSeq, q.fromSeq ?? s.startSeq);
    return { session: q.session, events: this.store.range(room, from, s.endSeq, Math.min(q.limit ?? 200, 1000)) };
  }

  search(q: HistoryQuery): HistoryResult {
    const room = this.opts.room();
    const span = q.session ? this.find(q.session) : null;
    const r = this.store.search({
      room: span ? span.room : room,
      ...(span ? {} : { alsoRooms: this.store.archives(room) }),
      ...(q.text !== undefined ? { text: q.text } : {}),
      ...(q.user ?? q.userId ? { user: q.user ?? q.userId } : {}),
      ...(q.types ? { types: q.types } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(span ? { seqFrom: span.s.startSeq, seqTo: span.s.endSeq } : {}),
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
    const sessions = new Map<string, StoredSession[]>();
    const sessionsOf = (r: string) => { let l = sessions.get(r); if (!l) sessions.set(r, l = this.store.sessions(r)); return l; };
    return {
      total: r.total,
      capped: r.capped,
      events: r.events.map((e, i) => {
        const from = r.rooms[i]!;
        const s = sessionAt(sessionsOf(from), e.seq);
        return { ...e, room: from, session: s ? sessionId(from, s.startSeq) : null, highlights: e.type === 'danmaku' ? highlightRanges(e.text, q.text) : [] };
      }),
    };
  }

  stats(q: HistoryStatsQuery): HistoryStats {
    const room = this.opts.room();
    const t = this.store.totals(room);
    return {
      danmaku: t.danmaku,
      gifts: t.gifts,
      giftValue: t.giftValue,
      likes: t.likes,
      uniqueUsers: t.uniqueUsers,
      topGifters: this.store.topSupporters(room, 10).map((s) => ({ user: { id: s.userId, name: s.name, role: 'viewer' }, value: s.value })),
      danmakuPerMinute: this.store.danmakuPerMinute(room, { ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) }),
    };
  }

  export(req: HistoryExportRequest): HistoryExport {
    const { room, s } = this.find(req.session);
    const summary = this.summary(room, s);
    const events = this.iterate(room, s);
    const stamp = new Date(s.start).toISOString().slice(0, 16).replace(/[:T]/g, '-');
    const base = `${room}-${stamp}`;
    switch (req.format) {
      case 'csv': return { filename: `${base}.csv`, mime: 'text/csv;charset=utf-8', content: toCsv(events) };
      case 'json': return { filename: `${base}.json`, mime: 'application/json', content: toJson(summary, events, this.iterateAudit(room, s)) };
      case 'audit': return { filename: `${base}-audit.csv`, mime: 'text/csv;charset=utf-8', content: toAuditCsv(this.iterateAudit(room, s)) };
      case 'xml': return { filename: `${base}.xml`, mime: 'application/xml', content: toBilibiliXml(room, summary.recording?.startedAt ?? s.start, events) };
    }
  }

  /** The session's recording (the replay's video), or null; throws not_found for an unknown session. */
  recording(id: string): SessionRecording | null {
    const { room, s } = this.find(id);
    return this.summary(room, s).recording;
  }

  usage(): HistoryUsage {
    return {
      bytes: this.store.prune.usedBytes(),
      events: this.store.prune.eventCount(),
      pruning: this.opts.retention?.busy ?? false,
      last: this.opts.retention?.last ?? null,
    };
  }

  /** The cached audit log of the studio's room (or of a session's span), oldest first. */
  audit(q: HistoryAuditQuery = {}): HistoryAuditPage {
    const span = q.session ? this.find(q.session) : null;
    const room = span ? span.room : this.opts.room();
    return {
      entries: this.store.audit.list(room, {
        ...(q.since !== undefined ? { since: q.since } : {}),
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
        ...(span ? { from: span.s.start, to: span.s.open ? Number.MAX_SAFE_INTEGER : span.s.end } : {}),
      }),
    };
  }

  close(): void {
    this.writer.close();
    this.store.close();
  }

  // ---- internals ------------------------------------------------------------------------------

  private *iterate(room: string, s: StoredSession): Generator<RoomEvent> {
    for (let from = s.startSeq; from <= s.endSeq;) {
      const page = this.store.range(room, from, s.endSeq, EXPORT_PAGE);
      if (page.length === 0) return;
      yield* page;
      from = page[page.length - 1]!.seq + 1;
    }
  }

  private *iterateAudit(room: string, s: StoredSession): Generator<AuditEntry> {
    const to = s.open ? Number.MAX_SAFE_INTEGER : s.end;
    for (let since = 0; ;) {
      const page = this.store.audit.list(room, { since, from: s.start, to, limit: AUDIT_MAX_LIMIT });
      yield* page;
      if (page.length < AUDIT_MAX_LIMIT) return;
      since = page[page.length - 1]!.id;
    }
  }

  private find(id: string): { room: string; s: StoredSession } {
    const parsed = parseSessionId(id);
    const s = parsed && this.store.sessions(parsed.room).find((x) => x.startSeq === parsed.startSeq);
    if (!parsed || !s) throw new StudioError('not_found', `No session ${id.slice(0, 100)} in the history. It may be from another room or a history file that was moved aside.`);
    return { room: parsed.room, s };
  }

  private summary(room: string, s: StoredSession): SessionSummary {
    const t = this.store.sessionTotals(room, s);
    const candidates = this.store.recordingsFor(room, s);
    const rec = candidates.find((r) => this.fileExists(r.path)) ?? candidates[0];
    return {
      id: sessionId(room, s.startSeq), room, startSeq: s.startSeq, endSeq: s.endSeq, start: s.start, end: s.end, open: s.open, interrupted: s.interrupted,
      peakViewers: t.peakViewers, avgViewers: t.avgViewers, uniqueChatters: t.uniqueChatters, danmaku: t.danmaku, likes: t.likes, giftValue: t.giftValue,
      topSupporter: t.topSupporter,
      recording: rec ? { path: rec.path, name: path.basename(rec.path), startedAt: rec.startedAt, missing: !this.fileExists(rec.path) } : null,
    };
  }
}

/** When a file was last written (ms), or null when it is gone. */
function lastWriteOf(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}
