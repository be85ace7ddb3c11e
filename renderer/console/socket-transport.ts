/**
 * The remote console's link to the room: socket.io with the moderator token from the page's
 * fragment (#token=…, never sent to a server in a request line or a Referer).
 */
import { io, type Socket } from 'socket.io-client';
import { ROOM_NAMESPACE, type Ack, type AuditEntry, type HeldMessage, type RoomAlert, type RoomEvent, type RoomSettings, type ReviewedEvent, type Welcome } from '../../common/room-protocol';
import type { ConsoleMessage, ConsoleTransport } from '../shared/mod-console/transport';

export class SocketTransport implements ConsoleTransport {
  readonly isOwner = false;
  private readonly socket: Socket;
  private readonly listeners = new Set<(m: ConsoleMessage) => void>();

  constructor(origin: string, room: string, token: string) {
    this.socket = io(origin + ROOM_NAMESPACE, { auth: { room, token }, transports: ['websocket'] });
    const emit = (m: ConsoleMessage) => { for (const l of this.listeners) l(m); };
    this.socket.on('welcome', (welcome: Welcome) => emit({ type: 'welcome', welcome }));
    this.socket.on('event', (event: RoomEvent) => emit({ type: 'event', event }));
    this.socket.on('held', (held: HeldMessage) => emit({ type: 'held', held }));
    this.socket.on('reviewed', (reviewed: ReviewedEvent) => emit({ type: 'reviewed', reviewed }));
    this.socket.on('alert', (alert: RoomAlert) => emit({ type: 'alert', alert }));
    this.socket.on('audit', (entry: AuditEntry) => emit({ type: 'audit', entry }));
    this.socket.on('room-settings', (settings: RoomSettings) => emit({ type: 'settings', settings }));
    this.socket.on('disconnect', () => emit({ type: 'connection', connected: false }));
    this.socket.on('connect_error', (err: Error & { data?: { code: string; message: string } }) => {
      emit({ type: 'connection', connected: false, problem: err.data ?? { code: 'unavailable', message: err.message } });
      // a revoked or expired link will not get better by retrying
      if (err.data?.code === 'token_revoked' || err.data?.code === 'token_expired') this.socket.close();
    });
  }

  request<T extends object = { seq: number }>(name: string, payload: unknown): Promise<Ack<T>> {
    return this.socket.timeout(5000).emitWithAck(name, payload) as Promise<Ack<T>>;
  }

  subscribe(listener: (m: ConsoleMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
