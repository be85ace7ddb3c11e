/**
 * The StudioApi over the browser-mode bridge (main/bridge/server.ts): calls are same-origin POSTs
 * (the HttpOnly token cookie rides along), events arrive on socket.io namespace /studio.
 */
import { io, type Socket } from 'socket.io-client';
import {
  BRIDGE_CALL_PATH,
  BRIDGE_EVENTS_NAMESPACE,
  StudioError,
  createStudioApiFromTransport,
  unwrapResult,
  type StudioApi,
  type StudioCallResult,
  type StudioEvent,
  type StudioEventListener,
  type StudioMethod,
  type StudioSnapshot,
} from '../../../common/studio-api';

/**
 * The snapshot as the events that carry the same state, so listeners that folded events into an
 * older snapshot end up with the core's current truth (no stale "Live", no old error).
 */
export function snapshotAsEvents(s: StudioSnapshot): StudioEvent[] {
  return [
    { type: 'relay.state', relay: s.relay },
    { type: 'settings.changed', settings: s.settings },
    { type: 'scenes.changed', scenes: s.scenes, activeSceneId: s.activeSceneId },
    { type: 'pipeline.encoders', encoders: s.pipeline.encoders },
    { type: 'pipeline.state', state: s.pipeline.state },
    { type: 'room.state', room: s.room },
    { type: 'notes.changed', notes: s.notes },
  ];
}

export interface BridgeClientOptions {
  /** Defaults to the page's own origin. */
  origin?: string;
}

export function createBridgeClient(opts: BridgeClientOptions = {}): StudioApi {
  const origin = opts.origin ?? window.location.origin;
  const listeners = new Set<StudioEventListener>();
  let socket: Socket | null = null;

  const deliver = (e: StudioEvent) => {
    for (const l of listeners) l(e);
  };
  const ensureSocket = () => {
    if (socket) return;
    const s = io(origin + BRIDGE_EVENTS_NAMESPACE, { withCredentials: true });
    socket = s;
    let connectedBefore = false;
    s.on('event', deliver);
    s.on('connect', () => {
      // Back after a studio restart or a network blip: whatever happened meanwhile is not in the
      // events we got, so take the core's current state instead of showing what we last knew.
      if (connectedBefore) void call('getSnapshot').then((snap) => snapshotAsEvents(snap as StudioSnapshot).forEach(deliver), () => {});
      connectedBefore = true;
    });
    // The server drops sockets when the studio link is reset; socket.io does not retry those by
    // itself. A page that holds the new cookie gets back in; one with the old link stays out.
    s.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') setTimeout(() => s.connect(), 500);
    });
  };

  const call = async (method: StudioMethod, arg?: unknown): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(`${origin}${BRIDGE_CALL_PATH}${method}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(arg === undefined ? {} : { arg }),
      });
    } catch {
      throw new StudioError('unavailable', 'The studio is not reachable: is "npm start" still running? Restart it and reload this page.', [], { code: 'studio-unreachable' });
    }
    let body: StudioCallResult;
    try {
      body = (await res.json()) as StudioCallResult;
    } catch {
      throw new StudioError('internal', `The studio answered ${res.status} without a readable result.`, [], { code: 'studio-bad-answer', params: { status: res.status } });
    }
    if (res.status === 401) throw new StudioError('forbidden', body.ok ? 'Not authorised.' : body.error.message, [], { code: 'studio-not-authorised' });
    const value = unwrapResult(body);
    if (method === 'openExternal') window.open(arg as string, '_blank', 'noopener,noreferrer');
    return value;
  };

  return createStudioApiFromTransport(call, (listener) => {
    ensureSocket();
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  });
}
