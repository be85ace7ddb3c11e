/**
 * Gift combos as the streamer reads them: the same viewer sending the same gift again within a few
 * seconds updates one row (×N) instead of flooding the panel. The window is measured from the row's
 * last update, so a steady stream of clicks keeps extending one combo.
 */
import type { GiftEvent, RoomUser } from '../../../common/room-protocol';

export const COMBO_WINDOW_MS = 5000;
/** Value (coins) from which a row is highlighted as a big gift. */
export const BIG_GIFT_COINS = 1000;
export const MAX_GIFT_ROWS = 200;

export interface GiftRow {
  /** Stable React key: the seq of the first gift of the combo. */
  key: number;
  user: RoomUser;
  giftId: string;
  name: string;
  /** Total gifts in the combo (sum of counts). */
  count: number;
  /** Total coins of the combo. */
  value: number;
  firstTs: number;
  lastTs: number;
  lastSeq: number;
}

export function isBigGift(row: Pick<GiftRow, 'value'>, threshold = BIG_GIFT_COINS): boolean {
  return row.value >= threshold;
}

/**
 * Merges a batch of gifts (in seq order) into rows, newest first. Returns a new array when anything
 * changed (React state), reusing untouched rows.
 */
export function mergeGifts(
  rows: readonly GiftRow[],
  gifts: readonly GiftEvent[],
  windowMs = COMBO_WINDOW_MS,
  maxRows = MAX_GIFT_ROWS,
): GiftRow[] {
  if (gifts.length === 0) return rows as GiftRow[];
  const out = rows.slice();
  for (const g of gifts) {
    // rows are newest first, so this finds the viewer's latest row for this gift
    const i = out.findIndex((r) => r.user.id === g.user.id && r.giftId === g.giftId);
    const prev = i >= 0 ? out[i] : undefined;
    if (prev && g.ts - prev.lastTs <= windowMs) {
      const merged: GiftRow = {
        ...prev,
        user: g.user,
        count: prev.count + g.count,
        value: prev.value + g.value,
        lastTs: g.ts,
        lastSeq: g.seq,
      };
      // the continued combo moves back to the top, where the streamer is looking
      out.splice(i, 1);
      out.unshift(merged);
    } else {
      out.unshift({
        key: g.seq,
        user: g.user,
        giftId: g.giftId,
        name: g.name,
        count: g.count,
        value: g.value,
        firstTs: g.ts,
        lastTs: g.ts,
        lastSeq: g.seq,
      });
    }
  }
  if (out.length > maxRows) out.length = maxRows;
  return out;
}
