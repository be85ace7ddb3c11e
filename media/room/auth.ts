/**
 * Who a connection is. The stream key makes the owner (the studio); a room-bound moderator token
 * makes a moderator; anything else is a viewer, identified by their signed token or, without a valid
 * one, by a fresh anonymous identity whose token goes back in `welcome.token`. A forged or foreign
 * token is not an error (the viewer simply becomes a new anonymous person), except a key that does
 * not match, which is refused so a misconfigured studio notices.
 */
import type { ConnectErrorData, RoomUser } from '../../common/room-protocol';
import type { RoomRegistry } from '../relay/rooms';
import { newUserId, type TokenSigner } from './identity';
import { describeIssue, handshakeSchema } from './schemas';
import { normaliseName } from './text';

export const OWNER_ID = 'owner';

export interface Identity {
  room: string;
  user: RoomUser;
  /** Set for viewers whose identity was just created (or re-signed): the page should keep it. */
  token?: string;
}

export type IdentifyResult = { ok: true; identity: Identity } | { ok: false; error: ConnectErrorData };

export function identify(
  auth: unknown,
  rooms: Pick<RoomRegistry, 'has' | 'verifyKey'>,
  signer: TokenSigner,
  nameMaxLength: number,
  now: () => number = Date.now,
): IdentifyResult {
  const parsed = handshakeSchema.safeParse(auth ?? {});
  if (!parsed.success) return { ok: false, error: { code: 'invalid', message: `Bad handshake: ${describeIssue(parsed.error)}` } };
  const { room, token, key } = parsed.data;
  if (!rooms.has(room)) return { ok: false, error: { code: 'unknown_room', message: `There is no room "${room}" on this relay.` } };
  const name = normaliseName(parsed.data.name, nameMaxLength);

  if (key !== undefined) {
    if (!rooms.verifyKey(room, key)) return { ok: false, error: { code: 'forbidden', message: 'Wrong stream key for this room.' } };
    return { ok: true, identity: { room, user: { id: OWNER_ID, name: name ?? 'Host', role: 'owner' } } };
  }

  const claims = token ? signer.verify(token) : null;
  if (claims?.role === 'moderator' && claims.room === room) {
    return { ok: true, identity: { room, user: { id: claims.sub, name: name ?? claims.name ?? 'Moderator', role: 'moderator' } } };
  }
  if (claims?.role === 'viewer') {
    return { ok: true, identity: { room, user: { id: claims.sub, name: name ?? claims.name ?? defaultName(claims.sub), role: 'viewer' } } };
  }
  const id = newUserId('v');
  const user: RoomUser = { id, name: name ?? defaultName(id), role: 'viewer' };
  return { ok: true, identity: { room, user, token: signer.sign({ v: 1, sub: id, role: 'viewer', name: user.name, iat: now() }) } };
}

function defaultName(id: string): string {
  return `观众${id.slice(2, 6)}`;
}
