/** Gift combos: the same viewer sending the same gift again within `windowMs` continues a combo. */

interface Combo { hits: number; at: number }

export class ComboTracker {
  private readonly combos = new Map<string, Combo>();

  constructor(private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Records a send and returns the combo number: 1 for a fresh gift, 2 for the first repeat, ... */
  hit(userId: string, giftId: string): number {
    const key = `${userId}\u0000${giftId}`;
    const t = this.now();
    const c = this.combos.get(key);
    const hits = c && t - c.at <= this.windowMs ? c.hits + 1 : 1;
    this.combos.set(key, { hits, at: t });
    return hits;
  }

  sweep(): void {
    const t = this.now();
    for (const [key, c] of this.combos) if (t - c.at > this.windowMs) this.combos.delete(key);
  }
}
