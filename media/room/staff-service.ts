/**
 * Staff actions (owner and moderators), independent of socket.io: ban, unban, delete, the ban list,
 * the room title, and appointing, listing and revoking moderators. Every action passes the
 * StaffGuard (rights re-checked against the persisted appointment, rate limited per identity), and
 * every change is stored before it is announced with a `system` event.
 */
import type { BanEntry, ModeratorEntry } from '../../common/room-protocol';
import { OWNER_ID } from './auth';
import type { Caller, Reply } from './caller';
import type { BanRecord, EventLog } from './event-log';
import { newUserId, type TokenSigner } from './identity';
import { fail, type Recorder } from './recorder';
import type { RoomStates } from './room-state';
import {
  banRequestSchema, deleteRequestSchema, describeIssue, emptyRequestSchema, moderatorTokenRequestSchema,
  revokeModeratorRequestSchema, roomTitleRequestSchema, unbanRequestSchema,
} from './schemas';
import type { StaffGuard } from './staff-guard';
import { normaliseName, normaliseText } from './text';

export interface StaffServiceDeps {
  log: EventLog;
  recorder: Recorder;
  states: RoomStates;
  signer: TokenSigner;
  guard: StaffGuard;
  /** Moderation's view of bans: where a user was seen (the ban covers that address), and ban changes. */
  sanctions: {
    addressOf(room: string, userId: string): string | undefined;
    added(room: string, record: BanRecord): void;
    lifted(room: string, userId: string): void;
  };
  /** Closes every open connection of that user in that room (they reconnect and are refused). */
  kick(room: string, userId: string): void;
  limits: { nameMaxLength: number; titleMaxLength: number; moderatorTokenTtlMs: number };
  now: () => number;
}

export class StaffService {
  constructor(private readonly d: StaffServiceDeps) {}

  ban(c: Caller, payload: unknown, reply: Reply): void {
    if (this.refused(c, 'ban', reply)) return;
    const p = banRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    this.sanction(c, { userId: p.data.userId, ...(p.data.reason !== undefined ? { reason: p.data.reason } : {}) }, reply);
  }

  /**
   * Bans, or with `seconds` times out (until then, or with `streamEnd` until the stream ends). The
   * caller's rights were already checked (ban, timeout, and bulk actions check once for many users).
   */
  sanction(c: Caller, s: { userId: string; reason?: string; seconds?: number; streamEnd?: boolean }, reply: Reply): void {
    const { userId } = s;
    if (userId === OWNER_ID || userId === c.user.id) return reply(fail('forbidden', 'The owner (and yourself) cannot be banned.'));
    const appointed = this.activeModerator(c.room, userId);
    if (appointed && c.user.role !== 'owner') return reply(fail('forbidden', 'Only the owner can ban a moderator.'));
    const reason = normaliseName(s.reason, 100);
    const name = this.nameOf(c.room, userId);
    const at = this.d.now();
    const timeout = s.seconds !== undefined || s.streamEnd === true;
    const address = this.d.sanctions.addressOf(c.room, userId);
    const record: BanRecord = {
      userId, name, byId: c.user.id, by: c.user.name, at, ...(reason ? { reason } : {}), ...(address ? { address } : {}),
      ...(s.streamEnd ? { streamEnd: true } : s.seconds !== undefined ? { until: at + s.seconds * 1000 } : {}),
    };
    const ok = this.d.recorder.tryWrite(reply, () => {
      this.d.log.ban(c.room, record);
      // A banned moderator is no moderator: the appointment ends with the ban (unban does not restore it).
      if (appointed && !timeout) this.d.log.revokeModerator(c.room, userId, at);
    });
    if (!ok) return;
    this.d.states.get(c.room).banned.add(userId);
    this.d.sanctions.added(c.room, record);
    if (appointed && !timeout) this.d.kick(c.room, userId);
    const r = this.d.recorder;
    const why = reason ? `: ${reason}` : '';
    if (timeout) {
      const seconds = s.seconds ?? 0;
      r.record(c.room, r.system('timeout', {
        userId, name, by: c.user.name, byRole: c.user.role, seconds, ...(record.until !== undefined ? { until: record.until } : {}), ...(s.streamEnd ? { stream: true } : {}), ...(reason ? { reason } : {}),
      }, `${name} was timed out by ${c.user.name} ${s.streamEnd ? 'for this stream' : `for ${seconds} s`}${why}`, { userId }), reply);
      return;
    }
    r.record(c.room, r.system('ban', { userId, name, by: c.user.name, byRole: c.user.role, ...(reason ? { reason } : {}) }, `${name} was muted by ${c.user.name}${why}`, { userId }), reply);
  }

  /** A timeout ran out (or its stream ended): the user may post again. */
  endTimeout(room: string, userId: string): void {
    const name = this.nameOf(room, userId);
    try {
      this.d.log.unban(room, userId);
    } catch {
      return; // stays in force; the next tick tries again
    }
    this.d.states.get(room).banned.delete(userId);
    this.d.sanctions.lifted(room, userId);
    const r = this.d.recorder;
    r.record(room, r.system('timeout-ended', { userId, name }, `${name} may post again`, { userId }), () => undefined);
  }

