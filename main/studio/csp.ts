/**
 * The studio page's Content-Security-Policy, shared by Electron (session header) and browser mode
 * (bridge response header). Scripts only from the app itself; media, images and XHR/WebSocket also to
 * the embedded relay (loopback and LAN origins) so the program monitor can play HLS/FLV.
 */
export interface CspOptions {
  /** http(s) origins of the relay, e.g. ["http://127.0.0.1:8000", "http://192.168.1.5:8000"]. */
  relayOrigins: string[];
  /** Extra connect-src entries (the bridge's own ws:// origin). */
  connect?: string[];
  /** 'self' is not meaningful for file:// pages in Electron; pass "file:" there. */
  self?: string;
}

export function buildCsp(opts: CspOptions): string {
  const self = opts.self ?? "'self'";
  const relay = [...new Set(opts.relayOrigins)];
  const ws = relay.map((o) => o.replace(/^http/, 'ws'));
  return [
    `default-src ${self}`,
    `script-src ${self}`,
    // React sets style attributes; no inline <script> is ever allowed.
    `style-src ${self} 'unsafe-inline'`,
    `img-src ${self} data: blob: ${relay.join(' ')}`.trim(),
    `media-src ${self} blob: ${relay.join(' ')}`.trim(),
    `connect-src ${self} ${[...relay, ...ws, ...(opts.connect ?? [])].join(' ')}`.trim(),
    // hls.js and mpegts.js may start workers from blob: URLs.
    `worker-src ${self} blob:`,
    `font-src ${self} data:`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** "http://127.0.0.1:8000/live/x.m3u8" → "http://127.0.0.1:8000" (null for anything not http(s)). */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}
