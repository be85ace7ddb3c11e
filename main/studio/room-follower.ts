/**
 * The studio follows its own room as the owner: one room client on the relay's loopback address,
 * every event stored in the history before the feed shows it, the viewer count recorded, the room
 * title kept in step with the settings, and the latest events kept for the snapshot (seeded from the
 * history after a restart).
 */
import type { RoomEvent } from '../../common/room-protocol';
import { StudioError, type RoomInfo, type StudioEvent } from '../../common/studio-api';
import type { Logger } from '../../media/log';
import type { HistoryPort, RoomClientContext, RoomClientPort, RoomClientState } from './ports';

export const RECENT_EVENTS = 200;

export interface RoomFollowerOptions {
  room: string;
  createClient?: ((ctx: RoomClientContext) => RoomClientPort) | undefined;
  history?: HistoryPort | undefined;
  /** The title viewers should see (the saved setting). */
  title: () => string;
  /** Why there is no room while none is connected (e.g. the relay is not running). */
  offlineReason: () => string;
  emit: (e: StudioEvent) => void;
  log: Logger;
}

export class RoomFollower {
  private client: RoomClientPort | null = null;
  private offs: (() => void)[] = [];
  private readonly recent: RoomEvent[] = [];

  constructor(private readonly opts: RoomFollowerOptions) {
    this.recent.push(...(opts.history?.recent(opts.room, RECENT_EVENTS) ?? []));
  }

  /** Connects as the owner (closing an earlier connection first); nothing without a room client factory. */
  async connect(origin: string, key: string): Promise<void> {
    await this.close();
    if (!this.opts.createClient) return;
    const room = this.opts.room;
    const client = this.opts.createClient({ origin, room, key });
    this.client = client;
    this.offs.push(
      client.onEvent((e) => this.onEvent(e)),
      client.onState((st) => {
        this.opts.history?.recordViewers(room, st.viewers);
        this.opts.emit({ type: 'room.state', room: this.info() });
        if (st.connected) this.syncTitle();
      }),
      client.onStaff((message) => this.opts.emit({ type: 'room.staff', message })),
    );
  }

  async close(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    const c = this.client;
    this.client = null;
    await c?.close();
  }

  info(): RoomInfo {
    const st: RoomClientState = this.client?.state() ?? {
      connected: false, you: null, live: false, viewers: 0, gifts: [], settings: null, error: this.opts.offlineReason(),
    };
    return { ...st, room: this.opts.room, recentEvents: [...this.recent] };
  }

  /** The connected client, or a StudioError saying why `what` cannot be done now. */
  require(what: string): RoomClientPort {
    const c = this.client;
    if (c?.state().connected) return c;
    const why = c?.state().error ?? this.info().error ?? 'not connected to the room';
    // No client at all: the relay is down (its own banner says why); a client that is not connected reconnects by itself.
    throw new StudioError('unavailable', `Cannot ${what}: ${why}`, [], c ? { code: 'room-not-connected', params: { reason: why } } : { code: 'room-offline' });
  }

  /** Viewers see the studio's room title: the hub is told whenever it differs (after a (re)connect, after an edit). */
  syncTitle(): void {
    this.client?.syncTitle?.(this.opts.title()).catch((err: Error) => this.opts.log.warn(`room title: ${err.message}`));
  }

  /** Shown (feed, snapshot) once stored, so whatever the streamer saw survives a crash. */
  private onEvent(e: RoomEvent): void {
    const show = () => {
      this.recent.push(e);
      if (this.recent.length > RECENT_EVENTS) this.recent.splice(0, this.recent.length - RECENT_EVENTS);
      this.opts.emit({ type: 'room.event', event: e });
    };
    if (!this.opts.history) return show();
    try {
      this.opts.history.record(this.opts.room, e, show);
    } catch (err) {
      this.opts.log.warn(`history: could not record event ${e.seq}: ${(err as Error).message}`);
      show();
    }
  }
}
