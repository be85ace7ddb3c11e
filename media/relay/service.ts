/**
 * The relay as a running service: the media relay plus the live-room hub on its HTTP port, wired
 * together (live/offline becomes a room event), and the replay archive when there is a data folder
 * (each publish's segments to `<data>/vod/`, named by the seq of the room log's live mark).
 * Used by the headless CLI and the studio alike.
 */
import path from 'node:path';
import { createRoomHub, type RoomHub } from '../room/hub';
import { VodArchive } from '../replay/archive';
import { VodCatalog, type VodRetention } from '../replay/catalog';
import { DEFAULT_WEB_ROOT } from './page-routes';
import { createRelay, type Relay } from './relay';

export type RelayServiceOptions = Parameters<typeof createRelay>[0] & {
  /**
   * Replays: off when false (default on with a data folder); retention limits for unpublished ones
   * (default: keep all), or a getter read at every pass (the studio's setting, which may change).
   */
  vod?: { enabled?: boolean; retention?: VodRetention | (() => VodRetention) };
};

/** Where the room hub's socket.io listens on the relay's HTTP port. */
const ROOM_SOCKET_PATH = '/socket.io';

export interface RelayService {
  relay: Relay;
  hub: RoomHub;
  /**
   * The replay archive; null without a data folder or when replays are off. `setRetention` applies a
   * new limit at once (the pass runs on async file I/O, never blocking the caller).
   */
  vod: { archive: VodArchive; catalog: VodCatalog; setRetention(r: VodRetention): Promise<void> } | null;
  stop(): Promise<void>;
}

export async function startRelayService(opts: RelayServiceOptions): Promise<RelayService> {
  const log = opts.log.child('relay');
  const catalog = opts.dataDir && opts.vod?.enabled !== false ? new VodCatalog(path.join(opts.dataDir, 'vod'), log) : null;
  const archive = catalog ? new VodArchive({ catalog, log }) : null;
  // A session the last run was archiving when it stopped is finished before new publishes arrive.
  const recovered = (await archive?.recover()) ?? [];
  const relay = createRelay({ ...opts, log, ...(archive ? { hlsTap: (room: string) => archive.tap(room) } : {}) });
  await relay.start();
  const hub = createRoomHub({
    server: relay.httpServer, rooms: relay.rooms, dataDir: opts.dataDir, log: opts.log.child('room'),
    path: ROOM_SOCKET_PATH, trustedProxies: opts.trustedProxies,
    ...(catalog ? { vod: { catalog, webRoot: opts.webRoot ?? DEFAULT_WEB_ROOT } } : {}),
  });
  relay.addRoute(hub.httpRoute);
  // A stream killed while live ends where its recovered replay ends, if that is after its last event.
  for (const room of relay.rooms.ids()) hub.endUnendedStream(room, (session) => recovered.find((m) => m.room === room && m.session === session)?.endedAt);
  // Every other Upgrade request is answered 404 and closed by the relay.
  relay.allowUpgradePath(`${ROOM_SOCKET_PATH}/`);
  let retention: VodRetention | (() => VodRetention) = opts.vod?.retention ?? {};
  const prune = async () => {
    if (!catalog || !hub.replays) return;
    const replays = hub.replays;
    await catalog.prune(typeof retention === 'function' ? retention() : retention, (room, session) => replays.isPublished(room, session)).catch((err: Error) => log.warn(`Replay retention pass failed: ${err.message}`));
  };
  void prune();
  // A publish that ends while stop() runs arrives after the hub's database is closed: ignore it
  // rather than throw from an event handler (which would take the process down).
  let hubClosed = false;
  relay.on('live', (info) => {
    if (hubClosed) return;
    const seq = hub.setLive(info.room, true);
    if (seq !== null) archive?.begin(info.room, seq, info.since ?? Date.now());
  });
  relay.on('offline', (info) => {
    if (hubClosed) return;
    const seq = hub.setLive(info.room, false);
    void archive?.end(info.room, seq).then(prune);
  });
  return {
    relay,
    hub,
    vod: archive && catalog ? { archive, catalog, setRetention: (r) => { retention = r; return prune(); } } : null,
    async stop() {
      // Finish the replays being archived first (their end is the last complete segment).
      await archive?.close();
      // Mark the end of streams still live, while the hub's database is open.
      for (const room of relay.rooms.ids()) if (relay.roomInfo(room)?.live) hub.setLive(room, false);
      hubClosed = true;
      await hub.close();
      await relay.stop();
    },
  };
}
