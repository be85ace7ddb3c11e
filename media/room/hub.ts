/**
 * The live room hub: socket.io namespace `/room` on the relay's HTTP server, plus the HTTP history
 * route. Wires identity, the room rules (RoomService), the durable log and fan-out together; the
 * protocol is documented in docs/protocol.md.
 */
import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  DEFAULT_LIMITS, ROOM_NAMESPACE, type Ack, type ClientToServerEvents, type ConnectErrorData, type RoomEvent,
  type ServerToClientEvents, type Welcome,
} from '../../common/room-protocol';
import type { HttpRoute } from '../relay/types';
import { Admission, DEFAULT_ADMISSION } from './admission';
import { identify, type Identity } from './auth';
import { isStaff, type Caller, type Reply } from './caller';
import { ComboTracker } from './combo-tracker';
import { EventLog } from './event-log';
import { Fanout } from './fanout';
import { GiftCatalog } from './gift-catalog';
import { createHistoryRoute } from './http-api';
import { loadOrCreateSecret, TokenSigner } from './identity';
import { LikeAggregator } from './like-aggregator';
import { createAuditRoute } from './moderation/audit-route';
import { createModeration } from './moderation/wiring';
import { RateLimiter, type RateLimit } from './rate-limiter';
import { attachRedis } from './redis';
import { Recorder } from './recorder';
import { RoomService } from './room-service';
import { RoomStates } from './room-state';
import { bannedRule } from './rules/banned';
import { perAddressRateRule, perUserRateRule } from './rules/rate';
import { readOnlyClientRule } from './rules/read-only';
import type { PostRule } from './rules/types';
import { DEFAULT_MODERATOR_TOKEN_TTL_MS, type RoomHub, type RoomHubOptions } from './hub-options';
import { ServerListeners } from './server-listeners';
import { noReplaysRoute, replayRoutes } from '../replay/routes';
import { DEFAULT_REPLAY_LIMITS, ReplayService } from '../replay/service';
import { ReplayStore } from '../replay/store';
import { StaffGuard } from './staff-guard';
import { StaffService } from './staff-service';

export type { RoomHub, RoomHubOptions } from './hub-options';
export { DEFAULT_MODERATOR_TOKEN_TTL_MS } from './hub-options';

/** What the hub keeps on each socket once the handshake is accepted. */
interface SocketData { identity: Identity; address: string; release?: () => void }
type RoomServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RoomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const untyped = (target: object) => target as { emit(name: string, payload: unknown): boolean };

const staffRoom = (room: string) => `staff:${room}`;
const viewersRoom = (room: string, partition: number) => `viewers:${room}:${partition}`;
const userRoom = (room: string, userId: string) => `user:${room}:${userId}`;

