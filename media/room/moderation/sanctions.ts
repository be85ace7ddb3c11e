/**
 * Who may not post, beyond the plain ban set: timeouts (bans that end by themselves, on time or when
 * the stream ends) and banned addresses. A ban or timeout covers the identity and its network
 * address: a new identity created from that address after the ban is refused too, so clearing the
 * token and reconnecting does not get a banned viewer back in. Identities that existed before the
 * ban behind the same address (others on the same NAT, a campus) are not affected, and a permanent
 * ban covers its address for a day only (addresses change hands); the identity stays banned.
 *
 * Also remembers where and since when each user was seen (for the ban's address and the user card),
 * bounded per room. Loaded lazily per room from the ban table.
 */
import type { BanRecord } from '../event-log';
import type { PostRule } from '../rules/types';

/** How long a permanent ban also covers its address (a timeout covers it while it lasts). */
export const ADDRESS_BAN_MS = 24 * 3600_000;
const SEEN_MAX = 20_000;

export interface SeenUser { name: string; address: string; firstSeen: number; lastSeen: number }

interface RoomSanctions {
  /** userId → the record of a timeout (until / streamEnd). */
  timeouts: Map<string, BanRecord>;
  /** address → the bans that cover it. */
  addresses: Map<string, BanRecord[]>;
  seen: Map<string, SeenUser>;
}

export class Sanctions {
  private readonly rooms = new Map<string, RoomSanctions>();

  constructor(private readonly load: (room: string) => BanRecord[]) {}

  private get(room: string): RoomSanctions {
    let s = this.rooms.get(room);
    if (!s) {
      s = { timeouts: new Map(), addresses: new Map(), seen: new Map() };
      this.rooms.set(room, s);
      for (const r of this.load(room)) this.index(s, r);
    }
    return s;
  }

  private index(s: RoomSanctions, r: BanRecord): void {
    if (r.until !== undefined || r.streamEnd) s.timeouts.set(r.userId, r);
    if (r.address) s.addresses.set(r.address, [...(s.addresses.get(r.address) ?? []).filter((x) => x.userId !== r.userId), r]);
  }

  /** A ban or timeout was stored. */
  added(room: string, r: BanRecord): void {
    const s = this.get(room);
    this.lifted(room, r.userId);
    this.index(s, r);
  }

  /** A ban or timeout ended (unban, expiry, stream end). */
  lifted(room: string, userId: string): void {
    const s = this.get(room);
    s.timeouts.delete(userId);
    for (const [addr, list] of s.addresses) {
      const rest = list.filter((x) => x.userId !== userId);
      if (rest.length === list.length) continue;
      if (rest.length) s.addresses.set(addr, rest);
      else s.addresses.delete(addr);
    }
  }

  timeoutOf(room: string, userId: string): BanRecord | undefined {
    return this.get(room).timeouts.get(userId);
  }

  /** The ban that covers a viewer through its address: only identities created after the ban. */
  addressBan(room: string, address: string, createdAt: number, now: number): BanRecord | undefined {
    return this.get(room).addresses.get(address)?.find((r) => createdAt >= r.at && (r.until ?? (r.streamEnd ? Infinity : r.at + ADDRESS_BAN_MS)) > now);
  }

  /** Timeouts whose time is up, across rooms. */
  due(now: number): { room: string; userId: string }[] {
    const out: { room: string; userId: string }[] = [];
    for (const [room, s] of this.rooms) for (const r of s.timeouts.values()) if (r.until !== undefined && r.until <= now) out.push({ room, userId: r.userId });
    return out;
  }

  /** Timeouts "for this stream" in a room. */
  streamTimeouts(room: string): string[] {
    return [...this.get(room).timeouts.values()].filter((r) => r.streamEnd).map((r) => r.userId);
  }

  seen(room: string, userId: string, name: string, address: string, at: number): void {
    const s = this.get(room).seen;
    const prev = s.get(userId);
    s.delete(userId);
    s.set(userId, { name, address, firstSeen: prev?.firstSeen ?? at, lastSeen: at });
    if (s.size > SEEN_MAX) s.delete(s.keys().next().value!);
  }

  seenUser(room: string, userId: string): SeenUser | undefined {
    return this.get(room).seen.get(userId);
  }

  /** Posting rules: a timed-out user and a new identity from a banned address cannot post. */
  rules(): PostRule[] {
    return [
      {
        name: 'timeout',
        check: ({ caller, now }) => {
          const t = this.timeoutOf(caller.room, caller.user.id);
          if (!t) return null;
          const wait = t.until !== undefined ? Math.max(0, t.until - now) : undefined;
          return {
            action: 'refuse', code: 'timed_out', ...(wait !== undefined ? { retryAfterMs: wait } : {}),
            message: wait !== undefined ? `You are timed out for another ${Math.ceil(wait / 1000)} s.` : 'You are timed out until the stream ends.',
          };
        },
      },
      {
        name: 'banned-address',
        check: ({ caller, now }) => {
          if (caller.user.role !== 'viewer') return null;
          const b = this.addressBan(caller.room, caller.address, caller.createdAt, now);
          return b ? { action: 'refuse', code: 'banned', message: 'You are muted in this room.', detail: `address of ${b.userId}` } : null;
        },
      },
    ];
  }
}
