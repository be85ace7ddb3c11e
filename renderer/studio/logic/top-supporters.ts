/** The session's gift leaderboard: coins per viewer, highest first, plus the session total. */
import type { GiftEvent, RoomUser } from '../../../common/room-protocol';

export interface Supporter {
  user: RoomUser;
  coins: number;
  /** seq of the gift that brought this supporter to their current total: the earlier one ranks first on a tie. */
  reachedAt: number;
}

export interface SupporterTally {
  byUser: ReadonlyMap<string, Supporter>;
  totalCoins: number;
  giftCount: number;
}

export const EMPTY_TALLY: SupporterTally = { byUser: new Map(), totalCoins: 0, giftCount: 0 };

export function addGifts(tally: SupporterTally, gifts: readonly GiftEvent[]): SupporterTally {
  if (gifts.length === 0) return tally;
  const byUser = new Map(tally.byUser);
  let totalCoins = tally.totalCoins;
  let giftCount = tally.giftCount;
  for (const g of gifts) {
    const prev = byUser.get(g.user.id);
    byUser.set(g.user.id, { user: g.user, coins: (prev?.coins ?? 0) + g.value, reachedAt: g.seq });
    totalCoins += g.value;
    giftCount += g.count;
  }
  return { byUser, totalCoins, giftCount };
}

export function rankSupporters(tally: SupporterTally, limit = 5): Supporter[] {
  return [...tally.byUser.values()]
    .filter((s) => s.coins > 0)
    .sort((a, b) => b.coins - a.coins || a.reachedAt - b.reachedAt)
    .slice(0, limit);
}
