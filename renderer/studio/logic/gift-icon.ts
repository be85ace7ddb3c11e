/**
 * A catalog gift's icon is "URL or emoji" (common/room-protocol.ts). Only http(s) and inline image
 * URLs are loaded as images (a javascript: or file: URL from a misconfigured hub must not be); any
 * other short text is drawn as an emoji; nothing usable falls back to the generic gift icon.
 */
import type { GiftCatalogItem } from '../../../common/room-protocol';

export type GiftIcon = { kind: 'image'; src: string } | { kind: 'emoji'; text: string } | null;

export function giftIcon(catalog: readonly GiftCatalogItem[], giftId: string): GiftIcon {
  const icon = catalog.find((g) => g.id === giftId)?.icon.trim();
  if (!icon) return null;
  if (/^https?:\/\//i.test(icon) || /^data:image\/(png|gif|webp|jpeg|svg\+xml)[;,]/i.test(icon)) return { kind: 'image', src: icon };
  if (/^[a-z][a-z0-9+.-]*:/i.test(icon) || icon.includes('/')) return null;
  // an emoji is a few code points (flags and ZWJ sequences included), never a sentence
  return [...icon].length <= 8 ? { kind: 'emoji', text: icon } : null;
}
