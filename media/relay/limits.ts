/**
 * Every per-connection and per-address bound of the relay, with its default. docs/security.md lists
 * the same table; the CLI exposes the ones an operator may want to change.
 */
const MiB = 1024 * 1024;

export interface RelayLimits {
  /** Concurrent RTMP connections from one address (IPv6: one /64). */
  rtmpConnectionsPerAddress: number;
  /** Concurrent RTMP connections in total. */
  rtmpMaxConnections: number;
  /** A connection must finish the handshake and start play/publish within this time. */
  rtmpHandshakeTimeoutMs: number;
  /** A publisher that sends nothing for this long is disconnected (the room goes offline). */
  rtmpPublisherIdleMs: number;
  /** Largest RTMP message accepted (a 4K keyframe fits several times over). */
  rtmpMaxMessageBytes: number;
  /** Largest total of reassembly buffers per connection. */
  rtmpMaxReassemblyBytes: number;
  /** Distinct chunk streams per connection (real encoders use fewer than 10). */
  rtmpMaxChunkStreams: number;
  /** Unsent bytes a viewer (HTTP-FLV or RTMP play) may have pending before it is dropped. */
  viewerMaxPendingBytes: number;
  /** Concurrent HTTP connections (WebSockets included) from one address; trusted proxies are exempt. */
  httpConnectionsPerAddress: number;
  /** Time a client has to send complete request headers (also closes sockets that send nothing). */
  httpHeadersTimeoutMs: number;
  /** Time a client has to send a complete request (headers and body). */
  httpRequestTimeoutMs: number;
  /** Idle time of a kept-alive HTTP connection between requests. */
  httpKeepAliveTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<RelayLimits> = Object.freeze({
  rtmpConnectionsPerAddress: 10,
  rtmpMaxConnections: 1000,
  rtmpHandshakeTimeoutMs: 10_000,
  rtmpPublisherIdleMs: 30_000,
  rtmpMaxMessageBytes: 8 * MiB,
  rtmpMaxReassemblyBytes: 24 * MiB,
  rtmpMaxChunkStreams: 32,
  viewerMaxPendingBytes: 4 * MiB,
  httpConnectionsPerAddress: 256,
  httpHeadersTimeoutMs: 15_000,
  httpRequestTimeoutMs: 30_000,
  httpKeepAliveTimeoutMs: 5_000,
});

export function resolveLimits(partial: Partial<RelayLimits> = {}): RelayLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(partial) as Array<[keyof RelayLimits, number | undefined]>) {
    if (v === undefined) continue;
    if (!Number.isFinite(v) || v < 1) throw new Error(`Relay limit ${k} must be a positive number, got ${v}`);
    out[k] = Math.floor(v);
  }
  return out;
}
