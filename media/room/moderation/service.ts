/**
 * Moderation requests and hooks, independent of socket.io: timeouts, room settings, the review
 * queue, one-click actions on many users, the audit log; what happens to held danmaku; timeouts that
 * end on time or with the stream; the alerts. Bans themselves are the staff service's (sanction()),
 * so a timeout is a ban with an end and both cover the banned identity's address (sanctions.ts).
 */
import type {
  AuditEntry, BulkRequest, HeldMessage, RoomAlert, RoomEvent, RoomSettings, ReviewedEvent,
} from '../../../common/room-protocol';
import type { Caller, Reply } from '../caller';
import { isStaff } from '../caller';
import type { EventLog } from '../event-log';
import type { Fanout } from '../fanout';
import { fail, type Recorder } from '../recorder';
import type { DanmakuDraft, PostHooks } from '../room-service';
import type { Decision, PostKind } from '../rules/types';
import { describeIssue, emptyRequestSchema } from '../schemas';
import type { StaffService } from '../staff-service';
import type { Alerts } from './alerts';
import type { Sanctions } from './sanctions';
import { auditRequestSchema, bulkRequestSchema, reviewRequestSchema, timeoutRequestSchema } from './schemas';
import { DEFAULT_SETTINGS, moderationSettingsSchema, settingsPatchSchema } from './settings';
import type { AuditDraft, ModerationStore } from './store';

/** Rules whose refusals are flow control, not moderation decisions: not audited. */
const NOT_AUDITED = new Set(['rate-per-user', 'rate-per-address', 'read-only-client']);
/** How long "hold all" from an alert keeps a user under review. */
const HOLD_USER_MS = 24 * 3600_000;

export interface ModerationServiceDeps {
  log: EventLog;
  store: ModerationStore;
  fanout: Fanout;
  recorder: Recorder;
  staff: StaffService;
  sanctions: Sanctions;
  alerts: Alerts;
  /** Staff-only packets (held, reviewed, alert, audit) and room-wide ones (room-settings). */
  emit: {
    toStaff(room: string, name: 'held' | 'reviewed' | 'alert' | 'audit', payload: HeldMessage | ReviewedEvent | RoomAlert | AuditEntry): void;
    toRoom(room: string, name: 'room-settings', payload: RoomSettings): void;
  };
  auditMaxLimit: number;
  now: () => number;
}

export class ModerationService implements PostHooks {
  private readonly settings = new Map<string, RoomSettings>();
  private readonly heldUsers = new Map<string, Map<string, number>>();

  constructor(private readonly d: ModerationServiceDeps) {}

  // ---- settings ----

