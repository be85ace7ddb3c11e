/**
 * Who may use the browser-mode bridge: whoever holds the random token printed at start (it is in the
 * URL the person opens; afterwards an HttpOnly SameSite=Strict cookie carries it), and only through
 * a Host header naming this loopback server, which defeats DNS rebinding (a hostile page whose name
 * resolves to 127.0.0.1 still sends its own name as Host).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { BRIDGE_TOKEN_COOKIE, BRIDGE_TOKEN_HEADER } from '../../common/studio-api';

export function generateBridgeToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison; hashing first makes both sides the same length. */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 512) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    try {
      out[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // a malformed cookie from another app on localhost is not ours: ignore it
    }
  }
  return out;
}

/** The token a request carries: the header (API clients) or the cookie (the studio page). */
export function requestToken(headers: IncomingHttpHeaders): string | undefined {
  const h = headers[BRIDGE_TOKEN_HEADER];
  if (typeof h === 'string') return h;
  return parseCookies(headers.cookie)[BRIDGE_TOKEN_COOKIE];
}

/** Host names this server answers to: the loopback names with our port. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  return typeof host === 'string' && allowedHosts(port).has(host.toLowerCase());
}

/** A cross-site request may carry an Origin; ours is always one of our own loopback origins. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true; // same-origin GETs and non-browser clients send none
  return [...allowedHosts(port)].some((h) => origin.toLowerCase() === `http://${h}`);
}

export function tokenCookie(token: string): string {
  return `${BRIDGE_TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}
