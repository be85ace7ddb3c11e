/**
 * Starts the embedded relay and the room hub on it (media/relay/service). A preferred port that is taken (another studio,
 * OBS's own server, a web server on 8000) is not fatal: the relay moves to a free port and says so,
 * because a streamer would rather go live on port 40123 than read a stack trace.
 */
import { createServer } from 'node:net';
import type { ResolvedBinary } from '../../media/ffmpeg/locate';
import type { ProcessRegistry } from '../../media/ffmpeg/processes';
import type { Logger } from '../../media/log';
import { lanAddresses } from '../../media/relay/relay';
import { startRelayService, type RelayService } from '../../media/relay/service';
import type { VodRetention } from '../../media/replay/catalog';
import type { CodedMessage, RelayUrlSet } from '../../common/studio-api';
import type { RunningRelay, StartRelay } from './ports';

export interface RelayRuntimeOptions {
  /** Bind address: "127.0.0.1" keeps it on this machine (the default); "0.0.0.0" is LAN sharing. */
  host: string;
  rtmpPort: number;
  httpPort: number;
  dataDir: string;
  room: string;
  processes: ProcessRegistry;
  ffmpeg: ResolvedBinary;
  log: Logger;
  webRoot: string;
  /** Retention of unpublished replays on the relay (read after each publish and at start; default keep all). */
  vodRetention?: () => VodRetention;
}

/** What every start of the studio's relay shares (the composition root's part of the options). */
export type RelayDeps = Pick<RelayRuntimeOptions, 'dataDir' | 'processes' | 'log' | 'webRoot' | 'vodRetention'>;

/** The real relay (media/relay/service.ts) behind the studio's RunningRelay port. */
export function relayStarter(deps: RelayDeps): StartRelay {
  return async (req) => runningRelay(await startRelayRuntime({ ...deps, ...req }));
}

export function runningRelay(runtime: RelayRuntime): RunningRelay {
  const { relay } = runtime;
  return {
    rtmpPort: relay.rtmpPort,
    httpPort: relay.httpPort,
    notes: runtime.notes,
    key: (room) => relay.rooms.key(room),
    urls: (room, host) => relay.urls(room, host),
    onIngest: (room, l) => {
      const live = (info: { room: string }) => { if (info.room === room) l(true); };
      const offline = (info: { room: string }) => { if (info.room === room) l(false); };
      relay.on('live', live);
      relay.on('offline', offline);
      return () => { relay.off('live', live); relay.off('offline', offline); };
    },
    stop: () => runtime.stop(),
  };
}

export interface RelayRuntime extends RelayService {
  /** What a person should know about how it started (port fallbacks). */
  notes: CodedMessage[];
}

/** True when nothing listens on host:port right now (0 is always free). */
export function portFree(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen({ host, port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

export async function startRelayRuntime(opts: RelayRuntimeOptions): Promise<RelayRuntime> {
  const notes: CodedMessage[] = [];
  let rtmpPort = opts.rtmpPort;
  let httpPort = opts.httpPort;
  if (!(await portFree(opts.host, rtmpPort))) {
    notes.push({ code: 'relay-rtmp-port-taken', params: { port: String(rtmpPort) }, text: `RTMP port ${rtmpPort} is in use by another program, so the relay picked a free port instead (OBS users: copy the new RTMP URL). Free port ${rtmpPort} or change it in Settings to keep a fixed URL.` });
    rtmpPort = 0;
  }
  if (!(await portFree(opts.host, httpPort))) {
    notes.push({ code: 'relay-http-port-taken', params: { port: String(httpPort) }, text: `HTTP port ${httpPort} is in use by another program, so the relay picked a free port instead (the viewer link changed). Free port ${httpPort} or change it in Settings to keep a fixed link.` });
    httpPort = 0;
  }

  const build = (rtmp: number, http: number) =>
    startRelayService({
      host: opts.host,
      rtmpPort: rtmp,
      httpPort: http,
      dataDir: opts.dataDir,
      rooms: [{ id: opts.room }],
      processes: opts.processes,
      ffmpeg: opts.ffmpeg,
      log: opts.log,
      webRoot: opts.webRoot,
      ...(opts.vodRetention ? { vod: { retention: opts.vodRetention } } : {}),
    });

  let service: RelayService;
  try {
    service = await build(rtmpPort, httpPort);
  } catch (err) {
    // Lost a race for the port between the probe and the listen: one more try on free ports.
    if (!/in use/i.test((err as Error).message)) throw err;
    const port = /port (\d+)/.exec((err as Error).message)?.[1] ?? String(httpPort);
    notes.push({ code: 'relay-http-port-taken', params: { port }, text: `${(err as Error).message.split('.')[0]}; the relay picked free ports instead.` });
    service = await build(0, 0);
  }
  for (const n of notes) opts.log.warn(n.text);
  return { ...service, notes };
}


export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/**
 * Loopback URLs plus one set per LAN address. A relay on loopback (LAN sharing off) gets none, not
 * even the public host name: a link nobody else can open must not be offered for sharing.
 */
export function relayUrlSets(relay: Pick<RunningRelay, 'urls'>, room: string, host: string, publicHost: string | null): { urls: RelayUrlSet; lanUrls: { address: string; urls: RelayUrlSet }[] } {
  const urls = relay.urls(room, '127.0.0.1');
  if (isLoopbackHost(host)) return { urls, lanUrls: [] };
  const bindAll = host === '0.0.0.0' || host === '::';
  const addresses = [...new Set([...(publicHost ? [publicHost] : []), ...(bindAll ? lanAddresses() : [host])])];
  return { urls, lanUrls: addresses.map((address) => ({ address, urls: relay.urls(room, address) })) };
}
