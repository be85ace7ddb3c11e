/**
 * Bot-wave detection: many accounts posting the same or near-identical text in a short window.
 *
 * Each message is folded (fold.ts, digit runs as one class so random numbers do not matter), cut
 * into character bigrams and MinHash-signed; LSH bands find earlier messages in the window that
 * may be similar, and their exact Jaccard similarity decides. A message joins the cluster of the
 * messages it resembles (clusters it bridges merge); a cluster that holds at least `minAccounts`
 * distinct accounts inside the window raises an alert, and raises it again (at most every
 * `realertMs`) as more accounts join. Short texts ("666", "哈哈哈", "hi") carry too few shingles
 * to tell a bot from a crowd and are ignored. See docs/moderation.md for the limits.
 */
import { fold } from './fold';
import { bandKeys, jaccard, MinHasher, shingles } from './minhash';

export interface WaveOptions {
  windowMs: number;
  /** Distinct accounts in one cluster, within the window, that make a wave. */
  minAccounts: number;
  /**
   * In a busy room a wave must also be this share of the accounts that posted in the window, so a
   * big audience asking the same question does not read as bots (the bar scales with the room).
   */
  minShare: number;
  /** Jaccard similarity of bigram sets above which two messages are "the same text". */
  similarity: number;
  shingleSize: number;
  hashes: number;
  /** Signature slots per LSH band (hashes / bandRows bands). */
  bandRows: number;
  /** Messages with fewer distinct shingles are too short to judge and are skipped. */
  minShingles: number;
  realertMs: number;
  /** Hard cap on remembered messages (memory bound under a flood). */
  maxMessages: number;
  seed: number;
}

export const DEFAULT_WAVE_OPTIONS: WaveOptions = {
  windowMs: 60_000,
  minAccounts: 8,
  minShare: 0.05,
  similarity: 0.6,
  shingleSize: 2,
  hashes: 32,
  bandRows: 2,
  minShingles: 4,
  realertMs: 5_000,
  maxMessages: 20_000,
  seed: 0x5eed,
};

export interface WaveMessage { userId: string; text: string; at: number }

export interface WaveAlert {
  kind: 'wave';
  /** Accounts in the cluster within the window (the newest first, at most 200). */
  users: string[];
  /** The text that started the cluster. */
  sample: string;
  /** Mean similarity of the clustered messages to what they matched (0–1). */
  score: number;
  at: number;
  /** Stable while the cluster lives: later alerts about the same wave carry the same id. */
  cluster: number;
}

const CANDIDATES_PER_BAND = 16;

interface Cluster {
  id: number;
  sample: string;
  users: Map<string, number>;
  simSum: number;
  simCount: number;
  alertedAt: number;
  alertedAccounts: number;
  into: Cluster | null;
}

interface Entry { userId: string; at: number; set: Set<string>; keys: string[]; cluster: Cluster }

const root = (c: Cluster): Cluster => {
  let r = c;
  while (r.into) r = r.into;
  if (c !== r) c.into = r;
  return r;
};

export class WaveDetector {
  private readonly o: WaveOptions;
  private readonly hasher: MinHasher;
  private readonly queue: Entry[] = [];
  private head = 0;
  private readonly buckets = new Map<string, Entry[]>();
  private nextId = 1;
  /** Everyone who posted in the window, oldest first (the denominator of `minShare`). */
  private readonly posters = new Map<string, number>();
  /** Clusters that have alerted and may owe a follow-up alert. */
  private readonly live = new Set<Cluster>();

  constructor(opts: Partial<WaveOptions> = {}) {
    this.o = { ...DEFAULT_WAVE_OPTIONS, ...opts };
    this.hasher = new MinHasher(this.o.hashes, this.o.seed);
  }

  /** Messages currently remembered (for tests and stats). */
  get size(): number {
    return this.queue.length - this.head;
  }

