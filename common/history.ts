/**
 * The history contract between the studio core and its history view: past live sessions, their
 * charts and analytics, search across them and exports. Types and small pure helpers only (no
 * runtime imports), re-exported by studio-api.ts.
 */
import type { AuditEntry, RoomEvent, RoomUser } from './room-protocol';

/**
 * A session is the span between a room's `live` mark and its `offline` mark (one Go Live → Stop, or
 * one publish on the relay). Its id is "<room>/<seq of the live mark>": stable across restarts.
 */
export type SessionId = string;

export function sessionId(room: string, startSeq: number): SessionId {
  return `${room}/${startSeq}`;
}

export function parseSessionId(id: string): { room: string; startSeq: number } | null {
  // "<room>~<n>" is the room's n-th archive (events of a relay log that was reset since).
  const m = /^([a-zA-Z0-9_-]{1,64}(?:~[1-9][0-9]{0,5})?)\/([1-9][0-9]{0,14})$/.exec(id);
  return m ? { room: m[1]!, startSeq: Number(m[2]) } : null;
}

/**
 * Where the studio serves a session's recording to its own page (browser bridge and Electron's app://
 * scheme): only recordings of sessions in the history, never a path the page names.
 */
export const RECORDING_MEDIA_PREFIX = '/media/recordings/';

export function recordingMediaPath(id: SessionId): string {
  const parsed = parseSessionId(id);
  return parsed ? `${RECORDING_MEDIA_PREFIX}${encodeURIComponent(parsed.room)}/${parsed.startSeq}` : '';
}

/** The session id a recording media path stands for, or null (anything else is not ours). */
export function sessionIdOfMediaPath(pathname: string): SessionId | null {
  if (!pathname.startsWith(RECORDING_MEDIA_PREFIX)) return null;
  let rest: string;
  try {
    rest = decodeURIComponent(pathname.slice(RECORDING_MEDIA_PREFIX.length));
  } catch {
    return null;
  }
  return parseSessionId(rest) ? rest : null;
}

export interface SessionSupporter {
  user: RoomUser;
  /** Coins given. */
  value: number;
  gifts: number;
}

export interface SessionRecording {
  path: string;
  /** The file's name alone, for display. */
  name: string;
  /** ms since the epoch when the recording started (its time zero). */
  startedAt: number;
  /** The file was moved or deleted since. */
  missing: boolean;
}

export interface SessionSummary {
  id: SessionId;
  room: string;
  /** seq of the live mark, and of the session's last event (the offline mark, or the latest event while open). */
  startSeq: number;
  endSeq: number;
  start: number;
  /** The offline mark's time; while open, the latest event's time. */
  end: number;
  /** No offline mark yet: live now (or the relay stopped without one and has not published since). */
  open: boolean;
  /** Ended by a new publish without an offline mark in between (the relay restarted mid-stream). */
  interrupted: boolean;
  peakViewers: number;
  /** Time-weighted average of the viewer count over the session. */
  avgViewers: number;
  uniqueChatters: number;
  danmaku: number;
  likes: number;
  giftValue: number;
  topSupporter: SessionSupporter | null;
  recording: SessionRecording | null;
}

export interface SessionMinute {
  /** Start of the minute, ms since the epoch. */
  minute: number;
  /** The minute's first event in this session (to jump to its messages); null when nothing happened. */
  firstSeq: number | null;
  danmaku: number;
  giftValue: number;
  likes: number;
  /** Highest viewer count seen in the minute (carried forward when it did not change). */
  viewers: number;
}

export interface SessionAnalytics {
  /** Distinct people seen in the session (entered, chatted, liked or gave). */
  uniqueViewers: number;
  /** Of those, how many chatted, liked or gave. */
  engagedViewers: number;
  /** engagedViewers / uniqueViewers (0 when nobody came). */
  engagement: number;
  /** Supporters of this session who had also given in an earlier session of the room. */
  returningSupporters: number;
  supporters: number;
  revenueByGift: { giftId: string; name: string; gifts: number; value: number }[];
}

export interface SessionDetail {
  session: SessionSummary;
  /** One row per minute from start to end, quiet minutes included. */
  minutes: SessionMinute[];
  topSupporters: SessionSupporter[];
  topChatters: { user: RoomUser; danmaku: number }[];
  analytics: SessionAnalytics;
  /** Bans, unbans and removals during the session, oldest first. */
  moderation: RoomEvent[];
}

export interface HistorySessionsQuery {
  /** Sessions that started before this time (paging back); default now. */
  before?: number;
  limit?: number;
}

export interface HistoryEventsQuery {
  session: SessionId;
  /** First seq to return (default the session's first). */
  fromSeq?: number;
  limit?: number;
}

export interface HistoryEventsPage {
  session: SessionId;
  /** In seq order; every seq of the session is an event (seq has no gaps). */
  events: RoomEvent[];
}

/** `audit`: the session's cached audit log as CSV (the JSON export carries it too). */
export type HistoryExportFormat = 'csv' | 'json' | 'xml' | 'audit';

/** The audit log the studio cached from its room's hub (staff actions and automatic decisions). */
export interface HistoryAuditQuery {
  /** Entries with a hub id above this (paging on). */
  since?: number;
  /** Default 200, at most 1000. */
  limit?: number;
  /** Only what happened during this session. */
  session?: SessionId;
}

export interface HistoryAuditPage {
  /** Oldest first; page on with `since` = the last id. */
  entries: AuditEntry[];
}

export interface HistoryExportRequest {
  session: SessionId;
  format: HistoryExportFormat;
}

export interface HistoryExport {
  filename: string;
  mime: string;
  content: string;
}

/** The history file's size and retention's state (history.usage). */
export interface HistoryUsage {
  /** Bytes of live data in the history file. */
  bytes: number;
  events: number;
  /** Retention is removing old sessions right now. */
  pruning: boolean;
  /** What the last retention run removed (null: none yet in this run of the studio). */
  last: { at: number; sessions: number; events: number } | null;
}

/** [start, end) UTF-16 offsets of a match inside a danmaku's text. */
export type TextRange = [number, number];

/** Splits text into plain and highlighted parts for rendering (ranges sorted, not overlapping). */
export function splitHighlights(text: string, ranges: readonly TextRange[]): { text: string; hit: boolean }[] {
  const out: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) out.push({ text: text.slice(at, s), hit: false });
    if (e > s) out.push({ text: text.slice(s, e), hit: true });
    at = Math.max(at, e);
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}
