/**
 * The relay as a running service: the media relay plus the live-room hub on its HTTP port, wired
 * together (live/offline becomes a room event). Used by the headless CLI and the studio alike.
 */
import { createRoomHub, type RoomHub } from '../room/hub';
import { createRelay, type Relay } from './relay';

export type RelayServiceOptions = Parameters<typeof createRelay>[0];

/** Where the room hub's socket.io listens on the relay's HTTP port. */
const ROOM_SOCKET_PATH = '/socket.io';

export interface RelayService {
  relay: Relay;
  hub: RoomHub;
  stop(): Promise<void>;
}

export async function startRelayService(opts: RelayServiceOptions): Promise<RelayService> {
  const relay = createRelay({ ...opts, log: opts.log.child('relay') });
  await relay.start();
  const hub = createRoomHub({
    server: relay.httpServer, rooms: relay.rooms, dataDir: opts.dataDir, log: opts.log.child('room'),
    path: ROOM_SOCKET_PATH, trustedProxies: opts.trustedProxies,
  });
  relay.addRoute(hub.httpRoute);
  // Every other Upgrade request is answered 404 and closed by the relay.
  relay.allowUpgradePath(`${ROOM_SOCKET_PATH}/`);
  relay.on('live', (info) => hub.setLive(info.room, true));
  relay.on('offline', (info) => hub.setLive(info.room, false));
  return {
    relay,
    hub,
    async stop() {
      await hub.close();
      await relay.stop();
    },
  };
}
