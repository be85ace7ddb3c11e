/**
 * The studio's connection to its live room (plain Node, socket.io-client). Follows one room as owner
 * (stream key) or moderator (token) and emits each room event exactly once, in seq order: after any
 * reconnect it pages through `history` from the last delivered seq, and the Sequencer drops
 * duplicates and holds events that arrive ahead of a gap. When the relay's log was reset (another
 * `welcome.epoch`, or a `welcome.seq` below what was delivered), seqs start again at 1: the client
 * says so (`reset`) and re-syncs from 0 rather than dropping the new log's events as old ones.
 */
import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';
import {
  ROOM_NAMESPACE, type Ack, type AuditEntry, type BanEntry, type ClientToServerEvents, type DanmakuRequest, type HeldMessage,
  type ModeratorEntry, type RoomAlert, type RoomEvent, type RoomSettings, type RoomUser, type ReviewedEvent, type ServerToClientEvents, type Welcome,
} from '../../common/room-protocol';
import type { RoomModerationRequestName, RoomStaffMessage } from '../../common/studio-api';
import type { Logger } from '../../media/log';
import { Sequencer } from './sequencer';

export interface RoomClientOptions {
  /** Relay base URL, e.g. http://127.0.0.1:8000 */
  url: string;
  room: string;
  /** Stream key: connect as the owner. */
  key?: string;
  /** Moderator token (from the owner's `issueModeratorToken`). */
  token?: string;
  name?: string;
  /** Deliver events after this seq (e.g. the local history's last seq). Default: only events after the first connect. */
  fromSeq?: number;
  /** The relay log epoch `fromSeq` belongs to (from an earlier `welcome.epoch`), so a reset while away is noticed. */
  epoch?: string;
  historyPageSize?: number;
  /** How long an out-of-order event may wait for the missing ones before the client asks history. */
  gapTimeoutMs?: number;
  requestTimeoutMs?: number;
  log?: Logger;
}

type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type RequestName = keyof ClientToServerEvents;
/** The ack a request gets, from the protocol's event map. */
type AckOf<K extends RequestName> = Parameters<Parameters<ClientToServerEvents[K]>[1]>[0];

export type RoomClientState = 'connecting' | 'syncing' | 'live' | 'disconnected' | 'closed';

export interface RoomClientEvents {
  event: [RoomEvent];
  state: [RoomClientState];
  viewers: [number];
  welcome: [Welcome];
  /** Staff-only packets (held, reviewed, alert, audit, room settings) for the moderator console. */
  staff: [RoomStaffMessage];
  /** Connection refusals and failed catch-ups, for the UI; the client keeps retrying on its own. */
  problem: [Error];
  /**
   * The relay's room log was reset (its data folder was replaced): from now on events are numbered
   * again from 1 in `epoch`. Listeners that keep events by seq must set the old ones aside.
   */
  reset: [{ epoch: string; previousEpoch: string | null; previousSeq: number }];
}

export class RoomClient extends EventEmitter<RoomClientEvents> {
  private readonly socket: RoomSocket;
  private readonly seq: Sequencer<RoomEvent>;
  private started: boolean;
  private syncing: Promise<void> | null = null;
  private syncTarget = 0;
  private logEpoch: string | null;
  private gapTimer: NodeJS.Timeout | null = null;
  private currentState: RoomClientState = 'disconnected';
  private viewerCount = 0;
  private me: RoomUser | null = null;
  private isLive = false;
  private roomSettings: RoomSettings | null = null;
  /** Whether the user wants to be connected (false after disconnect()/close()). */
  private wanted = false;

