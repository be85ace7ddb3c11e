/**
 * Signed identity tokens (HMAC-SHA256). Anonymous viewers get one in `welcome.token` and present it
 * again to stay the same person across reloads; the owner issues room-bound moderator tokens. The
 * secret lives in the data dir so tokens survive relay restarts; without a data dir it is per-process.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const claimsSchema = z.object({
  v: z.literal(1),
  sub: z.string().min(1).max(64),
  role: z.enum(['viewer', 'moderator']),
  /** Moderator tokens are bound to one room; viewer identities are not. */
  room: z.string().optional(),
  name: z.string().max(200).optional(),
  iat: z.number(),
  /** Expiry (ms since the epoch); moderator tokens have one, checked with their appointment. */
  exp: z.number().optional(),
});
export type TokenClaims = z.infer<typeof claimsSchema>;

export class TokenSigner {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('Token secret must be at least 32 bytes.');
  }

  sign(claims: TokenClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `v1.${body}.${this.mac(body)}`;
  }

  /** The claims, or null when the token is malformed or its signature does not match. */
  verify(token: string): TokenClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== 'v1') return null;
    const [, body = '', mac = ''] = parts;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const parsed = claimsSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

export function newUserId(prefix: 'v' | 'm'): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}

/** Reads `<dataDir>/room-secret`, creating it (0600) on first run. */
export function loadOrCreateSecret(dataDir: string | null): Buffer {
  if (!dataDir) return randomBytes(32);
  const file = path.join(dataDir, 'room-secret');
  if (existsSync(file)) {
    const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    if (secret.length >= 32) return secret;
    throw new Error(`${file} is not a valid secret. Delete it to create a new one (viewers get new identities).`);
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
  return secret;
}
