/**
 * Runtime shapes of everything a client may send. Objects are strict (unknown keys refused) and every
 * string has a hard cap before normalisation, so oversized or odd payloads fail fast with `invalid`.
 */
import { z } from 'zod';
import { ROOM_ID_PATTERN } from '../../common/room-protocol';

// Generous raw caps: the real text limit (configurable) is applied after normalisation.
const RAW_TEXT_MAX = 2000;
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const userId = z.string().min(1).max(64);

export const handshakeSchema = z.object({
  room: z.string().regex(ROOM_ID_PATTERN, 'room must be 1-64 letters, digits, "_" or "-"'),
  token: z.string().max(1000).optional(),
  name: z.string().max(200).optional(),
  key: z.string().max(200).optional(),
  client: z.enum(['viewer', 'overlay', 'replay']).optional(),
});

export const danmakuRequestSchema = z.object({
  text: z.string().max(RAW_TEXT_MAX),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'color must be #rrggbb').optional(),
  mode: z.enum(['scroll', 'top', 'bottom']).optional(),
}).strict();

export const giftRequestSchema = (countMin: number, countMax: number) => z.object({
  giftId: z.string().min(1).max(64),
  count: z.number().int().min(countMin, `count must be at least ${countMin}`).max(countMax, `count must be at most ${countMax}`),
}).strict();

export const likeRequestSchema = (countMax: number) => z.object({
  count: z.number().int().min(1).max(countMax),
}).strict();

export const historyRequestSchema = (maxLimit: number) => z.object({
  since: seq,
  limit: z.number().int().min(1).max(maxLimit).optional(),
}).strict();

export const banRequestSchema = z.object({ userId, reason: z.string().max(200).optional() }).strict();
export const unbanRequestSchema = z.object({ userId }).strict();
export const deleteRequestSchema = z.object({ seq: seq.min(1) }).strict();
export const moderatorTokenRequestSchema = z.object({
  name: z.string().min(1).max(200),
  ttlSeconds: z.number().int().min(60).max(10 * 365 * 86_400).optional(),
}).strict();
export const revokeModeratorRequestSchema = z.object({ userId }).strict();
export const emptyRequestSchema = z.object({}).strict();
export const roomTitleRequestSchema = z.object({ title: z.string().max(RAW_TEXT_MAX) }).strict();

export const historyQuerySchema = (maxLimit: number) => z.object({
  since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(maxLimit).default(100),
});

/** First issue as one readable line, e.g. `count: count must be at least 1`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request.';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
