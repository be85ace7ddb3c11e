/** Who sent a request: their room, identity, client kind and network address key (IPv4, or IPv6 /64). */
import type { Ack, ClientKind, RoomUser } from '../../common/room-protocol';

export interface Caller {
  room: string;
  user: RoomUser;
  /** The address bucket (see media/net/client-address.ts `addressKey`), behind trusted proxies resolved. */
  address: string;
  client: ClientKind;
  /** When the identity was created (see auth.ts): account age for moderation; 0 for staff. */
  createdAt: number;
}

export type Reply<T extends object = { seq: number }> = (a: Ack<T>) => void;

export const isStaff = (u: RoomUser): boolean => u.role === 'owner' || u.role === 'moderator';
