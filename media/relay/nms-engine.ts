/**
 * The one place that drives node-media-server (its internals are declared in nms-internals.ts).
 * NMS v4 keeps a process-wide context, calls process.exit on a taken port, delays "publish done" by
 * 30 s, trusts every byte a peer sends and lets any session's media reach a broadcast. We contain
 * that here:
 * - we own the RTMP listener (a taken port is an error, not an exit) with per-address and total
 *   connection caps and a handshake deadline;
 * - each engine maps the public app name onto a private one, so two relays never share a stream;
 * - play and publish are decided by us *before* NMS sees them: a refused session is told why and
 *   destroyed at once, never reaches NMS's broadcast, never becomes or displaces a publisher;
 * - only the accepted publisher's media is broadcast; any other session sending media is destroyed;
 * - every exception from NMS's parser ends that one connection with a log line (parser sizes are
 *   bounded by rtmp-guard.ts), and slow subscribers are dropped (send-cap.ts).
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOM_ID_PATTERN } from '../../common/room-protocol';
import type { Logger } from '../log';
import { addressKey, PerAddressLimiter } from '../net/client-address';
import { resolveLimits, type RelayLimits } from './limits';
import { LogThrottle } from './log-throttle';
import { BroadcastServer, FlvSession, nmsContext, RtmpSession, type NmsBroadcast, type NmsSession } from './nms-internals';
import { guardRtmpParser, RtmpViolation, SessionClosed } from './rtmp-guard';
import { capSendBuffer } from './send-cap';
import { listenError } from '../net/listen-error';

export const PUBLIC_APP = 'live';

export interface PublishAttempt {
  room: string;
  query: Record<string, unknown>;
  ip: string;
}

export type PublisherInfo = Pick<NmsSession, 'inBytes' | 'videoCodec' | 'videoWidth' | 'videoHeight' | 'videoFramerate' | 'audioCodec' | 'audioSamplerate' | 'audioChannels'>;

export interface NmsEngineOptions {
  log: Logger;
  /** Decides whether a publish may start; returns a reason to refuse, or null to accept. */
  authorizePublish: (attempt: PublishAttempt) => string | null;
  /** Decides whether an RTMP play may start (e.g. the room exists); null accepts. */
  authorizePlay?: (room: string) => string | null;
  limits?: Partial<RelayLimits>;
}

export interface NmsEngineEvents {
  publish: [room: string];
  unpublish: [room: string];
}

interface RtmpConn {
  session: NmsSession;
  socket: net.Socket;
  ip: string;
  role: 'setup' | 'player' | 'publisher';
  room: string;
  closed: boolean;
  /** What connect + play/publish asked for (NMS calls the connect callback right before play/publish). */
  target: { app: unknown; name: unknown; query: unknown } | null;
  handshakeTimer: NodeJS.Timeout;
}

export class NmsEngine extends EventEmitter<NmsEngineEvents> {
  /** Internal app name, unique per engine, so streams of two relays in one process never mix. */
  private readonly app = `live-${randomBytes(4).toString('hex')}`;
  private readonly publishers = new Map<string, NmsSession>();
  private readonly conns = new Set<RtmpConn>();
  private readonly limits: RelayLimits;
  private readonly perAddress: PerAddressLimiter;
  private readonly warn: LogThrottle;
  private server: net.Server | null = null;
  /** Counters of what the guards did (for tests, benchmarks and status). */
  readonly stats = { slowViewersDropped: 0, rtmpDropped: 0, rtmpRefused: 0 };

  constructor(private readonly opts: NmsEngineOptions) {
    super();
    this.limits = resolveLimits(opts.limits);
    this.perAddress = new PerAddressLimiter(this.limits.rtmpConnectionsPerAddress);
    this.warn = new LogThrottle(opts.log);
  }

  /** Listen for RTMP; rejects with a clear error when the port is taken. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer(this.onSocket);
      server.maxConnections = this.limits.rtmpMaxConnections;
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(listenError('RTMP', host, port, err));
      });
      server.listen(port, host, () => {
        this.server = server;
        server.on('error', (err) => this.opts.log.error(`RTMP server error: ${err.message}`));
        server.on('drop', (d) => this.warn.warn(`RTMP connection from ${d?.remoteAddress ?? '?'} refused: ${this.limits.rtmpMaxConnections} connections already open`));
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  isLive(room: string): boolean {
    return this.publishers.has(room);
  }

  publisherInfo(room: string): PublisherInfo | null {
    const s = this.publishers.get(room);
    if (!s) return null;
    return {
      inBytes: s.inBytes, videoCodec: s.videoCodec, videoWidth: s.videoWidth, videoHeight: s.videoHeight,
      videoFramerate: s.videoFramerate, audioCodec: s.audioCodec, audioSamplerate: s.audioSamplerate, audioChannels: s.audioChannels,
    };
  }

  /** Open RTMP connections (for tests and status). */
  get rtmpConnections(): number {
    return this.conns.size;
  }