  settingsOf(room: string): RoomSettings {
    let s = this.settings.get(room);
    if (!s) {
      const stored = moderationSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...this.d.log.setting<object>(room, 'moderation') });
      s = stored.success ? stored.data : DEFAULT_SETTINGS;
      this.settings.set(room, s);
    }
    return s;
  }

  roomSettings(c: Caller, payload: unknown, reply: Reply<{ settings: RoomSettings }>): void {
    if (this.d.staff.refused(c, 'change the room settings', reply)) return;
    const p = settingsPatchSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const before = this.settingsOf(c.room);
    const next: RoomSettings = { ...before, ...p.data } as RoomSettings;
    if (!this.d.recorder.tryWrite(reply, () => this.d.log.setSetting(c.room, 'moderation', next, this.d.now()))) return;
    this.settings.set(c.room, next);
    this.d.emit.toRoom(c.room, 'room-settings', next);
    // Viewers notice slow mode and pauses: record them in the room's log as well.
    if (before.slowModeSeconds !== next.slowModeSeconds || before.chatPaused !== next.chatPaused) {
      const r = this.d.recorder;
      const { slowModeSeconds, chatPaused } = next;
      const text = chatPaused ? `Chat was paused by ${c.user.name}` : slowModeSeconds > 0 ? `Slow mode: one message every ${slowModeSeconds} s` : 'Chat is open';
      r.record(c.room, r.system('chat-rules', { slowModeSeconds, chatPaused, by: c.user.name, byRole: c.user.role }, text), () => undefined);
    }
    reply({ ok: true, settings: next });
  }

  // ---- timeouts ----

  timeout(c: Caller, payload: unknown, reply: Reply): void {
    if (this.d.staff.refused(c, 'time out viewers', reply)) return;
    const p = timeoutRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const { userId, seconds, reason } = p.data;
    this.d.staff.sanction(c, { userId, ...(reason !== undefined ? { reason } : {}), ...(seconds === 'stream' ? { streamEnd: true } : { seconds }) }, reply);
  }

  /** Ends timeouts whose time is up (called every second). */
  tick(now: number): void {
    for (const { room, userId } of this.d.sanctions.due(now)) {
      this.d.staff.endTimeout(room, userId);
      this.audit(room, { at: now, actor: 'rule:timeout', actorName: 'timeout', action: 'timeout-ended', targetUserId: userId, targetName: this.d.staff.nameOf(room, userId) });
    }
    for (const [room, users] of this.heldUsers) {
      for (const [u, until] of users) if (until <= now) users.delete(u);
      if (users.size === 0) this.heldUsers.delete(room);
    }
    this.d.alerts.tick(now);
  }

  /** The stream ended: timeouts "for this stream" end with it. */
  streamEnded(room: string): void {
    for (const userId of this.d.sanctions.streamTimeouts(room)) {
      this.d.staff.endTimeout(room, userId);
      this.audit(room, { at: this.d.now(), actor: 'rule:timeout', actorName: 'timeout', action: 'timeout-ended', targetUserId: userId, targetName: this.d.staff.nameOf(room, userId), detail: 'stream ended' });
    }
  }

  // ---- held for review ----

  isHeld(room: string, userId: string): boolean {
    return (this.heldUsers.get(room)?.get(userId) ?? 0) > this.d.now();
  }

  hold(c: Caller, draft: DanmakuDraft, decision: Decision, reply: Reply): RoomEvent | null {
    const fired = decision.fired.find((f) => f.action === 'hold');
    const rule = fired?.rule ?? 'held-user';
    const detail = fired?.detail ?? '';
    let event: RoomEvent;
    try {
      // The danmaku takes its seq now (its place in the order) but only staff see it until approved.
      event = this.d.log.db.transaction(() => {
        const e = this.d.log.append(c.room, draft, true);
        this.d.store.hold(c.room, e.seq, rule, detail, draft.ts);
        return e;
      })();
    } catch (err) {
      reply(fail('internal', `Could not store the event: ${(err as Error).message}`));
      return null;
    }
    this.d.fanout.publishToStaff(c.room, { ...event, held: 'pending' } as RoomEvent);
    this.d.emit.toStaff(c.room, 'held', { holdId: event.seq, user: c.user, text: draft.text, rule, detail, at: draft.ts });
    // The sender is told only "sent", exactly as for a delivered danmaku.
    reply({ ok: true, seq: event.seq });
    return event;
  }

  heldList(c: Caller, payload: unknown, reply: Reply<{ held: HeldMessage[] }>): void {
    if (this.d.staff.refused(c, 'see held messages', reply)) return;
    const p = emptyRequestSchema.safeParse(payload ?? {});
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    reply({ ok: true, held: this.d.store.pending(c.room) });
  }

  review(c: Caller, payload: unknown, reply: Reply<object>): void {
    if (this.d.staff.refused(c, 'review held messages', reply)) return;
    const p = reviewRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const { holdId, approve } = p.data;
    const at = this.d.now();
    let done: boolean;
    try {
      done = this.d.store.review(c.room, holdId, approve, c.user.id, at);
    } catch (err) {
      return reply(fail('internal', `Could not store the review: ${(err as Error).message}`));
    }
    if (!done) return reply(fail('not_found', `Nothing is waiting for review as ${holdId}.`));
    const event = approve ? this.d.log.get(c.room, holdId) : undefined;
    // Approved: viewers get it now, with its original seq; history already has it in its place.
    if (event) this.d.fanout.toViewers(c.room, event);
    this.d.emit.toStaff(c.room, 'reviewed', { holdId, approve, by: c.user.name, at });
    reply({ ok: true });
  }

  // ---- many users at once (alerts' one-click actions) ----

  bulk(c: Caller, payload: unknown, reply: Reply<{ done: string[]; failed: { userId: string; code: string }[] }>): void {
    if (this.d.staff.refused(c, 'act on viewers', reply)) return;
    const p = bulkRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const b: BulkRequest = p.data as BulkRequest;
    const done: string[] = [];
    const failed: { userId: string; code: string }[] = [];
    for (const userId of new Set(b.userIds)) {
      if (b.action === 'hold' || b.action === 'release') {
        this.setHeld(c.room, userId, b.action === 'hold');
        done.push(userId);
        continue;
      }
      const s = { userId, ...(b.reason !== undefined ? { reason: b.reason } : {}), ...(b.action === 'timeout' ? (b.seconds === 'stream' ? { streamEnd: true } : { seconds: b.seconds as number }) : {}) };
      this.d.staff.sanction(c, s, (a) => { if (a.ok) done.push(userId); else failed.push({ userId, code: a.code }); });
    }
    reply({ ok: true, done, failed });
  }

  private setHeld(room: string, userId: string, on: boolean): void {
    let users = this.heldUsers.get(room);
    if (!users) this.heldUsers.set(room, (users = new Map()));
    if (on) users.set(userId, this.d.now() + HOLD_USER_MS);
    else users.delete(userId);
  }

  // ---- audit ----

  auditRequest(c: Caller, payload: unknown, reply: Reply<{ entries: AuditEntry[] }>): void {
    if (this.d.staff.refused(c, 'read the audit log', reply)) return;
    const p = auditRequestSchema(this.d.auditMaxLimit).safeParse(payload ?? {});
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    reply({ ok: true, entries: this.d.store.audit(c.room, p.data.since, p.data.limit ?? 100) });
  }

  /** Stores an audit entry and shows it to staff; never fails the action it describes. */
  audit(room: string, draft: AuditDraft): void {
    try {
      this.d.emit.toStaff(room, 'audit', this.d.store.addAudit(room, draft));
    } catch {
      // the action already happened; a full disk must not turn it into an error
    }
  }

  /** After a staff request was answered: who did what to whom, and whether it was allowed. */
  auditRequestOutcome(c: Caller, name: string, payload: unknown, outcome: { ok: boolean; code?: string }): void {
    const p = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
    const targetUserId = typeof p.userId === 'string' ? p.userId.slice(0, 64) : undefined;
    const targetSeq = typeof p.seq === 'number' ? p.seq : typeof p.holdId === 'number' ? p.holdId : undefined;
    const action = !outcome.ok && outcome.code === 'forbidden' && !isStaff(c.user) ? 'forbidden'
      : name === 'review' ? (p.approve === true ? 'approve' : 'deny')
      : name === 'bulk' ? `bulk-${String(p.action).slice(0, 10)}` : name;
    const detail = JSON.stringify({ request: name, ...(outcome.ok ? {} : { refused: outcome.code }), ...summary(name, p) }).slice(0, 500);
    this.audit(c.room, {
      at: this.d.now(), actor: c.user.id, actorName: c.user.name, action,
      ...(targetUserId ? { targetUserId, targetName: this.d.staff.nameOf(c.room, targetUserId) } : {}),
      ...(targetSeq !== undefined ? { targetSeq } : {}),
      ...(typeof p.reason === 'string' ? { reason: p.reason.slice(0, 200) } : {}),
      detail,
    });
  }

  // ---- posts ----

  decided(c: Caller, kind: PostKind, decision: Decision, event: RoomEvent | null): void {
    const at = this.d.now();
    for (const f of decision.fired) {
      if (NOT_AUDITED.has(f.rule)) continue;
      this.audit(c.room, {
        at, actor: `rule:${f.rule}`, actorName: f.rule, action: f.action, targetUserId: c.user.id, targetName: c.user.name,
        ...(event ? { targetSeq: event.seq } : {}), detail: `${kind}: ${f.detail}`.slice(0, 500),
      });
    }
    if (event?.type === 'danmaku' && c.user.role === 'viewer') this.d.alerts.danmaku(c.room, c.user.id, event.text, at);
  }

  /** A name for alerts and the audit: where the user was seen, else what the log knows. */
  displayName(room: string, userId: string): string {
    return this.d.sanctions.seenUser(room, userId)?.name ?? this.d.staff.nameOf(room, userId);
  }

  newIdentity(room: string, userId: string): void {
    this.d.alerts.newIdentity(room, userId, this.d.now());
  }

  /** An alert was raised: staff see it, and the audit log keeps it. */
  alerted(room: string, a: RoomAlert): void {
    this.d.emit.toStaff(room, 'alert', a);
    this.audit(room, {
      at: a.at, actor: `rule:${a.kind}`, actorName: a.kind, action: 'alert',
      detail: JSON.stringify({ id: a.id, users: a.users.length, score: a.score, sample: a.sample.slice(0, 100) }),
    });
  }
}

/** What is worth keeping of a request in the audit log (never tokens). */
function summary(name: string, p: Record<string, unknown>): Record<string, unknown> {
  switch (name) {
    case 'room-settings': return { settings: p };
    case 'timeout': return { seconds: p.seconds };
    case 'bulk': return { users: Array.isArray(p.userIds) ? p.userIds.length : 0, seconds: p.seconds };
    case 'room-title': return { title: p.title };
    case 'moderator-token': return { name: p.name, ttlSeconds: p.ttlSeconds };
    default: return {};
  }
}
