/**
 * What each client request does, independent of socket.io: validate, apply the room's rules, store,
 * fan out, answer. Every method answers through `reply` exactly once (likes answer when their
 * aggregated event is stored). Nothing here throws to the caller for bad input.
 */
import type {
  Ack, AckErrorCode, GiftCatalogItem, RoomEvent, RoomUser, SystemEvent,
} from '../../common/room-protocol';
import { OWNER_ID } from './auth';
import type { ComboTracker } from './combo-tracker';
import type { EventDraft, EventLog } from './event-log';
import type { Fanout } from './fanout';
import type { GiftCatalog } from './gift-catalog';
import { newUserId, type TokenSigner } from './identity';
import type { LikeAggregator } from './like-aggregator';
import type { RateLimiter } from './rate-limiter';
import type { RoomStates } from './room-state';
import {
  banRequestSchema, danmakuRequestSchema, deleteRequestSchema, describeIssue, giftRequestSchema,
  historyRequestSchema, likeRequestSchema, moderatorTokenRequestSchema, unbanRequestSchema,
} from './schemas';
import { normaliseName, normaliseText } from './text';

export interface Caller { room: string; user: RoomUser; address: string }
export type Reply<T extends object = { seq: number }> = (a: Ack<T>) => void;

export interface RoomServiceDeps {
  log: EventLog;
  fanout: Fanout;
  states: RoomStates;
  gifts: GiftCatalog;
  combos: ComboTracker;
  likes: LikeAggregator<Reply>;
  signer: TokenSigner;
  limits: {
    danmakuPerUser: RateLimiter;
    giftsPerUser: RateLimiter;
    likesPerUser: RateLimiter;
    historyPerUser: RateLimiter;
    perAddress: RateLimiter;
    textMaxLength: number;
    nameMaxLength: number;
    giftCountMin: number;
    giftCountMax: number;
    likeCountMax: number;
    historyMaxLimit: number;
  };
  now: () => number;
}

export const SYSTEM_USER: RoomUser = { id: 'system', name: 'System', role: 'owner' };

const fail = (code: AckErrorCode, message: string) => ({ ok: false as const, code, message });
const isStaff = (u: RoomUser) => u.role === 'owner' || u.role === 'moderator';

export class RoomService {
  private readonly schemas;

  constructor(private readonly d: RoomServiceDeps) {
    const l = d.limits;
    this.schemas = {
      gift: giftRequestSchema(l.giftCountMin, l.giftCountMax),
      like: likeRequestSchema(l.likeCountMax),
      history: historyRequestSchema(l.historyMaxLimit),
    };
  }

