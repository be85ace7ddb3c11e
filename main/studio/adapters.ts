/**
 * Adapts the services other engineers own (room client, history store) to the ports the core uses.
 * Their acks and errors become StudioErrors with a message a person can act on.
 */
import { DEFAULT_LIMITS, type Ack, type AckErrorCode, type GiftCatalogItem } from '../../common/room-protocol';
import { sliceChars } from '../../common/text-length';
import { StudioError, type StudioErrorCode } from '../../common/studio-api';
import type { RoomClient } from '../room/client';
import type { RoomClientPort, RoomClientState } from './ports';

const ACK_TO_STUDIO: Record<AckErrorCode, StudioErrorCode> = {
  invalid: 'invalid',
  too_long: 'invalid',
  rate_limited: 'conflict',
  unknown_gift: 'invalid',
  forbidden: 'forbidden',
  banned: 'forbidden',
  not_found: 'not_found',
  internal: 'internal',
  // moderation refusals only ever reach viewers (the studio is the owner), but map them sensibly
  paused: 'forbidden',
  slow_mode: 'conflict',
  too_new: 'forbidden',
  blocked: 'invalid',
  timed_out: 'forbidden',
};

async function settle<T extends object>(what: string, p: Promise<Ack<T>>): Promise<T> {
  let ack: Ack<T>;
  try {
    ack = await p;
  } catch (err) {
    const reason = (err as Error).message;
    throw new StudioError('unavailable', `Could not ${what}: ${reason} The room reconnects by itself; try again in a moment.`, [], { code: 'room-unreachable', params: { reason } });
  }
  if (!ack.ok) throw new StudioError(ACK_TO_STUDIO[ack.code] ?? 'internal', `Could not ${what}: ${ack.message}`, [], { code: 'room-refused', params: { reason: ack.message } });
  return ack;
}

export function roomClientPort(client: RoomClient): RoomClientPort {
  let problem: string | null = null;
  // The catalog arrives with every welcome (the hub may change it between connections).
  let gifts: GiftCatalogItem[] = [];
  const state = (): RoomClientState => ({
    connected: client.state === 'live' || client.state === 'syncing',
    you: client.you,
    live: client.live,
    viewers: client.viewers,
    gifts,
    settings: client.settings,
    error: client.state === 'live' ? null : problem,
  });
  client.on('problem', (err) => { problem = `Not connected to the room: ${err.message}`; });
  client.on('state', (s) => { if (s === 'live') problem = null; });
  // The title the hub shows viewers, as of the last welcome or title event.
  let hubTitle: string | null = null;
  client.on('welcome', (w) => { gifts = w.gifts; hubTitle = w.title; });
  client.on('event', (e) => { if (e.type === 'system' && e.code === 'title') hubTitle = e.params.title; });
  return {
    state,
    onEvent: (l) => {
      client.on('event', l);
      return () => client.off('event', l);
    },
    onState: (l) => {
      const fire = () => l(state());
      const names = ['state', 'viewers', 'welcome', 'problem'] as const;
      for (const n of names) client.on(n, fire);
      return () => { for (const n of names) client.off(n, fire); };
    },
    send: async (req) => {
      const { seq } = await settle('send the message', client.sendDanmaku(req));
      return { seq };
    },
    ban: async (req) => { await settle(`ban ${req.userId}`, client.ban(req.userId, req.reason)); },
    unban: async (userId) => { await settle(`unban ${userId}`, client.unban(userId)); },
    deleteEvent: async (seq) => { await settle(`delete message #${seq}`, client.deleteEvent(seq)); },
    moderate: async (req) => {
      // settle's value is the successful ack; the UI gets the answer's fields (seq, bans, entries, …)
      const answer: Record<string, unknown> = { ...(await settle(`do "${req.name}" in the room`, client.moderate(req.name, req.payload))) };
      delete answer.ok;
      return answer;
    },
    onStaff: (l) => {
      client.on('staff', l);
      return () => client.off('staff', l);
    },
    syncTitle: async (title) => {
      const wanted = sliceChars(title.trim(), DEFAULT_LIMITS.titleMaxLength);
      if (hubTitle === null || hubTitle === wanted) return;
      hubTitle = wanted;
      await settle('set the room title', client.setTitle(wanted));
    },
    close: async () => client.close(),
  };
}
