/**
 * Browser mode (`npm start -- --web`, or `npm start` where Electron is not installed): the studio
 * core in plain Node, served to a browser over the authenticated loopback bridge.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { consoleLogger, type Logger } from '../media/log';
import { openLinkStore } from './bridge/link-store';
import { startBridge } from './bridge/server';
import { compose, DEFAULT_WEB_ROOT } from './composition';
import { parseCliFlags, CLI_USAGE } from './studio/cli-flags';
import { defaultDataDir } from './settings/paths';
import { originOf } from './studio/csp';

async function main(): Promise<void> {
  const parsed = parseCliFlags(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exit(2);
  }
  const flags = parsed.flags;
  if (flags.help) {
    console.log(CLI_USAGE);
    return;
  }
  // With --json, stdout carries exactly one line; everything else goes to stderr.
  const quietLog = flags.json ? stderrLogger('') : consoleLogger('');
  const dataDir = flags.dataDir ? path.resolve(flags.dataDir) : defaultDataDir();
  const webRoot = DEFAULT_WEB_ROOT;
  if (!existsSync(path.join(webRoot, 'studio', 'index.html'))) {
    quietLog.warn(`The studio page is not built (${path.join(webRoot, 'studio', 'index.html')} is missing): run "node scripts/build.mjs".`);
  }

  const composition = await compose({ dataDir, host: flags.host, ffmpegPath: flags.ffmpeg ? path.resolve(flags.ffmpeg) : undefined, ports: { rtmp: flags.rtmpPort, http: flags.httpPort }, webRoot, log: quietLog });
  const { core } = composition;
  const bridge = await startBridge({
    api: core,
    webRoot,
    recordings: composition.recordings,
    log: quietLog.child('bridge'),
    // The link (token and port) stays the same across restarts until the streamer resets it.
    port: flags.bridgePort,
    link: openLinkStore(dataDir),
    relayOrigins: () => {
      const r = core.relayState();
      return [r.urls, ...r.lanUrls.map((l) => l.urls)].flatMap((u) => (u ? [originOf(u.hls)!] : []));
    },
  });

  core.attachStudioLink(() => {
    const url = bridge.resetLink();
    quietLog.info(`The studio link was reset. The new link: ${url}`);
    return url;
  });
  if (bridge.note) quietLog.warn(bridge.note);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    quietLog.info(`${signal}: stopping the studio (pipeline, relay, ffmpeg)…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await bridge.close().catch(() => {});
    await composition.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const relay = core.relayState();
  const u = relay.urls;
  if (flags.json) {
    console.log(JSON.stringify({
      studio: bridge.url,
      room: relay.room,
      rtmp: u?.rtmp ?? null,
      obsStreamKey: u?.obsStreamKey ?? null,
      hls: u?.hls ?? null,
      flv: u?.flv ?? null,
      viewer: u?.viewer ?? null,
      overlay: u?.overlay ?? null,
      api: u?.api ?? null,
      lan: relay.lanUrls.map((l) => ({ address: l.address, viewer: l.urls.viewer, rtmp: l.urls.rtmp })),
      relay: relay.status,
      error: relay.error,
      notes: relay.notes,
    }));
  } else {
    console.log(`\nDanmu Studio (browser mode) is running. Open:\n  ${bridge.url}\n`);
    if (u) {
      console.log(`  Room        ${relay.room}`);
      console.log(`  OBS server  ${u.rtmp}    stream key: ${u.obsStreamKey}`);
      console.log(`  Viewer      ${u.viewer}`);
      for (const l of relay.lanUrls) console.log(`  LAN viewer  ${l.urls.viewer}`);
      console.log(`  HLS         ${u.hls}`);
    } else {
      console.log(`  The relay is not running: ${relay.error}`);
    }
    console.log('\nPress Ctrl+C to stop.');
  }
}

function stderrLogger(scope: string): Logger {
  const prefix = scope ? `[${scope}] ` : '';
  return {
    info: (m) => console.error(`${prefix}${m}`),
    warn: (m) => console.error(`${prefix}${m}`),
    error: (m) => console.error(`${prefix}${m}`),
    child: (s) => stderrLogger(scope ? `${scope}:${s}` : s),
  };
}

main().catch((err: Error) => {
  console.error(`The studio could not start: ${err.message}`);
  process.exit(1);
});