  constructor(private readonly opts: RoomClientOptions) {
    super();
    this.seq = new Sequencer<RoomEvent>(opts.fromSeq ?? 0);
    this.started = opts.fromSeq !== undefined;
    this.logEpoch = opts.epoch ?? null;
    const auth: Record<string, string> = { room: opts.room };
    if (opts.key !== undefined) auth.key = opts.key;
    if (opts.token !== undefined) auth.token = opts.token;
    if (opts.name !== undefined) auth.name = opts.name;
    this.socket = io(new URL(ROOM_NAMESPACE, opts.url).toString(), {
      auth, transports: ['websocket'], autoConnect: false, reconnectionDelay: 250, reconnectionDelayMax: 5000,
    });
    this.socket.on('welcome', (w: Welcome) => this.onWelcome(w));
    this.socket.on('event', (e: RoomEvent) => this.accept([e]));
    // Owners and moderators get `event`; a client following as a viewer would get batches.
    this.socket.on('events', (b: RoomEvent[]) => this.accept(b));
    this.socket.on('held', (held: HeldMessage) => this.emit('staff', { kind: 'held', held }));
    this.socket.on('reviewed', (reviewed: ReviewedEvent) => this.emit('staff', { kind: 'reviewed', reviewed }));
    this.socket.on('alert', (alert: RoomAlert) => this.emit('staff', { kind: 'alert', alert }));
    this.socket.on('audit', (entry: AuditEntry) => this.emit('staff', { kind: 'audit', entry }));
    this.socket.on('room-settings', (settings: RoomSettings) => {
      this.roomSettings = settings;
      this.emit('staff', { kind: 'settings', settings });
    });
    this.socket.on('viewers', (v: { count: number }) => {
      this.viewerCount = v.count;
      this.emit('viewers', v.count);
    });
    this.socket.on('disconnect', (reason) => {
      this.setState('disconnected');
      // socket.io does not retry after a server-side disconnect; the studio should keep following.
      if (reason === 'io server disconnect' && this.wanted) setTimeout(() => { if (this.wanted) this.socket.connect(); }, 1000).unref();
    });
    this.socket.on('connect_error', (err) => {
      this.emit('problem', err);
      this.setState('disconnected');
    });
  }

  get state(): RoomClientState { return this.currentState; }
  get viewers(): number { return this.viewerCount; }
  get live(): boolean { return this.isLive; }
  /** The last seq delivered to listeners. */
  get lastSeq(): number { return this.seq.lastSeq; }
  get you(): RoomUser | null { return this.me; }
  /** The room's moderation settings (from welcome and `room-settings`). */
  get settings(): RoomSettings | null { return this.roomSettings; }
  /** The relay log epoch of the events delivered (null before the first welcome). */
  get epoch(): string | null { return this.logEpoch; }

  connect(): void {
    if (this.currentState === 'closed') throw new Error('This room client is closed.');
    this.wanted = true;
    this.setState('connecting');
    this.socket.connect();
  }

  /** Goes offline on purpose; `connect()` resumes from the last delivered seq. */
  disconnect(): void {
    this.wanted = false;
    this.socket.disconnect();
    this.setState('disconnected');
  }

  close(): void {
    this.wanted = false;
    this.clearGapTimer();
    this.socket.disconnect();
    this.setState('closed');
    this.removeAllListeners();
  }

  sendDanmaku(req: DanmakuRequest): Promise<Ack> { return this.request('danmaku', req); }
  ban(userId: string, reason?: string): Promise<Ack> { return this.request('ban', reason === undefined ? { userId } : { userId, reason }); }
  unban(userId: string): Promise<Ack> { return this.request('unban', { userId }); }
  deleteEvent(seq: number): Promise<Ack> { return this.request('delete', { seq }); }
  /** The room's current bans (owner and moderators), e.g. for the ban list after a restart. */
  bans(): Promise<Ack<{ bans: BanEntry[] }>> { return this.request('bans', {}); }
  /** Owner: a signed moderator token; `ttlSeconds` may shorten the relay's lifetime (7 days by default). */
  issueModeratorToken(name: string, ttlSeconds?: number): Promise<Ack<{ token: string; userId: string; expiresAt: number }>> {
    return this.request('moderator-token', ttlSeconds === undefined ? { name } : { name, ttlSeconds });
  }
  /** Owner: every moderator appointed in this room, revoked and expired ones included. */
  moderators(): Promise<Ack<{ moderators: ModeratorEntry[] }>> { return this.request('moderators', {}); }
  /** Owner: the moderator loses every right at once. */
  revokeModerator(userId: string): Promise<Ack> { return this.request('revoke-moderator', { userId }); }
  /** Owner: sets the room title ('' for the default). */
  setTitle(title: string): Promise<Ack> { return this.request('room-title', { title }); }
  /** The moderator console: any staff request by name; the hub validates the payload. */
  moderate(name: RoomModerationRequestName, payload: unknown): Promise<Ack<object>> {
    return this.request(name, payload as never) as Promise<Ack<object>>;
  }
  /** Staff: the room's audit log entries with id > since, oldest first (the hub caps `limit` at 500). */
  audit(since: number, limit?: number): Promise<Ack<{ entries: AuditEntry[] }>> {
    return this.request('audit', limit === undefined ? { since } : { since, limit });
  }
  history(since: number, limit?: number): Promise<Ack<{ events: RoomEvent[] }>> {
    return this.request('history', limit === undefined ? { since } : { since, limit });
  }

