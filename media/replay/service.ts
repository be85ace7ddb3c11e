/**
 * Replays in the room hub: the owner lists archived sessions and publishes them; viewers of a
 * published replay post comments at a position in the video. Comments go through the live room's
 * text cleaning, length rule and posting rules (bans, timeouts, per-user and per-address rates,
 * blocked terms, links, …) but are stored apart (ReplayStore) and never fanned out to the live room.
 * Also builds what the replay page reads over HTTP (routes.ts).
 */
import { z } from 'zod';
import { densityBins, positionOf, vodPlaylistPath, type ReplayComment, type ReplayInfo, type ReplaySessionSummary } from '../../common/replay';
import { fail } from '../room/recorder';
import type { Caller, Reply } from '../room/caller';
import { runRules, type PostRule } from '../room/rules/types';
import { describeIssue } from '../room/schemas';
import { normaliseText } from '../room/text';
import type { VodCatalog } from './catalog';
import type { VodMeta } from './meta';
import type { ReplayStore } from './store';

export interface ReplayLimits {
  /** Comments kept per session; more are refused (default 20,000). */
  maxCommentsPerSession: number;
  /** Live danmaku read from the log per session (default 20,000). */
  maxLogDanmaku: number;
  /** Viewer comments sent to the page (the newest; default 5,000). */
  maxReplayComments: number;
  textMaxLength: number;
  /** Bins of the density graph. */
  densityBins: number;
}

export const DEFAULT_REPLAY_LIMITS: Omit<ReplayLimits, 'textMaxLength'> = {
  maxCommentsPerSession: 20_000,
  maxLogDanmaku: 20_000,
  maxReplayComments: 5_000,
  densityBins: 100,
};

export interface ReplayServiceDeps {
  store: ReplayStore;
  catalog: VodCatalog;
  rules: readonly PostRule[];
  title: (room: string) => string;
  limits: ReplayLimits;
  now: () => number;
}

const sessionId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const publishSchema = z.object({ session: sessionId, published: z.boolean() }).strict();
const commentSchema = z.object({
  session: sessionId,
  t: z.number().min(0).max(7 * 86_400),
  text: z.string().max(2000),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'color must be #rrggbb').optional(),
  mode: z.enum(['scroll', 'top', 'bottom']).optional(),
}).strict();

/** The live danmaku of a finished session hardly change (a late delete): kept this long, for this many sessions. */
const LIVE_CACHE_MS = 30_000;
const LIVE_CACHE_SESSIONS = 32;

export class ReplayService {
  private readonly liveCache = new Map<string, { at: number; comments: ReplayComment[] }>();

  constructor(private readonly d: ReplayServiceDeps) {}

  /** The owner's list: every archived session of the room with its published flag. */
  sessions(c: Caller, _payload: unknown, reply: Reply<{ sessions: ReplaySessionSummary[] }>): void {
    if (c.user.role !== 'owner') return reply(fail('forbidden', 'Only the streamer can list replays.'));
    void this.d.catalog.list(c.room).then((metas) => {
      const published = this.d.store.publishedSessions(c.room);
      reply({ ok: true, sessions: metas.map((m) => ({ ...summary(m, published.has(m.session)), bytes: m.bytes })) });
    }, () => reply(fail('internal', 'Could not read the replay archive.')));
  }

  publish(c: Caller, payload: unknown, reply: Reply<{ session: number; published: boolean }>): void {
    if (c.user.role !== 'owner') return reply(fail('forbidden', 'Only the streamer can publish a replay.'));
    const p = publishSchema.safeParse(payload);
    if (!p.success) return reply(fail('invalid', describeIssue(p.error)));
    const { session, published } = p.data;
    void this.d.catalog.get(c.room, session).then((meta) => {
      if (!meta) return reply(fail('not_found', `Session ${session} has no replay on this relay (not archived, still live, or removed).`));
      try {
        this.d.store.setPublished(c.room, session, published, this.d.now());
      } catch (err) {
        return reply(fail('internal', `Could not store the change: ${(err as Error).message}`));
      }
      reply({ ok: true, session, published });
    }, () => reply(fail('internal', 'Could not read the replay archive.')));
  }

