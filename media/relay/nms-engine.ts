/**
 * The one place that touches node-media-server. NMS v4 keeps a process-wide context (sessions,
 * broadcasts, one event emitter), calls process.exit on a taken port and delays "publish done" by
 * 30 s. We contain all of that here: we own the RTMP listener (so a taken port is an error, not an
 * exit), give each engine its own internal RTMP app name (so two relays in one process never share
 * a stream), report publish start/stop immediately, and expose plain subscribe/play hooks.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log';

// NMS is CommonJS without types; these are the few shapes we rely on.
interface NmsBroadcast {
  publisher: NmsSession | null;
  publishGraceMs: number;
  subscribers: Map<string, unknown>;
  postPlay(session: unknown): string | null;
  donePlay(session: unknown): void;
}
interface NmsSession {
  id: string;
  ip: string;
  protocol: string;
  streamApp: string;
  streamName: string;
  streamPath: string;
  streamQuery: Record<string, unknown>;
  broadcast: NmsBroadcast;
  inBytes: number;
  videoCodec: number;
  videoWidth: number;
  videoHeight: number;
  videoFramerate: number;
  audioCodec: number;
  audioSamplerate: number;
  audioChannels: number;
  close(): void;
  run(): void;
  rtmp?: { onConnectCallback: (req: { app: string; name: string; host: string; query: unknown }) => void };
}

const nmsContext = require('node-media-server/src/core/context.js') as {
  sessions: Map<string, NmsSession>;
  broadcasts: Map<string, NmsBroadcast>;
  eventEmitter: EventEmitter;
  config: Record<string, unknown>;
};
const NmsLogger = require('node-media-server/src/core/logger.js') as { log: (...args: unknown[]) => void };
const RtmpSession = require('node-media-server/src/session/rtmp_session.js') as new (socket: net.Socket) => NmsSession;
const FlvSession = require('node-media-server/src/session/flv_session.js') as new (req: unknown, res: unknown) => NmsSession;
const BroadcastServer = require('node-media-server/src/server/broadcast_server.js') as new (path: string) => NmsBroadcast;

// NMS logs every session to stdout through a process-wide logger; our engine logs what matters
// (publishes, refusals) to the logger it was given, so NMS's own lines are dropped.
NmsLogger.log = () => undefined;

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
}

export interface NmsEngineEvents {
  publish: [room: string];
  unpublish: [room: string];
}

export class NmsEngine extends EventEmitter<NmsEngineEvents> {
  /** Internal app name, unique per engine, so streams of two relays in one process never mix. */
  private readonly app = `live-${randomBytes(4).toString('hex')}`;
  private readonly ours = new Set<string>();
  private readonly rejected = new Set<string>();
  private readonly publishers = new Map<string, NmsSession>();
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly nmsHooks: Array<[string, (s: NmsSession) => void]>;

  constructor(private readonly opts: NmsEngineOptions) {
    super();
    this.nmsHooks = [
      ['prePublish', this.onPrePublish],
      ['postPublish', this.onPostPublish],
      ['donePublish', this.onDonePublish],
      ['prePlay', this.onPrePlay],
    ];
    for (const [ev, fn] of this.nmsHooks) nmsContext.eventEmitter.on(ev, fn);
  }

  /** Listen for RTMP; rejects with a clear error when the port is taken. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer(this.onSocket);
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(err.code === 'EADDRINUSE'
          ? new Error(`RTMP port ${host}:${port} is already in use (another relay, nginx-rtmp or a previous Danmu Studio?). Stop that process or choose another port with --rtmp-port.`)
          : new Error(`RTMP server could not listen on ${host}:${port}: ${err.message}`));
      });
      server.listen(port, host, () => {
        this.server = server;
        server.on('error', (err) => this.opts.log.error(`RTMP server error: ${err.message}`));
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

  /**
   * Receive the room's stream as FLV bytes (header, metadata, codec headers, the current GOP, then
   * live tags), as an internal subscriber that NMS does not count as a viewer.
   */
  subscribe(room: string, onData: (buf: Buffer) => void): () => void {
    const broadcast = this.broadcastFor(room);
    const sub = { id: `internal-${room}-${Date.now()}-${Math.random().toString(36).slice(2)}`, ip: '', protocol: 'flv', endTime: 0, sendBuffer: onData };
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
    this.ours.add(session.id);
    nmsContext.sessions.set(session.id, session);
    req.socket.once('close', () => this.ours.delete(session.id));
    session.run();
  }

  async close(): Promise<void> {
    for (const [ev, fn] of this.nmsHooks) nmsContext.eventEmitter.off(ev, fn);
    for (const s of this.sockets) s.destroy();
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
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {}); // garbage or resets from a client must not disturb the relay
    socket.setNoDelay(true);
    const session = new RtmpSession(socket);
    session.run();
    // Map the public app name onto this engine's private one before NMS resolves the stream path.
    const rtmp = session.rtmp!;
    const connect = rtmp.onConnectCallback;
    rtmp.onConnectCallback = (req) => connect({ ...req, app: req.app === PUBLIC_APP ? this.app : `unknown-${req.app}` });
    this.ours.add(session.id);
    nmsContext.sessions.set(session.id, session);
    socket.once('close', () => {
      this.ours.delete(session.id);
      this.rejected.delete(session.id);
    });
  };

  private onPrePublish = (s: NmsSession): void => {
    if (!this.ours.has(s.id)) return;
    // Report the end of a publish at once instead of after NMS's 30 s resume window.
    s.broadcast.publishGraceMs = 0;
    const room = s.streamName;
    let reason: string | null;
    if (s.streamApp !== this.app) reason = `unknown application (publish to rtmp://HOST:PORT/${PUBLIC_APP}/<room>?key=<streamKey>)`;
    else reason = this.opts.authorizePublish({ room, query: s.streamQuery ?? {}, ip: s.ip });
    if (!reason && this.publishers.has(room)) reason = 'the room is already live with another publisher';
    if (reason) {
      this.rejected.add(s.id);
      this.opts.log.warn(`Refused publish to "${room || '?'}" from ${s.ip}: ${reason}`);
      s.close();
    }
  };

  private onPostPublish = (s: NmsSession): void => {
    if (!this.ours.has(s.id) || this.rejected.has(s.id)) return;
    this.publishers.set(s.streamName, s);
    this.opts.log.info(`Publish started: room "${s.streamName}" from ${s.ip}`);
    this.emit('publish', s.streamName);
  };

  private onDonePublish = (s: NmsSession): void => {
    if (this.publishers.get(s.streamName) !== s) return;
    this.endPublish(s.streamName);
  };

  private onPrePlay = (s: NmsSession): void => {
    if (!this.ours.has(s.id)) return;
    if (s.streamApp !== this.app) {
      this.opts.log.warn(`Refused play of ${s.streamPath} from ${s.ip}: unknown application`);
      s.close();
    }
  };

  private endPublish(room: string): void {
    if (!this.publishers.delete(room)) return;
    this.opts.log.info(`Publish ended: room "${room}"`);
    this.emit('unpublish', room);
  }
}