  private request<K extends RequestName>(name: K, payload: Parameters<ClientToServerEvents[K]>[0]): Promise<AckOf<K>> {
    if (!this.socket.connected) return Promise.reject(new Error(`Not connected to room "${this.opts.room}".`));
    // socket.io's typed emitWithAck does not follow a generic event name; the map above keeps callers typed.
    const s = this.socket.timeout(this.opts.requestTimeoutMs ?? 5000) as unknown as { emitWithAck(n: string, p: unknown): Promise<AckOf<K>> };
    return s.emitWithAck(name, payload);
  }

  private onWelcome(w: Welcome): void {
    this.me = w.you;
    this.roomSettings = w.settings ?? null;
    this.isLive = w.live;
    this.viewerCount = w.viewers;
    if (!this.started) {
      this.seq.reset(w.seq);
      this.started = true;
    } else if ((this.logEpoch !== null && w.epoch !== this.logEpoch) || w.seq < this.seq.lastSeq) {
      // A log only grows, so a smaller seq is a reset too (e.g. an epoch not known from before).
      const previousSeq = this.seq.lastSeq;
      this.clearGapTimer();
      this.seq.clear(0);
      this.syncTarget = 0;
      this.opts.log?.warn(`room "${this.opts.room}": the relay's log was reset (epoch ${this.logEpoch ?? '?'} → ${w.epoch}); re-syncing from 0`);
      this.emit('reset', { epoch: w.epoch, previousEpoch: this.logEpoch, previousSeq });
    }
    this.logEpoch = w.epoch;
    this.emit('welcome', w);
    this.emit('viewers', w.viewers);
    void this.catchUp(w.seq);
  }

  private accept(events: RoomEvent[]): void {
    if (!this.started) return; // before the first welcome: history covers these
    this.deliver(this.seq.push(...events));
    if (this.seq.waitingFor && !this.syncing && !this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        const w = this.seq.waitingFor;
        if (w) void this.catchUp(w.upTo);
      }, this.opts.gapTimeoutMs ?? 500);
    }
  }

  /**
   * Pages through history until everything up to the highest known seq is delivered. One loop at a
   * time; a later call only raises the target, so a welcome arriving mid-sync is not lost.
   */
  private catchUp(target: number): Promise<void> {
    this.syncTarget = Math.max(this.syncTarget, target);
    if (this.syncing) return this.syncing;
    const upTo = () => Math.max(this.syncTarget, this.seq.waitingFor?.upTo ?? 0);
    if (this.seq.lastSeq >= upTo()) {
      if (this.socket.connected) this.setState('live');
      return Promise.resolve();
    }
    this.syncing = (async () => {
      this.setState('syncing');
      let failures = 0;
      while (this.socket.connected && this.seq.lastSeq < upTo() && failures < 3) {
        try {
          const page = await this.history(this.seq.lastSeq, this.opts.historyPageSize ?? 500);
          if (!page.ok) throw new Error(`history refused: ${page.message}`);
          if (page.events.length === 0) break;
          this.deliver(this.seq.push(...page.events));
        } catch (err) {
          failures += 1;
          this.emit('problem', err as Error);
        }
      }
      this.syncing = null;
      if (this.socket.connected) this.setState('live');
    })();
    return this.syncing;
  }

  private deliver(events: RoomEvent[]): void {
    for (const e of events) {
      if (e.type === 'system' && (e.code === 'live' || e.code === 'offline')) this.isLive = e.code === 'live';
      this.emit('event', e);
    }
    if (events.length > 0 && !this.seq.waitingFor) this.clearGapTimer();
  }

  private clearGapTimer(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
  }

  private setState(s: RoomClientState): void {
    if (this.currentState === s || this.currentState === 'closed') return;
    this.currentState = s;
    this.emit('state', s);
  }
}
