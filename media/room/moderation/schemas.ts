/** Runtime shapes of the moderation requests (strict objects, bounded strings and lists). */
import { z } from 'zod';

const userId = z.string().min(1).max(64);
/** Timeouts from 1 s to 30 days, or "until the stream ends". */
const seconds = z.union([z.number().int().min(1).max(30 * 86_400), z.literal('stream')]);
const reason = z.string().max(200).optional();

export const timeoutRequestSchema = z.object({ userId, seconds, reason }).strict();
export const reviewRequestSchema = z.object({ holdId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), approve: z.boolean() }).strict();
export const bulkRequestSchema = z.object({
  action: z.enum(['timeout', 'ban', 'hold', 'release']),
  userIds: z.array(userId).min(1).max(200),
  seconds: seconds.optional(),
  reason,
}).strict().refine((b) => b.action !== 'timeout' || b.seconds !== undefined, { message: 'a timeout needs seconds', path: ['seconds'] });
export const auditRequestSchema = (maxLimit: number) => z.object({
  since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.number().int().min(1).max(maxLimit).optional(),
}).strict();
export const auditQuerySchema = (maxLimit: number) => z.object({
  since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(maxLimit).default(100),
});
