/**
 * Near-duplicate search primitives: character n-gram shingles, MinHash signatures (the share of
 * equal signature slots estimates the Jaccard similarity of two shingle sets) and LSH band keys
 * (two texts whose similarity is s share at least one band with probability 1 − (1 − s^r)^b).
 * Deterministic: the hash family comes from a seed.
 */

/** The set of n-grams of a character sequence; a sequence shorter than n is one shingle. */
export function shingles(chars: readonly string[], n: number): Set<string> {
  const out = new Set<string>();
  if (chars.length === 0) return out;
  if (chars.length < n) {
    out.add(chars.join(''));
    return out;
  }
  for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let both = 0;
  for (const s of small) if (large.has(s)) both++;
  return both / (a.size + b.size - both);
}

/** FNV-1a over UTF-16 units, 32 bits. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a good 32-bit mix. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class MinHasher {
  private readonly seeds: Uint32Array;

  constructor(readonly size: number, seed = 1) {
    this.seeds = new Uint32Array(size);
    let s = seed >>> 0;
    for (let i = 0; i < size; i++) {
      s = mix(s + 0x9e3779b9);
      this.seeds[i] = s;
    }
  }

  signature(set: ReadonlySet<string>): Uint32Array {
    const sig = new Uint32Array(this.size).fill(0xffffffff);
    for (const sh of set) {
      const h = fnv1a(sh);
      for (let i = 0; i < this.size; i++) {
        const v = mix(h ^ this.seeds[i]!);
        if (v < sig[i]!) sig[i] = v;
      }
    }
    return sig;
  }
}

/** One key per band of `rows` slots: equal keys in any band make two texts candidates. */
export function bandKeys(sig: Uint32Array, rows: number): string[] {
  const keys: string[] = [];
  for (let b = 0; b * rows < sig.length; b++) {
    let k = `${b}`;
    for (let r = 0; r < rows && b * rows + r < sig.length; r++) k += `:${sig[b * rows + r]!.toString(36)}`;
    keys.push(k);
  }
  return keys;
}