  /** A viewer's comment on a published replay. */
  comment(c: Caller, payload: unknown, reply: Reply<{ id: string }>): void {
    const p = commentSchema.safeParse(payload);
    if (!p.success) return reply(fail(p.error.issues[0]?.code === 'too_big' && p.error.issues[0].path[0] === 'text' ? 'too_long' : 'invalid', describeIssue(p.error)));
    const text = normaliseText(p.data.text, this.d.limits.textMaxLength);
    if (!text.ok) return reply(fail(text.code, text.message));
    const { session, t } = p.data;
    if (!this.d.store.isPublished(c.room, session)) return reply(fail('not_found', 'This replay is not published.'));
    void this.d.catalog.get(c.room, session).then((meta) => {
      if (!meta) return reply(fail('not_found', 'This replay is not available.'));
      if (t > meta.duration + 1) return reply(fail('invalid', `t: the replay is ${Math.round(meta.duration)} s long.`));
      if (this.d.store.commentCount(c.room, session) >= this.d.limits.maxCommentsPerSession) {
        return reply(fail('forbidden', 'This replay has reached its comment limit.'));
      }
      const decision = runRules(this.d.rules, { caller: c, kind: 'danmaku', now: this.d.now(), text: text.text });
      if (decision.action === 'refuse') return reply({ ...fail(decision.code, decision.message), ...(decision.retryAfterMs !== undefined ? { retryAfterMs: decision.retryAfterMs } : {}) });
      // Replays have no review queue: what the live room would hold for a moderator is not posted here.
      if (decision.action === 'hold') return reply(fail('blocked', 'This comment needs a moderator\'s review, which replays do not have; it was not posted.'));
      try {
        const id = this.d.store.addComment(c.room, session, {
          posMs: Math.round(t * 1000), ts: this.d.now(), user: c.user, text: decision.text ?? text.text,
          color: p.data.color?.toLowerCase() ?? '#ffffff', mode: p.data.mode ?? 'scroll',
        });
        reply({ ok: true, id: `r${id}` });
      } catch (err) {
        reply(fail('internal', `Could not store the comment: ${(err as Error).message}`));
      }
    }, () => reply(fail('internal', 'Could not read the replay archive.')));
  }

  /** Published sessions of a room, newest first (the room page's list). */
  async publishedList(room: string): Promise<ReplaySessionSummary[]> {
    const published = this.d.store.publishedSessions(room);
    if (published.size === 0) return [];
    return (await this.d.catalog.list(room)).filter((m) => published.has(m.session)).map((m) => summary(m, true));
  }

  /** What the replay page needs, or null when the session is unknown or not published. */
  async info(room: string, session: number): Promise<ReplayInfo | null> {
    if (!this.d.store.isPublished(room, session)) return null;
    const meta = await this.d.catalog.get(room, session);
    if (!meta) return null;
    const l = this.d.limits;
    const comments = [...this.liveComments(meta)];
    for (const c of this.d.store.comments(room, session, l.maxReplayComments)) {
      comments.push({ id: `r${c.id}`, t: Math.min(meta.duration, c.posMs / 1000), text: c.text, color: c.color, mode: c.mode, live: false });
    }
    comments.sort((a, b) => a.t - b.t);
    return {
      ...summary(meta, true), title: this.d.title(room), playlist: vodPlaylistPath(room, session), comments,
      density: densityBins(comments.map((c) => c.t), meta.duration, l.densityBins),
    };
  }

  /** The session's danmaku from the live log, placed on the video's timeline (cached briefly: many viewers, one query). */
  private liveComments(meta: VodMeta): ReplayComment[] {
    const key = `${meta.room}/${meta.session}`;
    const now = this.d.now();
    const hit = this.liveCache.get(key);
    if (hit && now - hit.at < LIVE_CACHE_MS) return hit.comments;
    const timeline = meta.segments.map((s) => ({ duration: s.d, pdt: s.pdt }));
    const endSeq = meta.endSeq ?? this.d.store.endOf(meta.room, meta.session) ?? Number.MAX_SAFE_INTEGER;
    const comments: ReplayComment[] = [];
    for (const e of this.d.store.logDanmaku(meta.room, meta.session, endSeq, this.d.limits.maxLogDanmaku)) {
      const t = positionOf(timeline, e.ts);
      if (t !== null) comments.push({ id: `s${e.seq}`, t: round3(t), text: e.text, color: e.color, mode: e.mode, live: true });
    }
    this.liveCache.delete(key);
    this.liveCache.set(key, { at: now, comments });
    while (this.liveCache.size > LIVE_CACHE_SESSIONS) this.liveCache.delete(this.liveCache.keys().next().value!);
    return comments;
  }

  visible(room: string, session: number): boolean {
    return this.d.store.isPublished(room, session);
  }
}

function summary(m: VodMeta, published: boolean): ReplaySessionSummary {
  return { room: m.room, session: m.session, startedAt: m.startedAt, endedAt: m.endedAt, duration: m.duration, interrupted: m.interrupted, published };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;
