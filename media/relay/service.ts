/**
 * The relay as a running service: the media relay plus the live-room hub on its HTTP port, wired
 * together (live/offline becomes a room event). Used by the headless CLI and the studio alike.
 */
import type { ResolvedBinary } from '../ffmpeg/locate';
import type { ProcessRegistry } from '../ffmpeg/processes';
import type { Logger } from '../log';
import { createRelay, type Relay } from './relay';
import type { RoomConfig } from './rooms';

export interface RelayServiceOptions {
  host: string;
  rtmpPort: number;
  httpPort: number;
  dataDir: string | null;
  rooms: RoomConfig[];
  processes: ProcessRegistry;
  log: Logger;
  ffmpeg?: ResolvedBinary;
  webRoot?: string;
  publicHost?: string;
}

export interface RelayService {
  relay: Relay;
  stop(): Promise<void>;
}

export async function startRelayService(opts: RelayServiceOptions): Promise<RelayService> {
  const relay = createRelay({ ...opts, log: opts.log.child('relay') });
  await relay.start();
  return {
    relay,
    async stop() {
      await relay.stop();
    },
  };
}