  danmaku(c: Caller, payload: unknown, reply: Reply): void {
    const p = danmakuRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail(p.error.issues[0]?.code === 'too_big' && p.error.issues[0].path[0] === 'text' ? 'too_long' : 'invalid', describeIssue(p.error)));
    const text = normaliseText(p.data.text, this.d.limits.textMaxLength);
    if (!text.ok) return reply(fail(text.code, text.message));
    const refused = this.checkPoster(c, this.d.limits.danmakuPerUser);
    if (refused) return reply(refused);
    this.record(c.room, { type: 'danmaku', ts: this.d.now(), user: c.user, text: text.text, color: p.data.color?.toLowerCase() ?? '#ffffff', mode: p.data.mode ?? 'scroll' }, reply);
  }

  gift(c: Caller, payload: unknown, reply: Reply): void {
    const p = this.schemas.gift.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const item: GiftCatalogItem | undefined = this.d.gifts.get(p.data.giftId);
    if (!item) return reply(fail('unknown_gift', `There is no gift "${p.data.giftId}".`));
    const refused = this.checkPoster(c, this.d.limits.giftsPerUser);
    if (refused) return reply(refused);
    const combo = this.d.combos.hit(c.user.id, item.id);
    this.record(c.room, {
      type: 'gift', ts: this.d.now(), user: c.user, giftId: item.id, name: item.name,
      count: p.data.count, value: p.data.count * item.price, combo,
    }, reply);
  }

  like(c: Caller, payload: unknown, reply: Reply): void {
    const p = this.schemas.like.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    if (this.d.states.get(c.room).banned.has(c.user.id)) return reply(fail('banned', 'You are muted in this room.'));
    if (!this.d.limits.likesPerUser.take(`${c.room}/${c.user.id}`)) return reply(fail('rate_limited', 'Too many likes; they are counted in batches.'));
    this.d.likes.add(c.room, c.user, p.data.count, reply);
  }

  /** Stores one aggregated like event per user and answers every click it contains. */
  flushLikes(): void {
    for (const p of this.d.likes.drain()) {
      const answer = (a: Ack) => { for (const r of p.acks) r(a); };
      this.record(p.room, { type: 'like', ts: this.d.now(), user: p.user, count: p.count }, answer);
    }
  }

  history(c: Caller, payload: unknown, reply: Reply<{ events: RoomEvent[] }>): void {
    const p = this.schemas.history.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    // Pages are up to 500 rows: viewers get a modest budget; staff page freely to catch up.
    if (!isStaff(c.user) && !this.d.limits.historyPerUser.take(`${c.room}/${c.user.id}`)) {
      return reply(fail('rate_limited', 'Too many history requests; wait a moment.'));
    }
    reply({ ok: true, events: this.d.log.since(c.room, p.data.since, p.data.limit ?? 100) });
  }

  ban(c: Caller, payload: unknown, reply: Reply): void {
    if (!isStaff(c.user)) return reply(fail('forbidden', 'Only the owner and moderators can ban.'));
    const p = banRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const { userId } = p.data;
    if (userId === OWNER_ID || userId === c.user.id) return reply(fail('forbidden', 'The owner (and yourself) cannot be banned.'));
    const reason = normaliseName(p.data.reason, 100);
    const state = this.d.states.get(c.room);
    const ts = this.d.now();
    const ok = this.tryWrite(reply, () => this.d.log.ban(c.room, userId, c.user.id, reason, ts));
    if (!ok) return;
    state.banned.add(userId);
    const who = state.users.get(userId)?.name ?? userId;
    this.record(c.room, this.system(`${who} was muted by ${c.user.name}${reason ? `: ${reason}` : ''}`, 'ban', { userId }), reply);
  }

  unban(c: Caller, payload: unknown, reply: Reply): void {
    if (!isStaff(c.user)) return reply(fail('forbidden', 'Only the owner and moderators can unban.'));
    const p = unbanRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const state = this.d.states.get(c.room);
    if (!state.banned.has(p.data.userId)) return reply(fail('not_found', `${p.data.userId} is not banned.`));
    if (!this.tryWrite(reply, () => this.d.log.unban(c.room, p.data.userId))) return;
    state.banned.delete(p.data.userId);
    const who = state.users.get(p.data.userId)?.name ?? p.data.userId;
    this.record(c.room, this.system(`${who} was unmuted by ${c.user.name}`, 'unban', { userId: p.data.userId }), reply);
  }

  delete(c: Caller, payload: unknown, reply: Reply): void {
    if (!isStaff(c.user)) return reply(fail('forbidden', 'Only the owner and moderators can delete messages.'));
    const p = deleteRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const target = this.d.log.get(c.room, p.data.seq);
    if (!target || target.type !== 'danmaku') return reply(fail('not_found', `Event ${p.data.seq} is not a danmaku in this room.`));
    if (!this.tryWrite(reply, () => this.d.log.markDeleted(c.room, p.data.seq))) return;
    this.record(c.room, this.system(`A message was removed by ${c.user.name}`, 'delete', { seq: p.data.seq, userId: target.user.id }), reply);
  }

  moderatorToken(c: Caller, payload: unknown, reply: Reply<{ token: string; userId: string }>): void {
    if (c.user.role !== 'owner') return reply(fail('forbidden', 'Only the owner can appoint moderators.'));
    const p = moderatorTokenRequestSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const name = normaliseName(p.data.name, this.d.limits.nameMaxLength) ?? 'Moderator';
    const userId = newUserId('m');
    reply({ ok: true, userId, token: this.d.signer.sign({ v: 1, sub: userId, role: 'moderator', room: c.room, name, iat: this.d.now() }) });
  }

  setLive(room: string, live: boolean): void {
    const state = this.d.states.get(room);
    if (state.live === live) return;
    state.live = live;
    this.record(room, this.system(live ? 'The stream started' : 'The stream ended', live ? 'live' : 'offline'), () => undefined);
  }

  enter(room: string, user: RoomUser): void {
    this.record(room, { type: 'enter', ts: this.d.now(), user }, () => undefined);
  }

  /** Drops idle rate-limit buckets and finished combos so memory follows the active audience. */
  sweep(): void {
    const l = this.d.limits;
    for (const r of [l.danmakuPerUser, l.giftsPerUser, l.likesPerUser, l.historyPerUser, l.perAddress]) r.sweep();
    this.d.combos.sweep();
  }

  private system(text: string, code: string, target?: SystemEvent['target']): EventDraft {
    return { type: 'system', ts: this.d.now(), user: SYSTEM_USER, text, code, ...(target ? { target } : {}) };
  }

  /** Ban, then per-user and per-address buckets; staff are not rate limited. Spends only if all pass. */
  private checkPoster(c: Caller, perUser: RateLimiter): ReturnType<typeof fail> | null {
    if (this.d.states.get(c.room).banned.has(c.user.id)) return fail('banned', 'You are muted in this room.');
    if (isStaff(c.user)) return null;
    const userKey = `${c.room}/${c.user.id}`;
    if (!perUser.peek(userKey)) return fail('rate_limited', 'Slow down: you are sending too fast.');
    if (!this.d.limits.perAddress.take(c.address)) return fail('rate_limited', 'Too many messages from your network; try again shortly.');
    perUser.take(userKey);
    return null;
  }

  /** Stores, then fans out, then answers: an ack always means the event is in the log. */
  private record(room: string, draft: EventDraft, reply: Reply): void {
    let event: RoomEvent;
    try {
      event = this.d.log.append(room, draft);
    } catch (err) {
      reply(fail('internal', `Could not store the event: ${(err as Error).message}`));
      return;
    }
    this.d.fanout.publish(room, event);
    reply({ ok: true, seq: event.seq });
  }

  private tryWrite(reply: Reply, write: () => void): boolean {
    try {
      write();
      return true;
    } catch (err) {
      reply(fail('internal', `Could not store the change: ${(err as Error).message}`));
      return false;
    }
  }
}
