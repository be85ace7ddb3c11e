/**
 * Per-address limits on who may join a room, so one machine (or one IPv6 /64) cannot flood it with
 * connections, fresh identities or `enter` events, while a real audience behind one NAT (a campus,
 * an office, a mobile carrier) still fits. Addresses come from media/net/client-address.ts:
 * X-Forwarded-For counts only from trusted proxies. Staff (owner, moderators) are not limited here.
 */
import type { ConnectErrorData } from '../../common/room-protocol';
import { addressKey, clientAddress, PerAddressLimiter } from '../net/client-address';
import { RateLimiter, type RateLimit } from './rate-limiter';

export interface AdmissionLimits {
  /** Open room connections per address (default 500). */
  connectionsPerAddress: number;
  /** Raw socket.io (engine.io) connections per address, in or out of a room (default 2 × connectionsPerAddress). */
  transportsPerAddress: number;
  /** New anonymous identities per address (default 60 a minute, burst 200). */
  identitiesPerAddress: RateLimit;
  /** `enter` events stored per address (default 30 a minute, burst 60); the connection still joins. */
  entersPerAddress: RateLimit;
}

export const DEFAULT_ADMISSION: AdmissionLimits = {
  connectionsPerAddress: 500,
  transportsPerAddress: 1000,
  identitiesPerAddress: { perSecond: 1, burst: 200 },
  entersPerAddress: { perSecond: 0.5, burst: 60 },
};

export type Admit = { ok: true; release: () => void } | { ok: false; error: ConnectErrorData };

export class Admission {
  private readonly connections: PerAddressLimiter;
  private readonly transports: PerAddressLimiter;
  private readonly identities: RateLimiter;
  private readonly enters: RateLimiter;
  /** Refusals since start, by code (for logs and tests). */
  readonly refused = { too_many_connections: 0, too_many_identities: 0, transports: 0, enters: 0 };

  constructor(limits: AdmissionLimits, private readonly trustedProxies: readonly string[], now: () => number) {
    this.connections = new PerAddressLimiter(limits.connectionsPerAddress);
    this.transports = new PerAddressLimiter(limits.transportsPerAddress);
    this.identities = new RateLimiter(limits.identitiesPerAddress, now);
    this.enters = new RateLimiter(limits.entersPerAddress, now);
  }

  /** The address bucket of a request: remote address, or X-Forwarded-For behind a trusted proxy; IPv6 by /64. */
  addressOf(remote: string | undefined, xForwardedFor: string | string[] | undefined): string {
    return addressKey(clientAddress(remote, xForwardedFor, this.trustedProxies));
  }

  /** A raw transport connection: a release function, or null when the address holds too many. */
  transport(address: string): (() => void) | null {
    const release = this.transports.acquire(address);
    if (!release) this.refused.transports++;
    return release;
  }

  /** A viewer joining a room; `newIdentity` when the hub is about to create an anonymous identity for it. */
  admit(address: string, newIdentity: boolean): Admit {
    const release = this.connections.acquire(address);
    if (!release) {
      this.refused.too_many_connections++;
      return { ok: false, error: { code: 'too_many_connections', message: 'Too many connections to this room from your network. Close some tabs or try again later.', retryAfterMs: 30_000 } };
    }
    if (newIdentity && !this.identities.take(address)) {
      release();
      this.refused.too_many_identities++;
      return { ok: false, error: { code: 'too_many_identities', message: 'Too many new viewers from your network just now. Try again in a minute.', retryAfterMs: 60_000 } };
    }
    return { ok: true, release };
  }

  /** Whether this address may store another `enter` event now. */
  enter(address: string): boolean {
    const ok = this.enters.take(address);
    if (!ok) this.refused.enters++;
    return ok;
  }

  sweep(): void {
    this.identities.sweep();
    this.enters.sweep();
  }
}
