/**
 * MPEG-TS packet fields the program bus reads and rewrites in place (ISO/IEC 13818-1): PID, payload
 * unit start, continuity counter, adaptation field (random access indicator, PCR) and the PES
 * header's stream id, PTS and DTS. Pure; every function checks its bounds and treats a malformed
 * packet as "no such field" rather than throwing.
 */

export const TS_PACKET = 188;
export const TS_SYNC = 0x47;
/** PTS, DTS and PCR bases count a 90 kHz clock in 33 bits. */
export const TS_WRAP = 2 ** 33;

export function pid(p: Uint8Array): number {
  return ((p[1]! & 0x1f) << 8) | p[2]!;
}

export function unitStart(p: Uint8Array): boolean {
  return (p[1]! & 0x40) !== 0;
}

export function hasPayload(p: Uint8Array): boolean {
  return (p[3]! & 0x10) !== 0;
}

function hasAdaptation(p: Uint8Array): boolean {
  return (p[3]! & 0x20) !== 0;
}

export function continuity(p: Uint8Array): number {
  return p[3]! & 0x0f;
}

export function setContinuity(p: Uint8Array, cc: number): void {
  p[3] = (p[3]! & 0xf0) | (cc & 0x0f);
}

/** Where the payload starts, or -1 when there is none (or the adaptation field is malformed). */
export function payloadOffset(p: Uint8Array): number {
  if (!hasPayload(p)) return -1;
  if (!hasAdaptation(p)) return 4;
  const at = 5 + p[4]!;
  return at < TS_PACKET ? at : -1;
}

/** The adaptation field's flags byte, or 0 when there is none. */
function adaptationFlags(p: Uint8Array): number {
  return hasAdaptation(p) && p[4]! > 0 ? p[5]! : 0;
}

/** random_access_indicator: ffmpeg's muxer sets it on the first packet of every key frame. */
export function randomAccess(p: Uint8Array): boolean {
  return (adaptationFlags(p) & 0x40) !== 0;
}

/** The PCR base (90 kHz), or null when the packet carries no PCR. */
export function readPcr(p: Uint8Array): number | null {
  if ((adaptationFlags(p) & 0x10) === 0 || p[4]! < 7) return null;
  // 33-bit base: bytes 6-9 and the top bit of byte 10.
  return p[6]! * 2 ** 25 + p[7]! * 2 ** 17 + p[8]! * 2 ** 9 + p[9]! * 2 + (p[10]! >> 7);
}

export function writePcr(p: Uint8Array, base: number): void {
  const b = ((base % TS_WRAP) + TS_WRAP) % TS_WRAP;
  p[6] = Math.floor(b / 2 ** 25) & 0xff;
  p[7] = Math.floor(b / 2 ** 17) & 0xff;
  p[8] = Math.floor(b / 2 ** 9) & 0xff;
  p[9] = Math.floor(b / 2) & 0xff;
  p[10] = ((b & 1) << 7) | (p[10]! & 0x7f); // keep the 6 reserved bits and the extension's top bit
}

export interface PesHeader {
  streamId: number;
  pts: number | null;
  dts: number | null;
  /** Offsets of the 5-byte PTS and DTS fields in the packet (for rewriting). */
  ptsAt: number;
  dtsAt: number;
}

/** The PES header at the start of this packet's payload (a unit-start packet), or null. */
export function readPes(p: Uint8Array): PesHeader | null {
  if (!unitStart(p)) return null;
  const o = payloadOffset(p);
  if (o < 0 || o + 9 > TS_PACKET) return null;
  if (p[o] !== 0 || p[o + 1] !== 0 || p[o + 2] !== 1) return null; // PSI (PAT, PMT, SDT), not PES
  const streamId = p[o + 3]!;
  const flags = (p[o + 7]! >> 6) & 3;
  const ptsAt = o + 9;
  const dtsAt = o + 14;
  const pts = flags & 2 && ptsAt + 5 <= TS_PACKET ? readTimestamp(p, ptsAt) : null;
  const dts = flags === 3 && dtsAt + 5 <= TS_PACKET ? readTimestamp(p, dtsAt) : pts;
  return { streamId, pts, dts, ptsAt: pts === null ? -1 : ptsAt, dtsAt: flags === 3 && dts !== null ? dtsAt : -1 };
}

/** MPEG video stream ids are 0xE0-0xEF (H.264 as ffmpeg muxes it: 0xE0). */
export function isVideoStream(streamId: number): boolean {
  return (streamId & 0xf0) === 0xe0;
}

export function readTimestamp(p: Uint8Array, at: number): number {
  return ((p[at]! >> 1) & 7) * 2 ** 30 + ((p[at + 1]! << 7) | (p[at + 2]! >> 1)) * 2 ** 15 + ((p[at + 3]! << 7) | (p[at + 4]! >> 1));
}

/** Rewrites the 33-bit value of a PTS/DTS field, keeping its 4-bit prefix and marker bits. */
export function writeTimestamp(p: Uint8Array, at: number, value: number): void {
  const v = ((value % TS_WRAP) + TS_WRAP) % TS_WRAP;
  const hi = Math.floor(v / 2 ** 30);
  const mid = Math.floor(v / 2 ** 15) & 0x7fff;
  const lo = v & 0x7fff;
  p[at] = (p[at]! & 0xf0) | (hi << 1) | 1;
  p[at + 1] = mid >> 7;
  p[at + 2] = ((mid & 0x7f) << 1) | 1;
  p[at + 3] = lo >> 7;
  p[at + 4] = ((lo & 0x7f) << 1) | 1;
}

/**
 * Cuts a byte stream into whole 188-byte packets. Chunks from a pipe split packets anywhere; bytes
 * that are not on a sync byte are skipped until one is (and counted), so garbage never desyncs for long.
 */
export class PacketAligner {
  private rest: Buffer = Buffer.alloc(0);
  skipped = 0;

  push(chunk: Buffer): Buffer[] {
    let buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const out: Buffer[] = [];
    let at = 0;
    while (buf.length - at >= TS_PACKET) {
      if (buf[at] !== TS_SYNC) {
        const next = buf.indexOf(TS_SYNC, at + 1);
        const to = next < 0 ? buf.length : next;
        this.skipped += to - at;
        at = to;
        continue;
      }
      // A private copy: packets are rewritten in place and may be held while a cut is pending.
      out.push(Buffer.from(buf.subarray(at, at + TS_PACKET)));
      at += TS_PACKET;
    }
    buf = buf.subarray(at);
    this.rest = Buffer.from(buf);
    return out;
  }
}