  /**
   * Receive the room's stream as FLV bytes (header, metadata, codec headers, the current GOP, then
   * live tags), as an internal subscriber that NMS does not count as a viewer.
   */
  subscribe(room: string, onData: (buf: Buffer) => void): () => void {
    const broadcast = this.broadcastFor(room);
    // NMS calls subscribers inside the publisher's parse: a throwing consumer must not end the publish.
    const sendBuffer = (buf: Buffer) => {
      try {
        onData(buf);
      } catch (err) {
        this.warn.warn(`Internal subscriber of room "${room}" failed: ${(err as Error)?.stack ?? err}`);
      }
    };
    const sub = { id: `internal-${room}-${Date.now()}-${Math.random().toString(36).slice(2)}`, ip: '', protocol: 'flv', endTime: 0, sendBuffer };
    broadcast.postPlay(sub);
    return () => broadcast.donePlay(sub);
  }

  /** Serve HTTP-FLV to a viewer: headers are ours (CORS, no-cache), the tags come from NMS. */
  playFlv(room: string, req: IncomingMessage, res: ServerResponse): void {
    const fake = Object.assign(req, {
      params: { app: this.app, name: room },
      query: {},
      hostname: (req.headers.host ?? '').split(':')[0],
    });
    const session = new FlvSession(fake, res);
    // A viewer's request body is never parsed as media (NMS would feed it to its FLV demuxer).
    session.onData = () => undefined;
    const cap = capSendBuffer(session, () => res.writableLength, this.limits.viewerMaxPendingBytes, (pending) => {
      this.stats.slowViewersDropped++;
      this.warn.warn(`Dropped slow HTTP-FLV viewer ${req.socket.remoteAddress} of room "${room}": ${pending} bytes unsent (limit ${this.limits.viewerMaxPendingBytes})`);
      req.socket.destroy();
    });
    cap.joining(() => session.run());
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.socket.destroy();
    for (const room of [...this.publishers.keys()]) this.endPublish(room);
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private broadcastFor(room: string): NmsBroadcast {
    const path = `/${this.app}/${room}`;
    let b = nmsContext.broadcasts.get(path);
    if (!b) {
      b = new BroadcastServer(path);
      nmsContext.broadcasts.set(path, b);
    }
    return b;
  }

  private onSocket = (socket: net.Socket): void => {
    socket.on('error', () => {}); // garbage or resets from a client must not disturb the relay
    const ip = socket.remoteAddress ?? '?';
    const release = this.perAddress.acquire(addressKey(ip));
    if (!release) {
      this.warn.warn(`RTMP connection from ${ip} refused: ${this.limits.rtmpConnectionsPerAddress} connections from this address already open`);
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const session = new RtmpSession(socket);
    const conn: RtmpConn = {
      session, socket, ip, role: 'setup', room: '', closed: false, target: null,
      handshakeTimer: setTimeout(() => this.drop(conn, `did not start playing or publishing within ${this.limits.rtmpHandshakeTimeoutMs / 1000} s`), this.limits.rtmpHandshakeTimeoutMs),
    };
    this.conns.add(conn);

    // Everything NMS does for this socket runs inside this try: a parser fault ends this connection only.
    const onData = session.onData;
    session.onData = (data: Buffer) => {
      if (conn.closed) return;
      try {
        onData(data);
      } catch (err) {
        if (err instanceof SessionClosed) return;
        this.drop(conn, err instanceof RtmpViolation ? err.message : `malformed RTMP (${(err as Error)?.message ?? err})`);
      }
    };
    const cap = capSendBuffer(session, () => socket.writableLength, this.limits.viewerMaxPendingBytes, (pending) => {
      this.stats.slowViewersDropped++;
      this.drop(conn, `slow RTMP player: ${pending} bytes unsent (limit ${this.limits.viewerMaxPendingBytes})`);
    });
    session.run();
    socket.once('close', () => this.onClose(conn, release));

    const rtmp = session.rtmp!;
    guardRtmpParser(rtmp, this.limits);
    const connect = rtmp.onConnectCallback;
    const push = rtmp.onPushCallback;
    const play = rtmp.onPlayCallback;
    const packet = rtmp.onPacketCallback;
    // NMS answers "Publish.Start"/"Play.Start" before asking anyone; we answer only once accepted.
    const respondPublish = rtmp.respondPublish.bind(rtmp);
    rtmp.respondPublish = () => undefined;
    const respondPlay = rtmp.respondPlay.bind(rtmp);
    rtmp.respondPlay = () => undefined;

    rtmp.onConnectCallback = (req) => {
      if (conn.role !== 'setup' || conn.target) throw this.violation(conn, 'a second play or publish on one connection');
      conn.target = { app: req.app, name: req.name, query: req.query };
    };
    rtmp.onPushCallback = () => {
      const room = this.checkTarget(conn, 'publish');
      const query = (conn.target?.query ?? {}) as Record<string, unknown>;
      let reason = this.opts.authorizePublish({ room, query, ip });
      if (!reason && this.publishers.has(room)) reason = 'the room is already live with another publisher';
      if (reason) throw this.refuse(conn, 'publish', room, reason);
      connect({ app: this.app, name: room, host: '', query });
      session.broadcast.publishGraceMs = 0;
      push();
      if (session.broadcast.publisher !== session) throw this.refuse(conn, 'publish', room, 'the stream is busy');
      conn.role = 'publisher';
      conn.room = room;
      clearTimeout(conn.handshakeTimer);
      socket.setTimeout(this.limits.rtmpPublisherIdleMs, () => this.drop(conn, `publisher sent nothing for ${this.limits.rtmpPublisherIdleMs / 1000} s`));
      this.publishers.set(room, session);
      respondPublish();
      this.opts.log.info(`Publish started: room "${room}" from ${ip}`);
      this.emit('publish', room);
    };
    rtmp.onPlayCallback = () => {
      const room = this.checkTarget(conn, 'play');
      const reason = this.opts.authorizePlay?.(room) ?? null;
      if (reason) throw this.refuse(conn, 'play', room, reason);
      connect({ app: this.app, name: room, host: '', query: {} });
      // the status first, then the join burst (headers and GOP) that NMS's postPlay sends
      respondPlay();
      cap.joining(play);
      if (!session.broadcast.subscribers.has(session.id)) throw this.refuse(conn, 'play', room, 'the stream cannot be played');
      conn.role = 'player';
      conn.room = room;
      clearTimeout(conn.handshakeTimer);
    };
    // Only the accepted publisher's media reaches the broadcast; anyone else sending media is an intruder.
    rtmp.onPacketCallback = (p) => {
      if (conn.role !== 'publisher' || this.publishers.get(conn.room) !== session) {
        throw this.violation(conn, `sent media (message type ${p.codec_type}) without being the room's accepted publisher`);
      }
      packet(p);
    };
  };

  /** The room a play/publish names, or a refusal when the app or name is not one of ours. */
  private checkTarget(conn: RtmpConn, kind: 'play' | 'publish'): string {
    const t = conn.target;
    const name = typeof t?.name === 'string' ? t.name : '';
    if (!t || t.app !== PUBLIC_APP) {
      throw this.refuse(conn, kind, name, `unknown application (publish to rtmp://HOST:PORT/${PUBLIC_APP}/<room>?key=<streamKey>)`);
    }
    if (!ROOM_ID_PATTERN.test(name)) throw this.refuse(conn, kind, name, 'invalid room name');
    return name;
  }

  /** Tells the client why (best effort), destroys the socket and returns the error that stops parsing. */
  private refuse(conn: RtmpConn, kind: 'play' | 'publish', room: string, reason: string): SessionClosed {
    this.warn.warn(`Refused ${kind} to "${room.slice(0, 64) || '?'}" from ${conn.ip}: ${reason}`);
    try {
      const code = kind === 'publish' ? 'NetStream.Publish.BadName' : 'NetStream.Play.StreamNotFound';
      conn.session.rtmp!.sendStatusMessage(conn.session.rtmp!.streamId ?? 1, 'error', code, reason);
    } catch {
      // the status is a courtesy; the connection ends either way
    }
    conn.closed = true;
    this.stats.rtmpRefused++;
    conn.socket.destroy();
    return new SessionClosed(reason);
  }

  private violation(conn: RtmpConn, reason: string): SessionClosed {
    this.drop(conn, reason);
    return new SessionClosed(reason);
  }

  private drop(conn: RtmpConn, reason: string): void {
    if (conn.closed) return;
    conn.closed = true;
    this.stats.rtmpDropped++;
    this.warn.warn(`RTMP connection from ${conn.ip} closed${conn.room ? ` (room "${conn.room}")` : ''}: ${reason}`);
    conn.socket.destroy();
  }

  private onClose(conn: RtmpConn, release: () => void): void {
    conn.closed = true;
    clearTimeout(conn.handshakeTimer);
    release();
    this.conns.delete(conn);
    const { session } = conn;
    if (conn.role !== 'publisher' || this.publishers.get(conn.room) !== session) return;
    // NMS's close handler (it ran first) only started its grace timer; end the publish now, so
    // the room is offline at once and the next publisher starts on a clean broadcast.
    if (session.broadcast.publisher === session) session.broadcast._finishPublish();
    this.endPublish(conn.room);
  }

  private endPublish(room: string): void {
    if (!this.publishers.delete(room)) return;
    this.opts.log.info(`Publish ended: room "${room}"`);
    this.emit('unpublish', room);
  }
}
