/**
 * socket.io (engine.io) takes over an http.Server's 'request' listeners (it wraps them) and adds its
 * own 'upgrade', 'close' and 'listening' ones, and its close() would close the whole server. The
 * relay's server outlives the hub, so we note what attaching changed and undo exactly that on close.
 */
import type http from 'node:http';

const EVENTS = ['request', 'upgrade', 'close', 'listening'] as const;
type Listener = (...args: unknown[]) => void;
type Snapshot = Map<string, Listener[]>;

const take = (server: http.Server): Snapshot => new Map(EVENTS.map((e) => [e, server.listeners(e) as Listener[]]));

export class ServerListeners {
  private added: Snapshot = new Map();

  private constructor(private readonly before: Snapshot) {}

  /** Call before attaching. */
  static snapshot(server: http.Server): ServerListeners {
    return new ServerListeners(take(server));
  }

  /** Call right after attaching: remembers the listeners the attach added. */
  attached(server: http.Server): void {
    const after = take(server);
    this.added = new Map(EVENTS.map((e) => [e, (after.get(e) ?? []).filter((l) => !(this.before.get(e) ?? []).includes(l))]));
  }

  restore(server: http.Server): void {
    for (const e of EVENTS) for (const l of this.added.get(e) ?? []) server.removeListener(e, l);
    const current = server.listeners('request');
    for (const l of this.before.get('request') ?? []) if (!current.includes(l)) server.on('request', l);
  }
}
