/**
 * Who is the client, and which bucket do its per-address limits count against? Pure functions plus
 * one small counter, shared by the relay (RTMP, HTTP) and the room hub (socket.io).
 *
 * - IPv4 is keyed as is; an IPv4-mapped IPv6 address (::ffff:1.2.3.4) is the IPv4 address.
 * - IPv6 is keyed by its /64: one subscriber line usually gets a whole /64, so keying by the full
 *   address would let one attacker take 2^64 buckets.
 * - X-Forwarded-For is believed only when the direct peer is a trusted proxy, and then only up to
 *   the right-most hop that is not itself trusted (everything left of it is the client's own claim).
 */
import net from 'node:net';

/** Strips an IPv6 zone, brackets and an IPv4-mapped prefix; returns '' for anything that is not an IP. */
export function normalizeIp(raw: string | undefined | null): string {
  if (!raw) return '';
  let ip = raw.trim();
  // "[v6]:port" or "[v6]" (some proxies add ports to X-Forwarded-For)
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracket) ip = bracket[1]!;
  // "v4:port"
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(':'));
  const zone = ip.indexOf('%');
  if (zone >= 0) ip = ip.slice(0, zone);
  const family = net.isIP(ip);
  if (family === 4) return ip;
  if (family !== 6) return '';
  const groups = expandIpv6(ip);
  // ::ffff:a.b.c.d (IPv4-mapped)
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return groups.map((g) => g.toString(16)).join(':');
}

/** The eight 16-bit groups of a valid IPv6 address (with "::" and a trailing dotted quad expanded). */
function expandIpv6(ip: string): number[] {
  let text = ip.toLowerCase();
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') as [string, string] : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

/**
 * The bucket an address counts against: the IPv4 address, or the IPv6 /64 prefix written as
 * "2001:db8:1:2::/64". Anything unparsable gets its own fixed bucket so it cannot escape limits.
 */
export function addressKey(ip: string | undefined | null): string {
  const n = normalizeIp(ip);
  if (!n) return 'invalid';
  if (net.isIPv4(n)) return n;
  return `${n.split(':').slice(0, 4).join(':')}::/64`;
}

const trustCache = new Map<string, net.BlockList>();

/** A list of IPs or CIDR ranges ("10.0.0.0/8", "fd00::/8") compiled once per distinct list. */
function trustList(trusted: readonly string[]): net.BlockList {
  const id = trusted.join(',');
  let list = trustCache.get(id);
  if (!list) {
    list = new net.BlockList();
    for (const entry of trusted) {
      const [addr, bits] = entry.split('/');
      const ip = normalizeIp(addr);
      if (!ip) throw new Error(`Not an IP address or CIDR range: "${entry}"`);
      const family = net.isIPv4(ip) ? 'ipv4' : 'ipv6';
      if (bits === undefined) list.addAddress(ip, family);
      else {
        const prefix = Number(bits);
        if (!/^\d{1,3}$/.test(bits) || prefix > (family === 'ipv4' ? 32 : 128)) throw new Error(`Bad prefix length in "${entry}"`);
        list.addSubnet(ip, prefix, family);
      }
    }
    if (trustCache.size > 64) trustCache.clear();
    trustCache.set(id, list);
  }
  return list;
}

/** Throws a readable error when an entry of a trusted-proxy list is not an IP or CIDR range. */
export function validateTrustedProxies(trusted: readonly string[]): void {
  trustList(trusted);
}

export function isTrustedProxy(ip: string, trusted: readonly string[]): boolean {
  const n = normalizeIp(ip);
  if (!n || trusted.length === 0) return false;
  return trustList(trusted).check(n, net.isIPv4(n) ? 'ipv4' : 'ipv6');
}

/**
 * The client's address. `xForwardedFor` is the raw header value (or the array Node gives for a
 * repeated header); it counts only when the direct peer is a trusted proxy. Returns a normalised
 * IP ('' when even the peer address is unknown).
 */
export function clientAddress(remoteAddress: string | undefined | null, xForwardedFor: string | string[] | undefined | null, trustedProxies: readonly string[]): string {
  let client = normalizeIp(remoteAddress);
  if (!client || !xForwardedFor || trustedProxies.length === 0 || !isTrustedProxy(client, trustedProxies)) return client;
  const hops = (Array.isArray(xForwardedFor) ? xForwardedFor.join(',') : xForwardedFor).split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i]);
    // A trusted proxy wrote something that is not an address: stop at the proxy that reported it.
    if (!hop) return client;
    client = hop;
    if (!isTrustedProxy(hop, trustedProxies)) return hop;
  }
  return client;
}

/**
 * Counts concurrent resources (connections, handshakes) per address key with a cap. `acquire`
 * returns a release function, or null when the key is at its cap; releasing twice is harmless.
 */
export class PerAddressLimiter {
  private readonly counts = new Map<string, number>();

  constructor(readonly max: number) {
    if (!(max >= 1)) throw new Error('PerAddressLimiter max must be ≥ 1');
  }

  acquire(key: string): (() => void) | null {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.max) return null;
    this.counts.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left <= 0) this.counts.delete(key);
      else this.counts.set(key, left);
    };
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Number of keys currently holding something (stays bounded by the live connections). */
  get size(): number {
    return this.counts.size;
  }
}
