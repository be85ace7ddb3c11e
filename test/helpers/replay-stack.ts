/**
 * A relay service (relay + room hub + replay archive) on ephemeral ports with a data folder, a real
 * ffmpeg publisher and socket.io clients: shared by the replay integration and e2e tests.
 * (Not a test file itself.)
 */
import { io, type Socket } from 'socket.io-client';
import { ROOM_NAMESPACE, type Ack, type RoomEvent, type Welcome } from '../../common/room-protocol';
import type { ReplaySessionSummary } from '../../common/replay';
import { ProcessRegistry, type TrackedProcess } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { startRelayService, type RelayService } from '../../media/relay/service';
import { publishTestPattern, waitFor } from './media';

export const ROOM = 'main';
export const KEY = 'k-replay-test-1';

export interface ReplayStack {
  service: RelayService;
  origin: string;
  processes: ProcessRegistry;
  log: ReturnType<typeof memoryLogger>;
  join(auth: Record<string, unknown>): Promise<{ socket: Socket; welcome: Welcome; events: RoomEvent[] }>;
  request<T extends object>(socket: Socket, name: string, payload: unknown): Promise<Ack<T>>;
  publish(): TrackedProcess;
  /** Publishes for `ms`, running `during` once the stream's HLS has started; the new session. */
  session(owner: Socket, ms: number, during?: () => Promise<void>): Promise<ReplaySessionSummary>;
  stop(): Promise<void>;
}

export async function startReplayStack(dataDir: string): Promise<ReplayStack> {
  const processes = new ProcessRegistry();
  const log = memoryLogger();
  const service = await startRelayService({ host: '127.0.0.1', rtmpPort: 0, httpPort: 0, dataDir, processes, log, rooms: [{ id: ROOM, key: KEY }] });
  const origin = `http://127.0.0.1:${service.relay.httpPort}`;
  const sockets: Socket[] = [];
  const stack: ReplayStack = {
    service, origin, processes, log,
    join: (auth) => {
      const socket = io(origin + ROOM_NAMESPACE, { auth: { room: ROOM, ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      const events: RoomEvent[] = [];
      socket.on('event', (e: RoomEvent) => events.push(e));
      socket.on('events', (es: RoomEvent[]) => events.push(...es));
      return new Promise((resolve, reject) => {
        socket.once('welcome', (welcome: Welcome) => resolve({ socket, welcome, events }));
        socket.once('connect_error', reject);
      });
    },
    request: (socket, name, payload) => socket.timeout(10_000).emitWithAck(name, payload) as Promise<never>,
    publish: () => publishTestPattern(processes, `${service.relay.urls(ROOM).rtmp}/${ROOM}?key=${KEY}`, { size: '640x360', bitrate: '600k' }),
    session: async (owner, ms, during) => {
      const before = await listSessions(stack, owner);
      const p = stack.publish();
      await waitFor('HLS segments', () => service.relay.hlsSegments(ROOM) >= 1, 30_000, 100);
      const t0 = Date.now();
      await during?.();
      await new Promise((r) => setTimeout(r, Math.max(0, ms - (Date.now() - t0))));
      await p.stop();
      return waitFor('the archived session', async () => (await listSessions(stack, owner)).find((s) => !before.some((b) => b.session === s.session)), 20_000, 200);
    },
    stop: async () => {
      for (const s of sockets) s.close();
      await processes.stopAll(2000);
      await service.stop();
      processes.dispose();
    },
  };
  return stack;
}

export async function listSessions(stack: ReplayStack, owner: Socket): Promise<ReplaySessionSummary[]> {
  const a = await stack.request<{ sessions: ReplaySessionSummary[] }>(owner, 'replay-sessions', {});
  if (!a.ok) throw new Error(a.message);
  return a.sessions;
}
