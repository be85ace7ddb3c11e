/**
 * The relay: RTMP ingest with a stream key per room (node-media-server, contained in NmsEngine),
 * LL-HLS packaged in-process from the FLV it already has, HTTP-FLV, the viewer and overlay pages and a JSON API, all on
 * one HTTP port. Runs embedded in the studio or headless (media/cli/relay.ts).
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import type { ResolvedBinary } from '../ffmpeg/locate';
import { describeBinary, locateFfmpeg } from '../ffmpeg/locate';
import type { ProcessRegistry } from '../ffmpeg/processes';
import { HlsPackager } from '../hls/packager';
import type { SegmenterSink } from '../hls/segmenter';
import type { LiveTiming } from '../../common/live-timing';
import type { Logger } from '../log';
import { apiRoutes } from './api-routes';
import { CORS_HEADERS, sendError } from './http-util';
import { mediaRoutes } from './media-routes';
import { NmsEngine, PUBLIC_APP } from './nms-engine';
import { DEFAULT_WEB_ROOT, pageRoutes } from './page-routes';
import { guardHttpServer, type HttpGuard } from './http-guard';
import { resolveLimits, type RelayLimits } from './limits';
import { LogThrottle } from './log-throttle';
import { RoomRegistry, type RoomConfig } from './rooms';
import type { HttpRoute, RelayEvents, RelayUrls, RoomMediaInfo } from './types';
import { listenError } from '../net/listen-error';

export interface RelayOptions {
  host: string;
  /** 0 picks a free port. */
  rtmpPort: number;
  httpPort: number;
  /** Where rooms.json (stream keys) lives; null keeps keys in memory only. */
  dataDir: string | null;
  rooms: RoomConfig[];
  processes: ProcessRegistry;
  ffmpeg: ResolvedBinary;
  log: Logger;
  /** Built web pages (dist/web). */
  webRoot?: string;
  /** Host name to put in printed URLs (default: the bind address, or the LAN address when bound to all). */
  publicHost?: string;
  /** Per-connection and per-address bounds (defaults in limits.ts). */
  limits?: Partial<RelayLimits>;
  /** Reverse proxies whose X-Forwarded-For is believed (IPs or CIDR ranges). */
  trustedProxies?: string[];
  /** Keyframe interval, segment and part lengths (default: LIVE_TIMING). */
  timing?: LiveTiming;
  /** Gets every HLS part and segment boundary too, per room (the replay archive). */
  hlsTap?: (room: string) => SegmenterSink;
}

const VIDEO_CODECS: Record<number, string> = { 7: 'h264', 12: 'hevc', 13: 'av1' };
const AUDIO_CODECS: Record<number, string> = { 10: 'aac', 2: 'mp3', 13: 'opus' };

