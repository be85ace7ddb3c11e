/**
 * What viewers' requests do, independent of socket.io: validate, run the posting rules (./rules),
 * store, fan out, answer. Every method answers through `reply` exactly once (likes answer when their
 * aggregated event is stored). Nothing here throws to the caller for bad input. Staff actions are in
 * ./staff-service.ts.
 */
import type { Ack, DanmakuEvent, GiftCatalogItem, RoomEvent, RoomUser } from '../../common/room-protocol';
import type { Caller, Reply } from './caller';
import { isStaff } from './caller';
import type { ComboTracker } from './combo-tracker';
import type { EventDraft, EventLog } from './event-log';
import type { GiftCatalog } from './gift-catalog';
import type { LikeAggregator } from './like-aggregator';
import type { RateLimiter } from './rate-limiter';
import { fail, type Recorder } from './recorder';
import type { RoomStates } from './room-state';
import { runRules, type Decision, type PostContext, type PostKind, type PostRule } from './rules/types';
import { danmakuRequestSchema, describeIssue, giftRequestSchema, historyRequestSchema, likeRequestSchema } from './schemas';
import { normaliseText } from './text';

export interface RoomServiceDeps {
  log: EventLog;
  recorder: Recorder;
  states: RoomStates;
  gifts: GiftCatalog;
  combos: ComboTracker;
  likes: LikeAggregator<Reply>;
  /** Run in order before every danmaku, gift and like (see ./rules/types.ts). */
  rules: readonly PostRule[];
  historyPerUser: RateLimiter;
  /** Moderation: held danmaku, and what the rules decided (audit, bot-wave detection). */
  posts: PostHooks;
  limits: {
    textMaxLength: number;
    giftCountMin: number;
    giftCountMax: number;
    likeCountMax: number;
    historyMaxLimit: number;
  };
  now: () => number;
}

export type DanmakuDraft = Omit<DanmakuEvent, 'seq'>;

export interface PostHooks {
  /** A rule held this danmaku: store it for review (not for viewers), answer as if it was sent; the stored event or null. */
  hold(c: Caller, draft: DanmakuDraft, decision: Decision, reply: Reply): RoomEvent | null;
  /** After every decision on a post; `event` is the stored (or held) event, null when refused. */
  decided(c: Caller, kind: PostKind, decision: Decision, event: RoomEvent | null): void;
}

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
    const decision = this.decide(c, 'danmaku', reply, text.text);
    if (!decision) return;
    const draft: DanmakuDraft = { type: 'danmaku', ts: this.d.now(), user: c.user, text: decision.text ?? text.text, color: p.data.color?.toLowerCase() ?? '#ffffff', mode: p.data.mode ?? 'scroll' };
    if (decision.action === 'hold') {
      const held = this.d.posts.hold(c, draft, decision, reply);
      if (held) this.d.posts.decided(c, 'danmaku', decision, held);
      return;
    }
    this.posted(c, 'danmaku', decision, draft, reply);
  }

  gift(c: Caller, payload: unknown, reply: Reply): void {
    const p = this.schemas.gift.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const item: GiftCatalogItem | undefined = this.d.gifts.get(p.data.giftId);
    if (!item) return reply(fail('unknown_gift', `There is no gift "${p.data.giftId}".`));
    const decision = this.decide(c, 'gift', reply);
    if (!decision) return;
    const combo = this.d.combos.hit(c.user.id, item.id);
    this.posted(c, 'gift', decision, {
      type: 'gift', ts: this.d.now(), user: c.user, giftId: item.id, name: item.name,
      count: p.data.count, value: p.data.count * item.price, combo,
    }, reply);
  }

  like(c: Caller, payload: unknown, reply: Reply): void {
    const p = this.schemas.like.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    if (!this.decide(c, 'like', reply)) return;
    this.d.likes.add(c.room, c.user, p.data.count, reply);
  }

  /** Stores one aggregated like event per user and answers every click it contains. */
  flushLikes(): void {
    for (const p of this.d.likes.drain()) {
      const answer = (a: Ack) => { for (const r of p.acks) r(a); };
      this.d.recorder.record(p.room, { type: 'like', ts: this.d.now(), user: p.user, count: p.count }, answer);
    }
  }

  history(c: Caller, payload: unknown, reply: Reply<{ events: RoomEvent[] }>): void {
    const p = this.schemas.history.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    // Pages are up to 500 rows: viewers get a modest budget; staff page freely to catch up.
    if (!isStaff(c.user) && !this.d.historyPerUser.take(`${c.room}/${c.user.id}`)) {
      return reply(fail('rate_limited', 'Too many history requests; wait a moment.'));
    }
    reply({ ok: true, events: this.d.log.since(c.room, p.data.since, p.data.limit ?? 100, isStaff(c.user)) });
  }

  /** Records the live/offline mark; its seq (a live mark's seq names the session), or null when nothing changed. */
  setLive(room: string, live: boolean): number | null {
    const state = this.d.states.get(room);
    if (state.live === live) return null;
    state.live = live;
    const r = this.d.recorder;
    return this.d.recorder.record(room, live ? r.system('live', {}, 'The stream started') : r.system('offline', {}, 'The stream ended'), () => undefined)?.seq ?? null;
  }

  /**
   * A stream the last run never marked as ended (killed while live) is ended at its last event, or
   * where its archived replay ends (`archivedUntil(session)`) when that is later: a quiet stream has
   * no events after its live mark, yet ran as long as its segments. Histories and viewers then do not
   * see it live forever, nor 0 s long.
   */
  endUnendedStream(room: string, archivedUntil?: (session: number) => number | undefined): void {
    if (this.d.states.get(room).live) return;
    const unended = this.d.log.unendedLive(room);
    if (unended === null) return;
    const ts = Math.max(unended.lastTs, Math.min(archivedUntil?.(unended.seq) ?? 0, this.d.now()));
    const r = this.d.recorder;
    r.record(room, { ...r.system('offline', {}, 'The stream ended'), ts }, () => undefined);
  }

  enter(room: string, user: RoomUser): void {
    this.d.recorder.record(room, { type: 'enter', ts: this.d.now(), user }, () => undefined);
  }

  /** Drops idle rate-limit buckets and finished combos so memory follows the active audience. */
  sweep(): void {
    for (const r of this.d.rules) r.sweep?.();
    this.d.historyPerUser.sweep();
    this.d.combos.sweep();
  }

  /** Runs the rules; on a refusal answers it (and reports it) and returns null. */
  private decide(caller: Caller, kind: PostKind, reply: Reply, text?: string): Exclude<Decision, { action: 'refuse' }> | null {
    const ctx: PostContext = { caller, kind, now: this.d.now(), ...(text !== undefined ? { text } : {}) };
    const decision = runRules(this.d.rules, ctx);
    if (decision.action !== 'refuse') return decision;
    reply({ ...fail(decision.code, decision.message), ...(decision.retryAfterMs !== undefined ? { retryAfterMs: decision.retryAfterMs } : {}) });
    this.d.posts.decided(caller, kind, decision, null);
    return null;
  }

  private posted(c: Caller, kind: PostKind, decision: Decision, draft: EventDraft, reply: Reply): void {
    const event = this.d.recorder.record(c.room, draft, reply);
    if (event) this.d.posts.decided(c, kind, decision, event);
  }
}
