/**
 * Rooms and their stream keys. A room id is also the RTMP stream name; its key authorises publishing
 * (and, for the room hub, the owner). Keys are generated when absent and stored in the data folder so
 * that a restart keeps the key a streamer already pasted into OBS.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ROOM_ID_PATTERN } from '../../common/room-protocol';
import { secretEquals } from '../net/secret';

const roomsFileSchema = z.object({
  rooms: z.record(z.string().regex(ROOM_ID_PATTERN), z.object({ key: z.string().min(8), createdAt: z.number() })),
});

export interface RoomConfig {
  id: string;
  /** Explicit key (from `--key` or settings); generated when absent. */
  key?: string | undefined;
}

export function generateStreamKey(): string {
  return randomBytes(12).toString('base64url');
}

export class RoomRegistry {
  private readonly keys = new Map<string, string>();

  constructor(private readonly file: string | null, rooms: RoomConfig[]) {
    const stored = file ? readRoomsFile(file) : {};
    for (const r of rooms) {
      if (!ROOM_ID_PATTERN.test(r.id)) throw new Error(`Room id "${r.id}" is invalid: use 1-64 letters, digits, "_" or "-".`);
      this.keys.set(r.id, r.key ?? stored[r.id]?.key ?? generateStreamKey());
    }
    this.save();
  }

  ids(): string[] {
    return [...this.keys.keys()];
  }

  has(room: string): boolean {
    return this.keys.has(room);
  }

  key(room: string): string | undefined {
    return this.keys.get(room);
  }

  /** Constant-time comparison (length included): a key is a password. */
  verifyKey(room: string, key: unknown): boolean {
    const expected = this.keys.get(room);
    return expected !== undefined && secretEquals(expected, key);
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const data = { rooms: Object.fromEntries([...this.keys].map(([id, key]) => [id, { key, createdAt: Date.now() }])) };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

function readRoomsFile(file: string): Record<string, { key: string }> {
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read ${file}: ${(err as Error).message}. Fix or delete the file (keys will be regenerated).`);
  }
  const parsed = roomsFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${file} is not a valid rooms file (${parsed.error.issues[0]?.message}). Fix or delete it (keys will be regenerated).`);
  }
  return parsed.data.rooms;
}
