/**
 * The viewer side of the live room (socket.io namespace /room, see common/room-protocol.ts):
 * connects with the anonymous token kept in localStorage, reconnects by itself (socket.io's backoff)
 * and, after a reconnect or a seq gap, fills in what it missed with `history`, de-duplicated by seq.
 * Shared by the viewer page and the OBS overlay.
 */
import { io, type Socket } from 'socket.io-client';
import {
  DEFAULT_LIMITS,
  ROOM_NAMESPACE,
  type Ack,
  type ClientKind,
  type ClientToServerEvents,
  type DanmakuRequest,
  type HandshakeAuth,
  type RoomEvent,
  type ServerToClientEvents,
  type Welcome,
} from '../../../common/room-protocol';
import { SeqTracker } from './seq';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface RoomClientHandlers {
  /** `replayed` is true for events fetched with `history` (missed while away): show in chat, don't fly. */
  onEvent?: (e: RoomEvent, replayed: boolean) => void;
  onWelcome?: (w: Welcome) => void;
  onViewers?: (count: number) => void;
  onState?: (s: ConnectionState) => void;
}

export interface RoomClientOptions {
  /** Origin of the relay, e.g. location.origin. */
  origin: string;
  room: string;
  name?: string;
  /** Number of recent events to load into the chat on first join. */
  backlog?: number;
  /** Where the anonymous token is kept; overlays pass null (they have no identity to keep). */
  storage?: Storage | null;
  /** `overlay`: a read-only client that is not counted as a viewer and posts no `enter`. */
  client?: ClientKind;
}

type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 8000;

export class RoomClient {
  private socket: RoomSocket;
  private seq = new SeqTracker();
  private joined = false;
  private syncing: Promise<void> | null = null;
  welcome: Welcome | null = null;

  constructor(private opts: RoomClientOptions, private h: RoomClientHandlers) {
    this.socket = io(opts.origin + ROOM_NAMESPACE, {
      path: '/socket.io',
      transports: ['websocket', 'polling'],
      // A function, so every reconnect sends the token we were given most recently.
      auth: (cb) => {
        const auth: HandshakeAuth = { room: opts.room };
        const token = this.token();
        if (token) auth.token = token;
        if (opts.name) auth.name = opts.name;
        if (opts.client) auth.client = opts.client;
        cb(auth as unknown as Record<string, unknown>);
      },
    });
    h.onState?.('connecting');
    this.socket.on('connect', () => h.onState?.('connected'));
    this.socket.on('disconnect', () => h.onState?.('disconnected'));
    this.socket.on('connect_error', () => h.onState?.('disconnected'));
    this.socket.on('welcome', (w) => this.onWelcome(w));
    this.socket.on('event', (e) => this.onLive([e]));
    this.socket.on('events', (es) => this.onLive(es));
    this.socket.on('viewers', (v) => h.onViewers?.(v.count));
  }

  private storageKey(): string {
    return `danmu.room.token.${this.opts.room}`;
  }

  private token(): string | null {
    try {
      return this.opts.storage?.getItem(this.storageKey()) ?? null;
    } catch {
      return null; // storage disabled (private mode): stay anonymous for this page view
    }
  }

  private onWelcome(w: Welcome): void {
    const previous = this.welcome;
    this.welcome = w;
    if (this.joined && previous && (previous.epoch !== w.epoch || w.seq < this.seq.max)) {
      // The relay's log was reset: seqs start again at 1, so what we saw says nothing about them.
      this.seq = new SeqTracker();
      this.joined = false;
    }
    if (w.token) {
      try {
        this.opts.storage?.setItem(this.storageKey(), w.token);
      } catch {
        /* storage full or disabled: the token is only a convenience */
      }
    }
    this.h.onWelcome?.(w);
    this.h.onViewers?.(w.viewers);
    if (!this.joined) {
      this.joined = true;
      const backlog = this.opts.backlog ?? 0;
      this.seq.startAt(Math.max(0, w.seq - backlog));
      if (backlog > 0 && w.seq > 0) void this.catchUp(w.seq);
      else this.seq.startAt(w.seq);
    } else if (w.seq > this.seq.max) {
      void this.catchUp(w.seq); // reconnected: fill in what happened while we were away
    }
  }

  private onLive(events: RoomEvent[]): void {
    for (const e of events) {
      if (this.seq.isGap(e.seq) && !this.syncing) void this.catchUp(e.seq - 1);
      if (this.seq.accept(e.seq)) this.h.onEvent?.(e, false);
    }
  }

  /** Fetches events after what we hold, up to `until`, a few pages at most (older ones are stale). */
  private catchUp(until: number): Promise<void> {
    if (this.syncing) return this.syncing;
    this.syncing = (async () => {
      for (let page = 0; page < 3 && this.seq.max < until; page++) {
        const since = this.seq.max;
        const res = await this.request<{ events: RoomEvent[] }>('history', { since, limit: DEFAULT_LIMITS.historyMaxLimit });
        if (!res.ok || res.events.length === 0) break;
        const sorted = [...res.events].sort((a, b) => a.seq - b.seq);
        for (const e of sorted) if (this.seq.accept(e.seq)) this.h.onEvent?.(e, true);
        if (this.seq.max === since) break;
      }
    })().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private request<T extends object = { seq: number }>(name: keyof ClientToServerEvents, body: unknown): Promise<Ack<T>> {
    // socket.io's typed emit cannot express a generic event name; the protocol types still bind the callers.
    const s = this.socket.timeout(ACK_TIMEOUT_MS) as unknown as {
      emit(ev: string, b: unknown, cb: (err: Error | null, a: Ack<T>) => void): void;
    };
    return new Promise((resolve) => {
      s.emit(name, body, (err, ack) => resolve(err ? { ok: false, code: 'internal', message: 'timeout' } : ack));
    });
  }

  sendDanmaku(req: DanmakuRequest): Promise<Ack> {
    return this.request('danmaku', req);
  }

  sendGift(giftId: string, count: number): Promise<Ack> {
    return this.request('gift', { giftId, count });
  }

  sendLike(count: number): Promise<Ack> {
    return this.request('like', { count });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  close(): void {
    this.socket.close();
  }
}
