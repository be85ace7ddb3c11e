/** Secrets (stream keys, upload paths, tokens) are compared in constant time, length included. */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when `given` is a string equal to `expected`. Both sides are hashed first, so neither the
 * content nor the length of the secret leaks through timing; absurdly long input is refused early.
 */
export function secretEquals(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length > 4096 || expected.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
