/**
 * A session's events as files other tools read (pure): CSV (RFC 4180, UTF-8 with BOM so spreadsheet
 * apps read Chinese and emoji right), JSON, and bilibili-style danmaku XML for danmaku players
 * (times relative to the recording's start, so they line up with the video file).
 */
import type { AuditEntry, DanmakuMode, RoomEvent } from '../../common/room-protocol';
import type { SessionSummary } from '../../common/history';

export const CSV_COLUMNS = ['seq', 'time', 'type', 'user_id', 'user_name', 'role', 'text', 'gift', 'count', 'value', 'deleted'] as const;

function csvField(v: string | number | boolean): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function textOf(e: RoomEvent): string {
  return e.type === 'danmaku' || e.type === 'system' ? e.text : '';
}

export function toCsv(events: Iterable<RoomEvent>): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of events) {
    lines.push([
      e.seq, new Date(e.ts).toISOString(), e.type, e.user.id, e.user.name, e.user.role, textOf(e),
      e.type === 'gift' ? e.name : '', e.type === 'gift' || e.type === 'like' ? e.count : '', e.type === 'gift' ? e.value : '',
      e.type === 'danmaku' && e.deleted ? 'true' : '',
    ].map(csvField).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** Parses what toCsv wrote (RFC 4180: quoted fields may hold commas, quotes and newlines). */
export function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = csv.startsWith('\ufeff') ? csv.slice(1) : csv;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && s[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

export function toJson(session: SessionSummary, events: Iterable<RoomEvent>, audit: Iterable<AuditEntry> = []): string {
  const lines: string[] = [];
  for (const e of events) lines.push(JSON.stringify(e));
  const entries: string[] = [];
  for (const a of audit) entries.push(JSON.stringify(a));
  return `{"session":${JSON.stringify(session)},\n"events":[\n${lines.join(',\n')}\n],\n"audit":[\n${entries.join(',\n')}\n]}\n`;
}

export const AUDIT_CSV_COLUMNS = ['id', 'time', 'actor', 'actor_name', 'action', 'target_user_id', 'target_name', 'target_seq', 'reason', 'detail'] as const;

/** The audit log as CSV, in the same dialect as toCsv. */
export function toAuditCsv(entries: Iterable<AuditEntry>): string {
  const lines = [AUDIT_CSV_COLUMNS.join(',')];
  for (const a of entries) {
    lines.push([a.id, new Date(a.at).toISOString(), a.actor, a.actorName, a.action, a.targetUserId ?? '', a.targetName ?? '', a.targetSeq ?? '', a.reason ?? '', a.detail ?? '']
      .map(csvField).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

const XML_MODE: Record<DanmakuMode, number> = { scroll: 1, bottom: 4, top: 5 };
// Characters XML 1.0 cannot carry at all (controls other than tab/newline/return, lone surrogates).
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlEscape(s: string): string {
  return s.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * bilibili's format: `<d p="time,mode,size,color,timestamp,pool,user,id">text</d>`: time in seconds
 * from `zero` (the recording's start), mode 1 scroll / 4 bottom / 5 top, size 25, colour as a decimal
 * RGB number, send time in Unix seconds, pool 0, the sender's id, the danmaku's id (its seq).
 */
export function toBilibiliXml(room: string, zero: number, events: Iterable<RoomEvent>): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<i>', '  <chatserver>danmu-studio</chatserver>', `  <chatid>${xmlEscape(room)}</chatid>`, '  <mission>0</mission>', '  <source>k-v</source>'];
  for (const e of events) {
    if (e.type !== 'danmaku' || e.deleted) continue;
    const time = (Math.max(0, e.ts - zero) / 1000).toFixed(3);
    const color = parseInt(e.color.slice(1), 16) || 0xffffff;
    const user = e.user.id.replace(/[^a-zA-Z0-9_-]/g, '_');
    out.push(`  <d p="${time},${XML_MODE[e.mode] ?? 1},25,${color},${Math.floor(e.ts / 1000)},0,${xmlEscape(user)},${e.seq}">${xmlEscape(e.text)}</d>`);
  }
  out.push('</i>', '');
  return out.join('\n');
}
