/**
 * Pure FLV demuxer for what node-media-server hands its subscribers: the FLV header, then tags (in
 * any chunking). H.264 comes out as Annex B access units (with SPS/PPS in front of every keyframe,
 * so each segment and independent part decodes on its own), AAC as ADTS frames: the two forms an
 * MPEG-TS stream carries. Other codecs are reported once and skipped, never a crash.
 */

export interface VideoFrame {
  kind: 'video';
  /** Milliseconds, the FLV timeline. */
  dts: number;
  pts: number;
  keyframe: boolean;
  /** Annex B: AUD, [SPS, PPS,] NAL units, each after a 4-byte start code. */
  data: Buffer;
}

export interface AudioFrame {
  kind: 'audio';
  dts: number;
  pts: number;
  /** One ADTS frame. */
  data: Buffer;
  sampleRate: number;
}

export type MediaFrame = VideoFrame | AudioFrame;

export interface FlvDemuxerEvents {
  frame(f: MediaFrame): void;
  /** Something we cannot package (another codec, a malformed header); said once per kind. */
  unsupported(what: string): void;
}

export class FlvFormatError extends Error {}

const TAG_AUDIO = 8;
const TAG_VIDEO = 9;
const START_CODE = Buffer.from([0, 0, 0, 1]);
// Access unit delimiter (primary_pic_type 7 = any): Apple's TS packaging rules want one per frame.
const AUD = Buffer.from([0, 0, 0, 1, 0x09, 0xf0]);
const AAC_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

interface AvcConfig {
  lengthSize: number;
  /** SPS and PPS as Annex B, ready to put in front of a keyframe. */
  parameterSets: Buffer;
}

interface AacConfig {
  objectType: number;
  rateIndex: number;
  channels: number;
}

export class FlvDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private headerDone = false;
  private avc: AvcConfig | null = null;
  private aac: AacConfig | null = null;
  private readonly warned = new Set<string>();

  constructor(private readonly on: FlvDemuxerEvents) {}

  get hasVideoConfig(): boolean {
    return this.avc !== null;
  }

  get hasAudioConfig(): boolean {
    return this.aac !== null;
  }

  /** Feed bytes; throws FlvFormatError on a stream that is not FLV (the caller drops the feed). */
  push(chunk: Buffer): void {
    // At most one tag (≤ 16 MB, FLV's 24-bit size) is ever held here.
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let off = 0;
    if (!this.headerDone) {
      if (this.pending.length < 13) return;
      if (this.pending.toString('latin1', 0, 3) !== 'FLV') throw new FlvFormatError('not an FLV stream (no "FLV" signature)');
      off = this.pending.readUInt32BE(5) + 4; // header size, then PreviousTagSize0
      this.headerDone = true;
    }
    while (this.pending.length - off >= 11) {
      const type = this.pending[off]! & 0x1f;
      const size = this.pending.readUIntBE(off + 1, 3);
      if (this.pending.length - off < 11 + size + 4) break;
      const ts = (this.pending.readUIntBE(off + 4, 3) | (this.pending[off + 7]! << 24)) >>> 0;
      const body = this.pending.subarray(off + 11, off + 11 + size);
      off += 11 + size + 4;
      if (type === TAG_VIDEO) this.video(ts, body);
      else if (type === TAG_AUDIO) this.audio(ts, body);
      // script data (onMetaData) carries nothing the packager needs
    }
    this.pending = off >= this.pending.length ? Buffer.alloc(0) : Buffer.from(this.pending.subarray(off));
  }

  private warn(what: string): void {
    if (this.warned.has(what)) return;
    this.warned.add(what);
    this.on.unsupported(what);
  }

  private video(ts: number, b: Buffer): void {
    if (b.length < 5) return;
    if (b[0]! & 0x80) return this.warn('enhanced-RTMP video (HEVC/AV1): only H.264 is packaged as HLS');
    const frameType = b[0]! >> 4;
    const codec = b[0]! & 0x0f;
    if (codec !== 7) return this.warn(`video codec id ${codec}: only H.264 is packaged as HLS`);
    const packetType = b[1]!;
    const cts = (b.readIntBE(2, 3));
    const payload = b.subarray(5);
    if (packetType === 0) {
      this.avc = parseAvcConfig(payload);
      if (!this.avc) this.warn('malformed H.264 decoder configuration');
      return;
    }
    if (packetType !== 1 || !this.avc) return;
    const keyframe = frameType === 1;
    const parts: Buffer[] = [AUD];
    let sawSps = false;
    const nalus: Buffer[] = [];
    const n = this.avc.lengthSize;
    for (let p = 0; p + n <= payload.length;) {
      const len = payload.readUIntBE(p, n);
      p += n;
      if (len === 0 || p + len > payload.length) break; // truncated: keep what was whole
      const nalu = payload.subarray(p, p + len);
      p += len;
      const t = nalu[0]! & 0x1f;
      if (t === 9) continue; // our own AUD goes first
      if (t === 7) sawSps = true;
      nalus.push(nalu);
    }
    if (nalus.length === 0) return;
    if (keyframe && !sawSps) parts.push(this.avc.parameterSets);
    for (const nalu of nalus) parts.push(START_CODE, nalu);
    this.on.frame({ kind: 'video', dts: ts, pts: ts + cts, keyframe, data: Buffer.concat(parts) });
  }

  private audio(ts: number, b: Buffer): void {
    if (b.length < 2) return;
    const format = b[0]! >> 4;
    if (format !== 10) return this.warn(`audio format ${format}: only AAC is packaged as HLS`);
    if (b[1] === 0) {
      // ffmpeg copying from MPEG-TS sends an empty configuration first and the real one with the
      // first audio packet: an empty one changes nothing.
      if (b.length === 2) return;
      this.aac = parseAudioSpecificConfig(b.subarray(2));
      if (!this.aac) this.warn(`unsupported AAC configuration (${b.subarray(2, 8).toString('hex')})`);
      return;
    }
    if (!this.aac) return;
    const raw = b.subarray(2);
    if (raw.length === 0 || raw.length + 7 > 0x1fff) return;
    this.on.frame({ kind: 'audio', dts: ts, pts: ts, data: Buffer.concat([adtsHeader(this.aac, raw.length), raw]), sampleRate: AAC_RATES[this.aac.rateIndex]! });
  }
}