/** Non-internal IPv4 addresses of this machine: where LAN viewers reach the relay. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

export class Relay extends EventEmitter<RelayEvents> {
  readonly rooms: RoomRegistry;
  readonly httpServer: http.Server;
  private readonly engine: NmsEngine;
  private readonly packager: HlsPackager;
  private readonly extraRoutes: HttpRoute[] = [];
  private readonly routes: HttpRoute[];
  private readonly httpGuard: HttpGuard;
  private readonly since = new Map<string, number>();
  private readonly bitrate = new Map<string, { bytes: number; at: number; kbps: number }>();
  private sampler: NodeJS.Timeout | null = null;
  private ports: { rtmp: number; http: number } | null = null;
  private readonly log: Logger;
  private readonly startedAt = Date.now();

  constructor(private readonly opts: RelayOptions) {
    super();
    this.log = opts.log;
    this.rooms = new RoomRegistry(opts.dataDir ? path.join(opts.dataDir, 'rooms.json') : null, opts.rooms);
    this.engine = new NmsEngine({
      log: this.log,
      authorizePublish: ({ room, query }) => {
        if (!this.rooms.has(room)) return `unknown room "${room}"`;
        if (query.key === undefined) return 'no stream key (append ?key=<streamKey> to the stream name)';
        if (!this.rooms.verifyKey(room, query.key)) return 'wrong stream key';
        return null;
      },
      authorizePlay: (room) => (this.rooms.has(room) ? null : `unknown room "${room}"`),
      limits: opts.limits,
    });
    this.packager = new HlsPackager({
      log: this.log,
      subscribe: (room, onData) => this.engine.subscribe(room, onData),
      ...(opts.timing ? { timing: opts.timing } : {}),
      ...(opts.hlsTap ? { tap: opts.hlsTap } : {}),
    });
    this.engine.on('publish', (room) => {
      this.since.set(room, Date.now());
      this.bitrate.delete(room);
      this.packager.start(room);
      this.emit('live', this.roomInfo(room)!);
    });
    this.engine.on('unpublish', (room) => {
      this.packager.stop(room);
      this.emit('offline', this.roomInfo(room)!);
    });
    const webRoot = opts.webRoot ?? DEFAULT_WEB_ROOT;
    const isKnownRoom = (room: string) => this.rooms.has(room);
    this.routes = [
      mediaRoutes({
        hls: (room) => this.packager.output(room), isKnownRoom,
        isLive: (room) => this.engine.isLive(room),
        playFlv: (room, req, res) => this.engine.playFlv(room, req, res),
      }),
      apiRoutes({
        version: require('../../package.json').version as string,
        startedAt: this.startedAt,
        rooms: () => this.rooms.ids(),
        roomInfo: (room) => this.roomInfo(room),
      }),
      (req, res, url) => this.runExtraRoutes(req, res, url),
      pageRoutes({ webRoot, isKnownRoom, defaultRoom: () => this.rooms.ids()[0] }),
    ];
    // Node checks header/request timeouts on this interval (default 30 s): check more often.
    this.httpServer = http.createServer({ connectionsCheckingInterval: 2000 }, (req, res) => void this.handle(req, res));
    this.httpGuard = guardHttpServer(this.httpServer, resolveLimits(opts.limits), opts.trustedProxies ?? [], new LogThrottle(this.log));
  }

  /** Let Upgrade requests below this path through to whoever attached to httpServer for them. */
  allowUpgradePath(prefix: string): void {
    this.httpGuard.allowUpgradePath(prefix);
  }

  /** Open HTTP connections (for tests and status). */
  get httpConnections(): number {
    return this.httpGuard.connections;
  }

  /** Routes added by other services sharing the port (the room hub's HTTP API). */
  addRoute(route: HttpRoute): void {
    this.extraRoutes.push(route);
  }

  get rtmpPort(): number {
    if (!this.ports) throw new Error('relay not started');
    return this.ports.rtmp;
  }

  get httpPort(): number {
    if (!this.ports) throw new Error('relay not started');
    return this.ports.http;
  }

  async start(): Promise<void> {
    const { host } = this.opts;
    const httpPort = await new Promise<number>((resolve, reject) => {
      this.httpServer.once('error', (err: NodeJS.ErrnoException) => reject(listenError('HTTP', host, this.opts.httpPort, err)));
      this.httpServer.listen(this.opts.httpPort, host, () => resolve((this.httpServer.address() as { port: number }).port));
    });
    let rtmpPort: number;
    try {
      rtmpPort = await this.engine.listen(host, this.opts.rtmpPort);
    } catch (err) {
      await this.engine.close();
      await new Promise<void>((r) => this.httpServer.close(() => r()));
      throw err;
    }
    this.ports = { rtmp: rtmpPort, http: httpPort };
    this.sampler = setInterval(() => this.sampleBitrates(), 2000);
    this.sampler.unref();
    this.log.info(`Relay listening: RTMP ${host}:${rtmpPort}, HTTP ${host}:${httpPort}; ffmpeg ${describeBinary(this.opts.ffmpeg)}`);
  }

  async stop(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    await this.engine.close();
    this.packager.close();
    this.httpServer.closeAllConnections();
    await new Promise<void>((r) => this.httpServer.close(() => r()));
    this.ports = null;
  }

  urls(room: string, publicHost?: string): RelayUrls {
    const bindAll = this.opts.host === '0.0.0.0' || this.opts.host === '::';
    const host = publicHost ?? this.opts.publicHost ?? (bindAll ? lanAddresses()[0] ?? '127.0.0.1' : this.opts.host);
    const h = host.includes(':') ? `[${host}]` : host;
    const web = `http://${h}:${this.httpPort}`;
    const key = this.rooms.key(room) ?? '';
    return {
      rtmp: `rtmp://${h}:${this.rtmpPort}/${PUBLIC_APP}`,
      obsStreamKey: `${room}?key=${key}`,
      hls: `${web}/live/${room}/index.m3u8`,
      flv: `${web}/live/${room}.flv`,
      viewer: `${web}/room/${room}`,
      overlay: `${web}/overlay/${room}`,
      api: `${web}/api/rooms/${room}`,
    };
  }

  roomInfo(room: string): RoomMediaInfo | null {
    if (!this.rooms.has(room)) return null;
    const p = this.engine.publisherInfo(room);
    return {
      room,
      live: p !== null,
      since: this.since.get(room) ?? null,
      video: p && p.videoCodec ? { codec: VIDEO_CODECS[p.videoCodec] ?? `codec-${p.videoCodec}`, width: p.videoWidth, height: p.videoHeight, fps: p.videoFramerate } : null,
      audio: p && p.audioCodec ? { codec: AUDIO_CODECS[p.audioCodec] ?? `codec-${p.audioCodec}`, sampleRate: p.audioSamplerate, channels: p.audioChannels } : null,
      bitrateKbps: p ? this.bitrate.get(room)?.kbps ?? 0 : 0,
    };
  }

  /** What the relay's guards did since start: dropped slow viewers, dropped and refused RTMP connections. */
  get guardStats(): Readonly<NmsEngine['stats']> {
    return this.engine.stats;
  }

  /** Open RTMP connections (for tests and status). */
  get rtmpConnections(): number {
    return this.engine.rtmpConnections;
  }

  /** Complete HLS segments currently listed for a room (for tests and status). */
  hlsSegments(room: string): number {
    return this.packager.output(room)?.listedSegments ?? 0;
  }

  private sampleBitrates(): void {
    const now = Date.now();
    for (const room of this.rooms.ids()) {
      const p = this.engine.publisherInfo(room);
      if (!p) continue;
      const prev = this.bitrate.get(room);
      const kbps = prev ? Math.round(((p.inBytes - prev.bytes) * 8) / (now - prev.at)) : 0;
      this.bitrate.set(room, { bytes: p.inBytes, at: now, kbps });
    }
  }

  private async runExtraRoutes(...args: Parameters<HttpRoute>): Promise<boolean> {
    for (const route of this.extraRoutes) if (await route(...args)) return true;
    return false;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://relay.local');
    } catch {
      return sendError(res, 400, 'bad_request', 'Malformed request URL.');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS_HEADERS, 'Access-Control-Max-Age': '600' }).end();
      return;
    }
    try {
      for (const route of this.routes) if (await route(req, res, url)) return;
      sendError(res, 404, 'not_found', `Nothing here: ${url.pathname}. Try /room/<room>, /live/<room>/index.m3u8, /live/<room>.flv or /api/health.`);
    } catch (err) {
      this.log.error(`HTTP ${req.method} ${url.pathname} failed: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) sendError(res, 500, 'internal', 'The relay hit an internal error; it keeps running. Details are in its log.');
      else res.destroy();
    }
  }
}

/** Builds a relay; finds ffmpeg in the documented order when the caller did not pass one. */
export function createRelay(opts: Omit<RelayOptions, 'ffmpeg'> & { ffmpeg?: ResolvedBinary }): Relay {
  return new Relay({ ...opts, ffmpeg: opts.ffmpeg ?? locateFfmpeg() });
}
