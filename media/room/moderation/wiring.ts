/**
 * Moderation as the hub sees it: the rules to put in its posting list, the hooks for posts, the
 * requests to bind, what to do on connection, every second and when a stream ends. Keeps hub.ts a
 * thin wiring file. Built in two steps because the staff service (bans) and moderation need each
 * other: `createModeration` first (rules, sanctions), `attach` once the staff service exists.
 */
import type { AuditEntry, HeldMessage, RoomAlert, ReviewedEvent, RoomSettings } from '../../../common/room-protocol';
import type { Caller, Reply } from '../caller';
import type { EventLog } from '../event-log';
import type { Fanout } from '../fanout';
import type { Recorder } from '../recorder';
import type { PostHooks } from '../room-service';
import type { PostRule } from '../rules/types';
import type { StaffService } from '../staff-service';
import { Alerts, type AlertOptions } from './alerts';
import { moderationRules } from './rules';
import { Sanctions } from './sanctions';
import { ModerationService } from './service';
import { ModerationStore } from './store';

/** Staff requests whose every outcome (including a viewer's forged attempt) goes to the audit log. */
export const AUDITED_REQUESTS: ReadonlySet<string> = new Set([
  'ban', 'unban', 'delete', 'timeout', 'room-settings', 'review', 'bulk', 'room-title', 'moderator-token', 'revoke-moderator',
  'bans', 'moderators', 'held-list', 'audit',
]);
/** Read-only staff requests: audited only when someone without the right tries them. */
const READS = new Set(['bans', 'moderators', 'held-list', 'audit']);

export interface ModerationDeps {
  log: EventLog;
  now: () => number;
  toStaff(room: string, name: 'held' | 'reviewed' | 'alert' | 'audit', payload: HeldMessage | ReviewedEvent | RoomAlert | AuditEntry): void;
  toRoom(room: string, name: 'room-settings', payload: RoomSettings): void;
  alerts?: AlertOptions;
  auditMaxLimit: number;
}

type Handler = (c: Caller, payload: unknown, reply: Reply<object>) => void;

export function createModeration(d: ModerationDeps) {
  const store = new ModerationStore(d.log.db);
  const sanctions = new Sanctions((room) => d.log.banRecords(room));
  let service: ModerationService | null = null;
  const svc = (): ModerationService => {
    if (!service) throw new Error('moderation used before attach()');
    return service;
  };
  const alerts = new Alerts((room, a) => svc().alerted(room, a), (room, userId) => svc().displayName(room, userId), d.alerts);
  const rules = moderationRules((room) => svc().settingsOf(room), (room, userId) => svc().isHeld(room, userId), d.now);

  const posts: PostHooks = {
    hold: (c, draft, decision, reply) => svc().hold(c, draft, decision, reply),
    decided: (c, kind, decision, event) => svc().decided(c, kind, decision, event),
  };

  return {
    /** Before the plain ban rule: timeouts answer `timed_out`, banned addresses `banned`. */
    sanctionRules: sanctions.rules() as PostRule[],
    /** Before the rate limits (cheap refusals) and after them (the text). */
    gates: rules.gates,
    content: rules.content,
    posts,
    /** For the staff service's bans. */
    sanctions: {
      addressOf: (room: string, userId: string) => sanctions.seenUser(room, userId)?.address,
      added: sanctions.added.bind(sanctions),
      lifted: sanctions.lifted.bind(sanctions),
    },

    attach(parts: { staff: StaffService; fanout: Fanout; recorder: Recorder }): void {
      service = new ModerationService({
        log: d.log, store, sanctions, alerts, ...parts, auditMaxLimit: d.auditMaxLimit, now: d.now,
        emit: { toStaff: d.toStaff, toRoom: d.toRoom },
      });
    },

    /** Requests to bind on every connection, by name. */
    requests(): [string, Handler][] {
      const s = svc();
      return [
        ['timeout', (c, p, r) => s.timeout(c, p, r)],
        ['room-settings', (c, p, r) => s.roomSettings(c, p, r)],
        ['held-list', (c, p, r) => s.heldList(c, p, r)],
        ['review', (c, p, r) => s.review(c, p, r)],
        ['bulk', (c, p, r) => s.bulk(c, p, r)],
        ['audit', (c, p, r) => s.auditRequest(c, p, r)],
      ];
    },

    /** Called with every answer to a staff request. */
    answered(c: Caller, name: string, payload: unknown, ack: { ok: boolean; code?: string }): void {
      if (!AUDITED_REQUESTS.has(name) || (READS.has(name) && ack.ok)) return;
      svc().auditRequestOutcome(c, name, payload, ack);
    },

    connected(c: Caller, newIdentity: boolean): void {
      sanctions.seen(c.room, c.user.id, c.user.name, c.address, d.now());
      if (newIdentity) svc().newIdentity(c.room, c.user.id);
    },

    settingsOf: (room: string) => svc().settingsOf(room),
    tick: (now: number) => svc().tick(now),
    streamEnded: (room: string) => svc().streamEnded(room),
    store,
  };
}

export type Moderation = ReturnType<typeof createModeration>;
