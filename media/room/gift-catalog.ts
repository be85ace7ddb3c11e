/** The gifts viewers can send. The server's catalog is the only source of names and prices. */
import type { GiftCatalogItem } from '../../common/room-protocol';
import { z } from 'zod';

export const DEFAULT_GIFTS: readonly GiftCatalogItem[] = [
  { id: 'heart', name: '小心心', price: 1, icon: '❤️' },
  { id: 'flower', name: '鲜花', price: 5, icon: '🌹' },
  { id: 'tea', name: '奶茶', price: 10, icon: '🧋' },
  { id: 'cake', name: '蛋糕', price: 52, icon: '🎂' },
  { id: 'star', name: '星星', price: 100, icon: '⭐' },
  { id: 'rocket', name: '火箭', price: 5000, icon: '🚀' },
];

const catalogSchema = z
  .array(z.object({
    id: z.string().regex(/^[a-z0-9_-]{1,32}$/),
    name: z.string().min(1).max(20),
    price: z.number().int().min(0).max(1_000_000),
    icon: z.string().min(1).max(500),
  }).strict())
  .min(1)
  .refine((gifts) => new Set(gifts.map((g) => g.id)).size === gifts.length, 'gift ids must be unique');

export class GiftCatalog {
  private readonly byId: ReadonlyMap<string, GiftCatalogItem>;
  readonly items: readonly GiftCatalogItem[];

  constructor(items: readonly GiftCatalogItem[] = DEFAULT_GIFTS) {
    const parsed = catalogSchema.safeParse(items);
    if (!parsed.success) throw new Error(`Invalid gift catalog: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    this.items = parsed.data;
    this.byId = new Map(parsed.data.map((g) => [g.id, g]));
  }

  get(id: string): GiftCatalogItem | undefined {
    return this.byId.get(id);
  }
}
