/**
 * Rasterised text layers (see common/scene.ts TextRasterSchema): PNGs the studio UI drew with the
 * platform's fonts, sent through the studio API and kept content-addressed in <data>/text-images.
 * The PNG is untrusted IPC input: its size is capped before decoding base64, and only a well-formed
 * PNG (signature, IHDR first with sane dimensions, IEND last) is stored; ffmpeg never sees anything else.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../common/studio-api';

/** Text rasters compress well (mostly transparent); this is far above a full-canvas title. */
export const MAX_TEXT_IMAGE_BYTES = 512 * 1024;
export const MAX_TEXT_IMAGE_SIDE = { width: 3840, height: 2160 } as const;
/** Base64 of MAX_TEXT_IMAGE_BYTES (4 characters per 3 bytes). */
export const MAX_TEXT_IMAGE_BASE64 = Math.ceil(MAX_TEXT_IMAGE_BYTES / 3) * 4;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const VALID_COLOUR = new Map<number, number[]>([[0, [1, 2, 4, 8, 16]], [2, [8, 16]], [3, [1, 2, 4, 8]], [4, [8, 16]], [6, [8, 16]]]);

export interface PngInfo { width: number; height: number }

function refuse(why: string): never {
  throw new StudioError('invalid', `The text image was refused: ${why}. Edit the text layer again to redraw it.`, [], { code: 'text-image-refused', params: { why } });
}

/** Checks that `buf` is one whole PNG within the caps; returns its size. Throws StudioError('invalid'). */
export function validatePng(buf: Buffer): PngInfo {
  if (buf.length > MAX_TEXT_IMAGE_BYTES) refuse(`it is ${buf.length} bytes, more than ${MAX_TEXT_IMAGE_BYTES}`);
  if (buf.length < 8 + 25 + 12 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) refuse('it is not a PNG file');
  if (buf.readUInt32BE(8) !== 13 || buf.toString('latin1', 12, 16) !== 'IHDR') refuse('its header (IHDR) is missing');
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const depth = buf[24]!;
  const colour = buf[25]!;
  if (width < 1 || height < 1 || width > MAX_TEXT_IMAGE_SIDE.width || height > MAX_TEXT_IMAGE_SIDE.height) {
    refuse(`it is ${width}×${height} pixels; at most ${MAX_TEXT_IMAGE_SIDE.width}×${MAX_TEXT_IMAGE_SIDE.height}`);
  }
  if (!VALID_COLOUR.get(colour)?.includes(depth) || buf[26] !== 0 || buf[27] !== 0 || buf[28]! > 1) refuse('its header is not valid');
  // Walk the chunks: each length must fit, and the file must end exactly with IEND.
  let at = 8;
  let ended = false;
  while (at + 12 <= buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (!/^[A-Za-z]{4}$/.test(type) || at + 12 + len > buf.length) refuse('a chunk is cut off or damaged');
    at += 12 + len;
    if (type === 'IEND') {
      ended = at === buf.length;
      break;
    }
  }
  if (!ended) refuse('it does not end where a PNG ends');
  return { width, height };
}

/** Decodes the API's base64 string (length checked first, so a huge string is never decoded). */
export function decodePngBase64(b64: string): Buffer {
  if (b64.length > MAX_TEXT_IMAGE_BASE64) refuse(`it is larger than ${MAX_TEXT_IMAGE_BYTES} bytes`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) refuse('it is not base64');
  return Buffer.from(b64, 'base64');
}

export class TextImageStore {
  constructor(readonly dir: string) {}

  /** Stores a PNG (base64) once under its SHA-256; returns the id and size. */
  save(pngBase64: string): { id: string; width: number; height: number } {
    const buf = decodePngBase64(pngBase64);
    const { width, height } = validatePng(buf);
    const id = createHash('sha256').update(buf).digest('hex');
    const file = this.file(id);
    if (!existsSync(file)) {
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, buf);
      renameSync(tmp, file); // atomic: ffmpeg never reads half a file
    }
    return { id, width, height };
  }

  /** The stored file for an id, or null (ids are validated hex, so this never leaves the folder). */
  pathFor(id: string): string | null {
    if (!/^[0-9a-f]{64}$/.test(id)) return null;
    const file = this.file(id);
    return existsSync(file) ? file : null;
  }

  /** Removes images no scene uses any more (older than `graceMs`, so a fresh upload about to be saved stays). */
  prune(inUse: ReadonlySet<string>, graceMs = 60 * 60 * 1000, now = Date.now()): number {
    let removed = 0;
    let names: string[] = [];
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const id = /^([0-9a-f]{64})\.png$/.exec(name)?.[1];
      if (!id || inUse.has(id)) continue;
      const file = path.join(this.dir, name);
      try {
        if (now - statSync(file).mtimeMs < graceMs) continue;
        rmSync(file, { force: true });
        removed++;
      } catch {
        /* gone already */
      }
    }
    return removed;
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.png`);
  }
}