  unban(c: Caller, payload: unknown, reply: Reply): void {
    if (this.refused(c, 'unban', reply)) return;
    const p = unbanRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const { userId } = p.data;
    const state = this.d.states.get(c.room);
    if (!state.banned.has(userId)) return reply(fail('not_found', `${userId} is not banned.`));
    if (!this.d.recorder.tryWrite(reply, () => this.d.log.unban(c.room, userId))) return;
    state.banned.delete(userId);
    this.d.sanctions.lifted(c.room, userId);
    const name = this.nameOf(c.room, userId);
    const r = this.d.recorder;
    r.record(c.room, r.system('unban', { userId, name, by: c.user.name, byRole: c.user.role }, `${name} was unmuted by ${c.user.name}`, { userId }), reply);
  }

  delete(c: Caller, payload: unknown, reply: Reply): void {
    if (this.refused(c, 'delete messages', reply)) return;
    const p = deleteRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const { seq } = p.data;
    const target = this.d.log.get(c.room, seq);
    if (!target || target.type !== 'danmaku') return reply(fail('not_found', `Event ${seq} is not a danmaku in this room.`));
    if (!this.d.recorder.tryWrite(reply, () => this.d.log.markDeleted(c.room, seq))) return;
    const r = this.d.recorder;
    r.record(c.room, r.system('delete', { seq, userId: target.user.id, by: c.user.name, byRole: c.user.role }, `A message was removed by ${c.user.name}`, { seq, userId: target.user.id }), reply);
  }

  bans(c: Caller, payload: unknown, reply: Reply<{ bans: BanEntry[] }>): void {
    if (this.refused(c, 'see the ban list', reply)) return;
    const p = emptyRequestSchema.safeParse(payload ?? {});
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    reply({ ok: true, bans: this.d.log.bans(c.room) });
  }

  roomTitle(c: Caller, payload: unknown, reply: Reply): void {
    if (this.refused(c, 'set the room title', reply, true)) return;
    const p = roomTitleRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    // An empty title goes back to the default; anything else must have something visible in it.
    let title = '';
    if (p.data.title.trim() !== '') {
      const t = normaliseText(p.data.title, this.d.limits.titleMaxLength);
      if (!t.ok) return reply(fail(t.code, t.message.replace('Text', 'The title')));
      title = t.text;
    }
    if (!this.d.recorder.tryWrite(reply, () => this.d.log.setSetting(c.room, 'title', title, this.d.now()))) return;
    this.d.states.get(c.room).title = title;
    const r = this.d.recorder;
    r.record(c.room, r.system('title', { title, by: c.user.name, byRole: c.user.role }, title ? `The room is now called "${title}"` : 'The room title was cleared'), reply);
  }

  moderatorToken(c: Caller, payload: unknown, reply: Reply<{ token: string; userId: string; expiresAt: number }>): void {
    if (this.refused(c, 'appoint moderators', reply, true)) return;
    const p = moderatorTokenRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const name = normaliseName(p.data.name, this.d.limits.nameMaxLength) ?? 'Moderator';
    const ttl = Math.min(this.d.limits.moderatorTokenTtlMs, (p.data.ttlSeconds ?? Infinity) * 1000);
    const userId = newUserId('m');
    const createdAt = this.d.now();
    const expiresAt = createdAt + ttl;
    if (!this.d.recorder.tryWrite(reply, () => this.d.log.appointModerator(c.room, { userId, name, createdAt, expiresAt }))) return;
    const token = this.d.signer.sign({ v: 1, sub: userId, role: 'moderator', room: c.room, name, iat: createdAt, exp: expiresAt });
    reply({ ok: true, userId, token, expiresAt });
  }

  moderators(c: Caller, payload: unknown, reply: Reply<{ moderators: ModeratorEntry[] }>): void {
    if (this.refused(c, 'list moderators', reply, true)) return;
    const p = emptyRequestSchema.safeParse(payload ?? {});
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    reply({ ok: true, moderators: this.d.log.moderators(c.room) });
  }

  revokeModerator(c: Caller, payload: unknown, reply: Reply): void {
    if (this.refused(c, 'revoke moderators', reply, true)) return;
    const p = revokeModeratorRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const { userId } = p.data;
    const m = this.d.log.moderator(c.room, userId);
    if (!m || m.revokedAt !== undefined) return reply(fail('not_found', `${userId} is not an active moderator of this room.`));
    if (!this.d.recorder.tryWrite(reply, () => this.d.log.revokeModerator(c.room, userId, this.d.now()))) return;
    this.d.kick(c.room, userId);
    const r = this.d.recorder;
    r.record(c.room, r.system('moderator-revoked', { userId, name: m.name, by: c.user.name, byRole: c.user.role }, `${m.name} is no longer a moderator`, { userId }), reply);
  }

  sweep(): void {
    this.d.guard.sweep();
  }

  /** Checks the caller's rights (and spends one staff action); answers the refusal. */
  refused(c: Caller, what: string, reply: Reply<object>, ownerOnly = false): boolean {
    const refusal = this.d.guard.authorise(c, what, ownerOnly);
    if (refusal) reply(fail(refusal.code, refusal.message));
    return refusal !== null;
  }

  private activeModerator(room: string, userId: string): boolean {
    const m = this.d.log.moderator(room, userId);
    return m !== undefined && m.revokedAt === undefined;
  }

  /** The display name of a user who may not be connected any more. */
  nameOf(room: string, userId: string): string {
    return this.d.states.get(room).users.get(userId)?.name ?? this.d.log.lastNameOf(room, userId) ?? this.d.log.moderator(room, userId)?.name ?? userId;
  }
}