  observe(m: WaveMessage): WaveAlert | null {
    this.evict(m.at);
    this.posters.delete(m.userId);
    this.posters.set(m.userId, m.at);
    if (this.posters.size > this.o.maxMessages) this.posters.delete(this.posters.keys().next().value!);
    const set = shingles(fold(m.text, { digits: 'class' }).chars, this.o.shingleSize);
    if (set.size < this.o.minShingles) return null;
    const keys = bandKeys(this.hasher.signature(set), this.o.bandRows);

    const seen = new Set<Entry>();
    const matched = new Set<Cluster>();
    let best = 0;
    let bestCluster: Cluster | null = null;
    for (const k of keys) {
      const bucket = this.buckets.get(k) ?? [];
      // Newest first, a bounded number per band: under a flood of copies one bucket holds thousands
      // of the same text, and the newest few already say which cluster this belongs to.
      for (let i = bucket.length - 1; i >= 0 && i >= bucket.length - CANDIDATES_PER_BAND; i--) {
        const e = bucket[i]!;
        if (seen.has(e)) continue;
        seen.add(e);
        const s = jaccard(set, e.set);
        if (s < this.o.similarity) continue;
        const c = root(e.cluster);
        matched.add(c);
        if (s > best) { best = s; bestCluster = c; }
      }
    }

    let cluster: Cluster;
    if (bestCluster) {
      cluster = bestCluster;
      // A message that resembles two clusters shows they are one wave.
      for (const other of matched) if (other !== cluster) this.merge(other, cluster);
      cluster.simSum += best;
      cluster.simCount += 1;
    } else {
      cluster = { id: this.nextId++, sample: m.text, users: new Map(), simSum: 0, simCount: 0, alertedAt: -Infinity, alertedAccounts: 0, into: null };
    }
    cluster.users.delete(m.userId);
    cluster.users.set(m.userId, m.at);

    const entry: Entry = { userId: m.userId, at: m.at, set, keys, cluster };
    this.queue.push(entry);
    for (const k of keys) {
      const b = this.buckets.get(k);
      if (b) b.push(entry);
      else this.buckets.set(k, [entry]);
    }
    if (this.size > this.o.maxMessages) this.drop(this.queue[this.head]!);
    return this.alertFor(cluster, m.at);
  }

  /**
   * Forgets messages older than the window and returns the alerts held back by `realertMs` that are
   * now due (accounts that joined a wave after its last alert). Call about once a second.
   */
  sweep(now: number): WaveAlert[] {
    this.evict(now);
    const out: WaveAlert[] = [];
    for (const c of this.live) {
      if (c.into) { this.live.delete(c); continue; }
      const a = this.alertFor(c, now);
      if (a) out.push(a);
      if (c.users.size === 0) this.live.delete(c);
    }
    return out;
  }

  private alertFor(c: Cluster, at: number): WaveAlert | null {
    const from = at - this.o.windowMs;
    for (const [u, t] of c.users) {
      if (t >= from) break; // insertion order is time order
      c.users.delete(u);
    }
    const n = c.users.size;
    if (n < Math.max(this.o.minAccounts, this.o.minShare * this.posters.size)) return null;
    if (c.alertedAccounts > 0 && (n <= c.alertedAccounts || at - c.alertedAt < this.o.realertMs)) return null;
    c.alertedAt = at;
    c.alertedAccounts = n;
    this.live.add(c);
    const score = c.simCount ? Math.round((c.simSum / c.simCount) * 100) / 100 : 1;
    return { kind: 'wave', users: [...c.users.keys()].reverse().slice(0, 200), sample: c.sample, score, at, cluster: c.id };
  }

  private merge(from: Cluster, to: Cluster): void {
    for (const [u, t] of from.users) if ((to.users.get(u) ?? -Infinity) < t) to.users.set(u, t);
    // keep time order (the window prune relies on it)
    const sorted = [...to.users].sort((a, b) => a[1] - b[1]);
    to.users.clear();
    for (const [u, t] of sorted) to.users.set(u, t);
    to.simSum += from.simSum;
    to.simCount += from.simCount;
    if (from.alertedAccounts > to.alertedAccounts) {
      to.alertedAccounts = from.alertedAccounts;
      to.alertedAt = from.alertedAt;
    }
    from.into = to;
  }

  private evict(now: number): void {
    const from = now - this.o.windowMs;
    for (const [u, t] of this.posters) {
      if (t >= from) break;
      this.posters.delete(u);
    }
    while (this.head < this.queue.length && this.queue[this.head]!.at < from) this.drop(this.queue[this.head]!);
  }

  private drop(e: Entry): void {
    this.head++;
    for (const k of e.keys) {
      const b = this.buckets.get(k);
      if (!b) continue;
      const i = b.indexOf(e);
      if (i >= 0) b.splice(i, 1);
      if (b.length === 0) this.buckets.delete(k);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
