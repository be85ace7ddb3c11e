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
} from '../../../common/studio-api';

export interface BridgeClientOptions {
  /** Defaults to the page's own origin. */
  origin?: string;
}

export function createBridgeClient(opts: BridgeClientOptions = {}): StudioApi {
  const origin = opts.origin ?? window.location.origin;
  const listeners = new Set<StudioEventListener>();
  let socket: Socket | null = null;

  const ensureSocket = () => {
    if (socket) return;
    socket = io(origin + BRIDGE_EVENTS_NAMESPACE, { withCredentials: true });
    socket.on('event', (e: StudioEvent) => {
      for (const l of listeners) l(e);
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
      throw new StudioError('unavailable', 'The studio is not reachable: is "npm start" still running? Restart it and reload this page.');
    }
    let body: StudioCallResult;
    try {
      body = (await res.json()) as StudioCallResult;
    } catch {
      throw new StudioError('internal', `The studio answered ${res.status} without a readable result.`);
    }
    if (res.status === 401) throw new StudioError('forbidden', body.ok ? 'Not authorised.' : body.error.message);
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
