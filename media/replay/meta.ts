/**
 * What the relay keeps on disk for one archived publish, under `<data>/vod/<room>/<session>/`:
 * `0.ts`, `1.ts`, … (MPEG-TS segments exactly as live viewers got them), `segments.jsonl` (one line
 * per segment, appended while live: what a crash leaves behind), and once the publish ended
 * `index.m3u8` (VOD) and `meta.json` (below). Files are read back through zod: a damaged or foreign
 * file is skipped, never trusted.
 */
import path from 'node:path';
import { z } from 'zod';
import { ROOM_ID_PATTERN } from '../../common/room-protocol';
import { SESSION_ID_PATTERN } from '../../common/replay';

export const segmentLineSchema = z.object({
  i: z.number().int().min(0),
  d: z.number().min(0).max(600),
  pdt: z.number().int().min(0),
  bytes: z.number().int().min(0),
  disc: z.boolean().optional(),
});
export type SegmentLine = z.infer<typeof segmentLineSchema>;

export const metaSchema = z.object({
  v: z.literal(1),
  room: z.string().regex(ROOM_ID_PATTERN),
  session: z.number().int().min(1),
  startedAt: z.number().int().min(0),
  endedAt: z.number().int().min(0),
  /** Seq of the room log's offline mark; null when the relay stopped mid-stream (found in the log instead). */
  endSeq: z.number().int().min(1).nullable(),
  interrupted: z.boolean(),
  duration: z.number().min(0),
  bytes: z.number().int().min(0),
  segments: z.array(z.object({ d: z.number().min(0), pdt: z.number().int(), bytes: z.number().int().min(0), disc: z.boolean().optional() })),
});
export type VodMeta = z.infer<typeof metaSchema>;

export const isSessionId = (s: string): boolean => SESSION_ID_PATTERN.test(s);

/** The folder of a session; callers pass ids that match ROOM_ID_PATTERN / SESSION_ID_PATTERN only. */
export function sessionDir(root: string, room: string, session: number): string {
  if (!ROOM_ID_PATTERN.test(room) || !Number.isSafeInteger(session) || session < 1) throw new Error(`bad VOD path ${room}/${session}`);
  return path.join(root, room, String(session));
}
