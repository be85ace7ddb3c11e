/**
 * `npm run relay`: the relay alone, headless. Prints where to publish and watch, shuts down cleanly
 * on SIGINT/SIGTERM (no orphan ffmpeg), exits 2 on bad flags and 1 when it cannot start.
 */
import path from 'node:path';
import { locateFfmpeg } from '../ffmpeg/locate';
import { ProcessRegistry } from '../ffmpeg/processes';
import { consoleLogger } from '../log';
import { startRelayService } from '../relay/service';
import { limitsFromFlags, parseRelayFlags, RELAY_USAGE, vodFromFlags } from './relay-flags';

async function main(): Promise<void> {
  const parsed = parseRelayFlags(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`danmu relay: ${parsed.error}\n\n${RELAY_USAGE}`);
    process.exit(2);
  }
  const flags = parsed.flags;
  if (flags.help) {
    console.log(RELAY_USAGE);
    return;
  }
  const log = consoleLogger('', flags.json);
  const processes = new ProcessRegistry();
  let ffmpeg;
  try {
    ffmpeg = locateFfmpeg({ setting: flags.ffmpeg });
  } catch (err) {
    console.error(`danmu relay: ${(err as Error).message}`);
    process.exit(1);
  }
  const dataDir = path.resolve(flags.dataDir);
  let service;
  try {
    service = await startRelayService({
      host: flags.host, rtmpPort: flags.rtmpPort, httpPort: flags.httpPort, dataDir, processes, log, ffmpeg,
      trustedProxies: flags.trustProxy, limits: limitsFromFlags(flags), vod: vodFromFlags(flags),
      rooms: flags.rooms.map((id, i) => ({ id, key: i === 0 ? flags.key : undefined })),
    });
  } catch (err) {
    console.error(`danmu relay: could not start: ${(err as Error).message}`);
    processes.dispose();
    process.exit(1);
  }
  const { relay } = service;
  const first = flags.rooms[0]!;
  const urls = relay.urls(first);
  if (flags.json) {
    console.log(JSON.stringify({ rtmp: `${urls.rtmp}/${urls.obsStreamKey}`, hls: urls.hls, flv: urls.flv, viewer: urls.viewer, overlay: urls.overlay, api: urls.api, room: first, streamKey: relay.rooms.key(first), rtmpPort: relay.rtmpPort, httpPort: relay.httpPort }));
  } else {
    for (const room of flags.rooms) {
      const u = relay.urls(room);
      log.info(`\nRoom "${room}"\n  OBS server:   ${u.rtmp}\n  OBS key:      ${u.obsStreamKey}\n  HLS:          ${u.hls}\n  HTTP-FLV:     ${u.flv}\n  Viewer page:  ${u.viewer}\n  OBS overlay:  ${u.overlay}`);
    }
    log.info(`\nData in ${dataDir}. Press Ctrl+C to stop.`);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping the relay…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    await service.stop().catch((err) => log.error(`stop failed: ${(err as Error).message}`));
    await processes.stopAll(2000);
    processes.dispose();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