export function createRoomHub(opts: RoomHubOptions): RoomHub {
  const now = opts.now ?? Date.now;
  const log = opts.log.child('room');
  const eventLog = new EventLog(opts.dataDir);
  const signer = new TokenSigner(loadOrCreateSecret(opts.dataDir));
  const gifts = new GiftCatalog(opts.gifts);
  const states = new RoomStates((room) => ({ banned: eventLog.bannedUsers(room), title: eventLog.setting<string>(room, 'title') ?? '' }));
  const maxPacketBytes = opts.maxPacketBytes ?? 100_000;
  const admission = new Admission({ ...DEFAULT_ADMISSION, ...opts.admission }, opts.trustedProxies ?? [], now);

  const listeners = ServerListeners.snapshot(opts.server);
  const io: RoomServer = new Server(opts.server, {
    path: opts.path ?? '/socket.io',
    serveClient: false,
    maxHttpBufferSize: maxPacketBytes,
    // Leave other upgrade requests on this server (e.g. the relay's own WebSockets) alone.
    destroyUpgrade: false,
    // A transport that joined no room (e.g. every join refused) is closed after this long.
    connectTimeout: 10_000,
    cors: { origin: '*' },
  });
  listeners.attached(opts.server);
  const redis = opts.redisUrl ? attachRedis(io, opts.redisUrl, log) : null;
  const nsp = io.of(ROOM_NAMESPACE);

  const partitions = Math.max(1, opts.viewerPartitions ?? 4);
  const allViewers = (room: string) => Array.from({ length: partitions }, (_, p) => viewersRoom(room, p));
  let joined = 0;
  const viewerSends = new Set<Promise<void>>();
  const fanout = new Fanout({
    toStaff: (room, e: RoomEvent) => { nsp.to(staffRoom(room)).emit('event', e); },
    toViewers: (room, batch: RoomEvent[]) => {
      // One partition per turn of the event loop, so the staff's events are not held behind one
      // long write loop; close() waits for chains still running.
      const done = new Promise<void>((resolve) => {
        let p = 0;
        const next = () => {
          nsp.to(viewersRoom(room, p)).emit('events', batch);
          if (++p < partitions) setImmediate(next);
          else resolve();
        };
        next();
      });
      viewerSends.add(done);
      void done.then(() => viewerSends.delete(done));
    },
  }, opts.viewerBatchMax ?? 60);

  const rate = (r: RateLimit | undefined, fallback: RateLimit) => new RateLimiter(r ?? fallback, now);
  const messageLimiter = rate(opts.messageRate, { perSecond: 20, burst: 40 });
  const enterLimiter = rate(undefined, { perSecond: 1 / 60, burst: 1 });
  const recorder = new Recorder(eventLog, fanout, now);
  const isBanned = (room: string, userId: string) => states.get(room).banned.has(userId);
  const moderator = (room: string, userId: string) => eventLog.moderator(room, userId);
  const moderation = createModeration({
    log: eventLog, now, auditMaxLimit: DEFAULT_LIMITS.historyMaxLimit, ...(opts.alerts ? { alerts: opts.alerts } : {}),
    // Moderation's events are in the protocol map; it names them as a union, which socket.io's typing cannot correlate.
    toStaff: (room, name, payload) => { untyped(nsp.to(staffRoom(room))).emit(name, payload); },
    toRoom: (room, name, payload) => { untyped(nsp.to([staffRoom(room), ...allViewers(room)])).emit(name, payload); },
  });
  // One ordered list: who may post at all, cheap moderation refusals, rate limits, then the text.
  const rules: PostRule[] = [
    readOnlyClientRule,
    ...moderation.sanctionRules,
    bannedRule(states),
    ...moderation.gates,
    perUserRateRule({
      danmaku: rate(opts.danmakuRate, { perSecond: 1, burst: 3 }),
      gift: rate(opts.giftRate, { perSecond: 5, burst: 10 }),
      like: rate(opts.likeRate, { perSecond: 10, burst: 20 }),
    }, { danmaku: 'Slow down: you are sending too fast.', gift: 'Slow down: you are sending too fast.', like: 'Too many likes; they are counted in batches.' }),
    perAddressRateRule(rate(opts.addressRate, { perSecond: 10, burst: 20 }), ['danmaku', 'gift']),
    ...moderation.content,
  ];
  const service = new RoomService({
    log: eventLog,
    recorder,
    states,
    gifts,
    combos: new ComboTracker(opts.comboWindowMs ?? 5000, now),
    likes: new LikeAggregator<Reply>(10_000),
    rules,
    historyPerUser: rate(opts.historyRate, { perSecond: 2, burst: 10 }),
    posts: moderation.posts,
    limits: {
      textMaxLength: opts.textMaxLength ?? DEFAULT_LIMITS.textMaxLength,
      giftCountMin: DEFAULT_LIMITS.giftCountMin,
      giftCountMax: DEFAULT_LIMITS.giftCountMax,
      likeCountMax: DEFAULT_LIMITS.likeCountMax,
      historyMaxLimit: DEFAULT_LIMITS.historyMaxLimit,
    },
    now,
  });
  const staff = new StaffService({
    log: eventLog,
    recorder,
    states,
    signer,
    guard: new StaffGuard({ moderator, isBanned, rate: rate(opts.staffRate, { perSecond: 10, burst: 30 }), now }),
    sanctions: moderation.sanctions,
    kick: (room, userId) => { nsp.in(userRoom(room, userId)).disconnectSockets(true); },
    limits: {
      nameMaxLength: DEFAULT_LIMITS.nameMaxLength,
      titleMaxLength: DEFAULT_LIMITS.titleMaxLength,
      moderatorTokenTtlMs: opts.moderatorTokenTtlMs ?? DEFAULT_MODERATOR_TOKEN_TTL_MS,
    },
    now,
  });
  moderation.attach({ staff, fanout, recorder });
  const replayStore = opts.vod ? new ReplayStore(eventLog.db) : null;
  const replays = opts.vod && replayStore ? new ReplayService({
    store: replayStore, catalog: opts.vod.catalog, rules, title: (room) => states.get(room).title, now,
    limits: { ...DEFAULT_REPLAY_LIMITS, textMaxLength: opts.textMaxLength ?? DEFAULT_LIMITS.textMaxLength, ...opts.vod.limits },
  }) : null;
  const replaysOff = (_c: Caller, _p: unknown, r: Reply<object>) => r({ ok: false, code: 'not_found', message: 'Replays are off on this relay (it runs without a data folder).' });
  /** Every client request and who answers it: viewers' posts, staff actions, then moderation's. */
  type Handler = (c: Caller, payload: unknown, reply: Reply<object>) => void;
  const requests: ReadonlyArray<[keyof ClientToServerEvents, Handler]> = [
    ['danmaku', (c, p, r) => service.danmaku(c, p, r)],
    ['gift', (c, p, r) => service.gift(c, p, r)],
    ['like', (c, p, r) => service.like(c, p, r)],
    ['history', (c, p, r) => service.history(c, p, r)],
    ['ban', (c, p, r) => staff.ban(c, p, r)],
    ['unban', (c, p, r) => staff.unban(c, p, r)],
    ['delete', (c, p, r) => staff.delete(c, p, r)],
    ['bans', (c, p, r) => staff.bans(c, p, r)],
    ['room-title', (c, p, r) => staff.roomTitle(c, p, r)],
    ['moderator-token', (c, p, r) => staff.moderatorToken(c, p, r)],
    ['moderators', (c, p, r) => staff.moderators(c, p, r)],
    ['revoke-moderator', (c, p, r) => staff.revokeModerator(c, p, r)],
    ...moderation.requests().map(([name, handle]): [keyof ClientToServerEvents, Handler] => [name as keyof ClientToServerEvents, handle]),
    ['replay-sessions', replays ? (c, p, r) => replays.sessions(c, p, r) : replaysOff],
    ['replay-publish', replays ? (c, p, r) => replays.publish(c, p, r) : replaysOff],
  ];
  const knownRequests = new Set<string>([...requests.map(([name]) => name), 'replay-danmaku']);
  /** A replay page's connection is not in the live room: it may only comment on the replay. */
  const replayOnly: Handler = (_c, _p, r) => r({ ok: false, code: 'forbidden', message: 'A replay connection only posts replay comments.' });
  /** And a live connection cannot comment on a replay (the comment would carry no video position it saw). */
  const notReplay: Handler = (_c, _p, r) => r({ ok: false, code: 'forbidden', message: "Replay comments are posted from a replay's page (/replay/<room>/<session>), not from the live room." });
  const replayComment: Handler = replays ? (c, p, r) => replays.comment(c, p, r) : replaysOff;
  const limiters = [messageLimiter, enterLimiter];

  // Raw transports per address: a client that opens sockets but never joins (or is always refused)
  // cannot hold more than this many; connectTimeout closes the ones that join nothing.
  io.engine.on('connection', (conn: { remoteAddress: string; request: http.IncomingMessage; close(): void; once(e: 'close', f: () => void): void }) => {
    const release = admission.transport(admission.addressOf(conn.remoteAddress, conn.request.headers['x-forwarded-for']));
    if (!release) conn.close();
    else conn.once('close', release);
  });

  nsp.use((socket, next) => {
    const refuse = (error: ConnectErrorData) => next(Object.assign(new Error(error.message), { data: error }));
    const result = identify(socket.handshake.auth, {
      rooms: opts.rooms, signer, moderator, isBanned, nameMaxLength: DEFAULT_LIMITS.nameMaxLength, now,
    });
    if (!result.ok) return refuse(result.error);
    const address = admission.addressOf(socket.handshake.address, socket.handshake.headers['x-forwarded-for']);
    if (!isStaff(result.identity.user)) {
      const admitted = admission.admit(address, result.identity.token !== undefined);
      if (!admitted.ok) return refuse(admitted.error);
      socket.data.release = admitted.release;
    }
    Object.assign(socket.data, { identity: result.identity, address });
    next();
  });

  nsp.on('connection', (socket) => {
    const { identity } = socket.data;
    const { room, user, client } = identity;
    const state = states.get(room);
    const isViewer = !isStaff(user);
    const counted = isViewer && client === 'viewer';
    const replay = isViewer && client === 'replay';
    if (!replay) void socket.join(isViewer ? viewersRoom(room, joined++ % partitions) : [staffRoom(room), userRoom(room, user.id)]);

    const caller: Caller = { room, user, address: socket.data.address, client, createdAt: identity.createdAt };
    if (client !== 'overlay') moderation.connected(caller, identity.token !== undefined);
    if (counted) {
      const known = state.users.get(user.id);
      if (known) known.sockets += 1;
      else state.users.set(user.id, { name: user.name, sockets: 1 });
      state.viewerSockets += 1;
      if (!known && enterLimiter.peek(`${room}/${user.id}`) && admission.enter(caller.address)) {
        enterLimiter.take(`${room}/${user.id}`);
        service.enter(room, user);
      }
    }

    const welcome: Welcome = {
      room, you: user, seq: eventLog.lastSeq(room), epoch: eventLog.epoch, title: state.title, settings: moderation.settingsOf(room), live: state.live,
      viewers: state.viewerSockets, gifts: [...gifts.items], ...(identity.token ? { token: identity.token } : {}),
    };
    socket.emit('welcome', welcome);

    for (const [name, handle] of requests) bind(socket, caller, name, (p, r) => (replay ? replayOnly : handle)(caller, p, r));
    bind(socket, caller, 'replay-danmaku', (p, r) => (replay ? replayComment : notReplay)(caller, p, r));
    // A request the protocol does not have is answered too, so a client with a typo ('title' for
    // 'room-title') hears why instead of waiting forever; it counts against the same budget.
    (socket as unknown as Socket).onAny((name: unknown, ...args: unknown[]) => {
      if (typeof name === 'string' && knownRequests.has(name)) return;
      const ack = args[args.length - 1];
      if (typeof ack !== 'function' || !messageLimiter.take(socket.id)) return;
      const shown = String(name).slice(0, 40);
      (ack as (a: Ack<object>) => void)({ ok: false, code: 'not_found', message: `There is no request "${shown}" in the room protocol (docs/protocol.md).` });
    });

    socket.on('disconnect', () => {
      socket.data.release?.();
      if (!counted) return;
      const u = state.users.get(user.id);
      if (u && --u.sockets <= 0) state.users.delete(user.id);
      state.viewerSockets -= 1;
    });
  });

  /** Every request: per-connection message budget, a safe ack (clients may omit it), no throw escapes. */
  function bind(socket: RoomSocket, caller: Caller, name: keyof ClientToServerEvents, handle: (payload: unknown, reply: Reply<object>) => void): void {
    // Payloads are untrusted whatever the event map says: take them as unknown and validate.
    (socket as unknown as Socket).on(name, (...args: unknown[]) => {
      const last = args[args.length - 1];
      const ack = typeof last === 'function' ? (last as (a: unknown) => void) : null;
      let answered = false;
      const payload = ack ? args.slice(0, -1)[0] : args[0];
      const reply = (a: Ack<object>) => {
        if (answered) return;
        answered = true;
        if (ack) ack(a);
        moderation.answered(caller, name, payload, a);
      };
      if (!messageLimiter.take(socket.id)) {
        return reply({ ok: false, code: 'rate_limited', message: 'Too many messages on this connection.' });
      }
      try {
        handle(payload, reply);
      } catch (err) {
        log.error(`${name} from ${caller.user.id} in ${caller.room} failed: ${(err as Error).stack ?? err}`);
        reply({ ok: false, code: 'internal', message: 'The server could not handle this request.' });
      }
    });
  }

  const timers = [
    setInterval(() => fanout.flush(), opts.batchMs ?? 100),
    setInterval(() => service.flushLikes(), opts.likeFlushMs ?? 1000),
    setInterval(() => {
      for (const [room, s] of states.all()) {
        if (s.viewerSockets === s.sentViewers) continue;
        s.sentViewers = s.viewerSockets;
        nsp.to([staffRoom(room), ...allViewers(room)]).emit('viewers', { count: s.viewerSockets });
      }
    }, opts.viewerCountMs ?? 1000),
    setInterval(() => { for (const l of limiters) l.sweep(); service.sweep(); staff.sweep(); admission.sweep(); }, 30_000),
    // Timeouts end on time, held users are released, alerts follow waves.
    setInterval(() => moderation.tick(now()), 1000),
  ];

  let closed: Promise<void> | null = null;
  return {
    httpRoute: anyRoute(
      createHistoryRoute(eventLog, opts.rooms, DEFAULT_LIMITS.historyMaxLimit), createAuditRoute(moderation.store, opts.rooms, DEFAULT_LIMITS.historyMaxLimit),
      replays && opts.vod
        ? replayRoutes({ service: replays, catalog: opts.vod.catalog, isKnownRoom: (r) => opts.rooms.has(r), webRoot: opts.vod.webRoot })
        : noReplaysRoute((r) => opts.rooms.has(r)),
    ),
    endUnendedStream: (room, archivedUntil) => service.endUnendedStream(room, archivedUntil),
    setLive: (room, live) => {
      const seq = service.setLive(room, live);
      if (!live) moderation.streamEnded(room);
      return seq;
    },
    replays: replayStore ? { isPublished: (room, session) => replayStore.isPublished(room, session) } : null,
    admission: admission.refused,
    close: () => {
      closed ??= (async () => {
        for (const t of timers) clearInterval(t);
        // Answer pending likes and deliver what viewers have not yet seen before going away.
        service.flushLikes();
        fanout.flush();
        await Promise.all(viewerSends);
        // Close transports rather than sending socket.io disconnects: clients treat this as a lost
        // connection and reconnect by themselves, which is what a hub restart should look like.
        io.engine.close();
        await Promise.allSettled([nsp, io.of('/')].map((n) => n.adapter.close()));
        listeners.restore(opts.server);
        if (redis) await redis.quit();
        eventLog.close();
      })();
      return closed;
    },
  };
}

/** The first route that handles the request. */
function anyRoute(...routes: HttpRoute[]): HttpRoute {
  return async (req, res, url) => {
    for (const r of routes) if (await r(req, res, url)) return true;
    return false;
  };
}