/** AVCDecoderConfigurationRecord (ISO 14496-15) → NAL length size and Annex B SPS/PPS. */
export function parseAvcConfig(b: Buffer): AvcConfig | null {
  if (b.length < 7 || b[0] !== 1) return null;
  const lengthSize = (b[4]! & 3) + 1;
  const sets: Buffer[] = [];
  let p = 5;
  for (const countMask of [0x1f, 0xff]) {
    if (p >= b.length) return null;
    const count = b[p++]! & countMask;
    for (let i = 0; i < count; i++) {
      if (p + 2 > b.length) return null;
      const len = b.readUInt16BE(p);
      p += 2;
      if (p + len > b.length) return null;
      sets.push(START_CODE, b.subarray(p, p + len));
      p += len;
    }
  }
  return sets.length ? { lengthSize, parameterSets: Buffer.concat(sets) } : null;
}

function parseAudioSpecificConfig(b: Buffer): AacConfig | null {
  if (b.length < 2) return null;
  const objectType = b[0]! >> 3;
  const rateIndex = ((b[0]! & 7) << 1) | (b[1]! >> 7);
  const channels = (b[1]! >> 3) & 0x0f;
  // Escape codes (object type 31, explicit rate 15) and channel config 0 need a PCE: not for ADTS here.
  if (objectType === 0 || objectType === 31 || rateIndex >= AAC_RATES.length || channels === 0 || channels > 7) return null;
  return { objectType, rateIndex, channels };
}

/** 7-byte ADTS header without CRC. ADTS has 2 bits for the profile: AAC Main, LC, SSR, LTP. */
export function adtsHeader(c: AacConfig, payloadLength: number): Buffer {
  const len = payloadLength + 7;
  const profile = c.objectType <= 4 ? c.objectType - 1 : 1; // HE-AAC signals its core (LC) here
  return Buffer.from([
    0xff, 0xf1,
    (profile << 6) | (c.rateIndex << 2) | ((c.channels >> 2) & 1),
    ((c.channels & 3) << 6) | ((len >> 11) & 3),
    (len >> 3) & 0xff,
    ((len & 7) << 5) | 0x1f,
    0xfc,
  ]);
}
