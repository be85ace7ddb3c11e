/**
 * Who a connection is. The stream key makes the owner (the studio); a room-bound moderator token
 * whose appointment is still active (not revoked, not expired, not banned) makes a moderator; an
 * overlay only reads; anything else is a viewer, identified by their signed token or, without a valid
 * one, by a fresh anonymous identity whose token goes back in `welcome.token`. A forged or foreign
 * viewer token is not an error (the viewer simply becomes a new anonymous person); a wrong key and a
 * dead moderator token are refused so the person holding them notices.
 */
import { DEFAULT_OWNER_NAME, defaultViewerName, type ClientKind, type ConnectErrorData, type ModeratorEntry, type RoomUser } from '../../common/room-protocol';
import type { RoomRegistry } from '../relay/rooms';
import { isReservedName } from './reserved-names';
import { newUserId, type TokenSigner } from './identity';
import { describeIssue, handshakeSchema } from './schemas';
import { normaliseName } from './text';

export const OWNER_ID = 'owner';
export const OVERLAY_USER: RoomUser = { id: 'overlay', name: 'Overlay', role: 'viewer' };

export interface Identity {
  room: string;
  user: RoomUser;
  client: ClientKind;
  /** When this identity was created (a viewer token's signed issue time); 0 for the owner, moderators and overlays. */
  createdAt: number;
  /** Set for viewers whose identity was just created: the page should keep it. */
  token?: string;
}

export interface IdentifyDeps {
  rooms: Pick<RoomRegistry, 'has' | 'verifyKey'>;
  signer: TokenSigner;
  /** The persisted appointment of a moderator (the token alone is not enough). */
  moderator(room: string, userId: string): ModeratorEntry | undefined;
  isBanned(room: string, userId: string): boolean;
  nameMaxLength: number;
  now: () => number;
}

export type IdentifyResult = { ok: true; identity: Identity } | { ok: false; error: ConnectErrorData };

const refuse = (code: ConnectErrorData['code'], message: string): IdentifyResult => ({ ok: false, error: { code, message } });

export function identify(auth: unknown, d: IdentifyDeps): IdentifyResult {
  const parsed = handshakeSchema.safeParse(auth ?? {});
  if (!parsed.success) return refuse('invalid', `Bad handshake: ${describeIssue(parsed.error)}`);
  const { room, token, key } = parsed.data;
  if (!d.rooms.has(room)) return refuse('unknown_room', `There is no room "${room}" on this relay.`);
  if (parsed.data.client === 'overlay') return { ok: true, identity: { room, user: OVERLAY_USER, client: 'overlay', createdAt: 0 } };
  const name = normaliseName(parsed.data.name, d.nameMaxLength);
  /** Viewers of a replay page (see media/replay): not in the live room. */
  const viewerClient: ClientKind = parsed.data.client === 'replay' ? 'replay' : 'viewer';

  if (key !== undefined) {
    if (!d.rooms.verifyKey(room, key)) return refuse('forbidden', 'Wrong stream key for this room.');
    return { ok: true, identity: { room, user: { id: OWNER_ID, name: name ?? DEFAULT_OWNER_NAME, role: 'owner' }, client: 'viewer', createdAt: 0 } };
  }

  const claims = token ? d.signer.verify(token) : null;
  if (claims?.role === 'moderator' && claims.room === room) {
    const m = d.moderator(room, claims.sub);
    if (!m || m.revokedAt !== undefined || d.isBanned(room, claims.sub)) {
      return refuse('token_revoked', 'This moderator link was revoked by the streamer. Ask them for a new one.');
    }
    if (m.expiresAt <= d.now() || (claims.exp !== undefined && claims.exp <= d.now())) {
      return refuse('token_expired', 'This moderator link has expired. Ask the streamer for a new one.');
    }
    return { ok: true, identity: { room, user: { id: claims.sub, name: m.name, role: 'moderator' }, client: 'viewer', createdAt: 0 } };
  }
  if (claims?.role === 'viewer') {
    return { ok: true, identity: { room, user: { id: claims.sub, name: viewerName(name ?? claims.name, claims.sub), role: 'viewer' }, client: viewerClient, createdAt: claims.iat } };
  }
  const id = newUserId('v');
  const user: RoomUser = { id, name: viewerName(name, id), role: 'viewer' };
  const createdAt = d.now();
  return { ok: true, identity: { room, user, client: viewerClient, createdAt, token: d.signer.sign({ v: 1, sub: id, role: 'viewer', name: user.name, iat: createdAt }) } };
}

/** A viewer's name, or the default one when they asked for none or for a reserved one (主播, Host, System, …). */
function viewerName(asked: string | undefined, id: string): string {
  return asked !== undefined && !isReservedName(asked) ? asked : defaultViewerName(id);
}

