/**
 * The console's state as a pure reducer, so it is unit-tested without a browser: the recent feed
 * (bounded), who said what (for the user card), the review queue, alerts, the audit tail and the
 * settings. Deleted and approved/denied messages are tracked by seq.
 */
import type { AuditEntry, HeldMessage, RoomAlert, RoomEvent, RoomSettings, RoomUser } from '../../../common/room-protocol';
import type { ConsoleMessage } from './transport';

export const FEED_MAX = 1000;
const AUDIT_MAX = 500;
const ALERTS_MAX = 50;

export interface ConsoleState {
  connected: boolean;
  problem: { code: string; message: string } | null;
  you: RoomUser | null;
  room: string;
  settings: RoomSettings | null;
  feed: RoomEvent[];
  deleted: ReadonlySet<number>;
  held: HeldMessage[];
  alerts: RoomAlert[];
  audit: AuditEntry[];
  /** Bumped when something changed the ban list (ban, unban, timeout events): the view refetches. */
  bansVersion: number;
}

export const INITIAL_CONSOLE: ConsoleState = {
  connected: false, problem: null, you: null, room: '', settings: null, feed: [], deleted: new Set(), held: [], alerts: [], audit: [], bansVersion: 0,
};

const BAN_CODES = new Set(['ban', 'unban', 'timeout', 'timeout-ended']);

export function reduceConsole(s: ConsoleState, m: ConsoleMessage): ConsoleState {
  switch (m.type) {
    case 'connection':
      return { ...s, connected: m.connected, problem: m.problem ?? (m.connected ? null : s.problem) };
    case 'welcome':
      return { ...s, connected: true, problem: null, you: m.welcome.you, room: m.welcome.room, settings: m.welcome.settings };
    case 'settings':
      return { ...s, settings: m.settings };
    case 'event':
      return addEvents(s, [m.event]);
    case 'held':
      return s.held.some((h) => h.holdId === m.held.holdId) ? s : { ...s, held: [...s.held, m.held] };
    case 'reviewed': {
      const held = s.held.filter((h) => h.holdId !== m.reviewed.holdId);
      // an approved one is an ordinary message now; a denied one stays marked in the feed
      const feed = s.feed.map((e) => (e.seq === m.reviewed.holdId && e.type === 'danmaku'
        ? (m.reviewed.approve ? withoutHeld(e) : { ...e, held: 'denied' as const }) : e));
      return { ...s, held, feed };
    }
    case 'alert': {
      const rest = s.alerts.filter((a) => a.id !== m.alert.id);
      return { ...s, alerts: [m.alert, ...rest].slice(0, ALERTS_MAX) };
    }
    case 'audit':
      return s.audit.some((a) => a.id === m.entry.id) ? s : { ...s, audit: [...s.audit, m.entry].slice(-AUDIT_MAX) };
  }
}

/** History pages and live events alike: once per seq, in seq order, bounded. */
export function addEvents(s: ConsoleState, events: readonly RoomEvent[]): ConsoleState {
  if (events.length === 0) return s;
  const known = new Set(s.feed.map((e) => e.seq));
  const fresh = events.filter((e) => !known.has(e.seq));
  let deleted = s.deleted;
  let bansVersion = s.bansVersion;
  for (const e of events) {
    if (e.type !== 'system') continue;
    if (e.code === 'delete') deleted = new Set([...deleted, e.params.seq]);
    if (BAN_CODES.has(e.code)) bansVersion++;
  }
  for (const e of fresh) if (e.type === 'danmaku' && e.deleted) deleted = new Set([...deleted, e.seq]);
  const feed = fresh.length ? [...s.feed, ...fresh].sort((a, b) => a.seq - b.seq).slice(-FEED_MAX) : s.feed;
  return { ...s, feed, deleted, bansVersion };
}

export function setHeld(s: ConsoleState, held: HeldMessage[]): ConsoleState {
  return { ...s, held };
}

export function setAudit(s: ConsoleState, audit: AuditEntry[]): ConsoleState {
  const ids = new Set(audit.map((a) => a.id));
  return { ...s, audit: [...audit, ...s.audit.filter((a) => !ids.has(a.id))].sort((a, b) => a.id - b.id).slice(-AUDIT_MAX) };
}

/** What the console knows of one user: their recent messages and gifts here, and actions about them. */
export function userCard(s: ConsoleState, userId: string): { user: RoomUser | null; messages: RoomEvent[]; gifts: number; actions: AuditEntry[]; firstSeen: number | null } {
  const mine = s.feed.filter((e) => e.user.id === userId);
  const gifts = mine.reduce((sum, e) => sum + (e.type === 'gift' ? e.value : 0), 0);
  return {
    user: mine.at(-1)?.user ?? null,
    messages: mine.filter((e) => e.type === 'danmaku').slice(-20),
    gifts,
    actions: s.audit.filter((a) => a.targetUserId === userId).slice(-20),
    firstSeen: mine[0]?.ts ?? null,
  };
}

function withoutHeld(e: RoomEvent): RoomEvent {
  if (e.type !== 'danmaku' || e.held === undefined) return e;
  const { held: _held, ...rest } = e;
  return rest;
}
