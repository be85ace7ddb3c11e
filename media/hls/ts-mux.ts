/**
 * Pure MPEG-TS muxer (ISO 13818-1) for one program with H.264 and/or AAC, the container every HLS
 * player and ffmpeg 4.1 read. Why TS and not fMP4: a TS part is self-describing (PAT/PMT in front,
 * no init segment to version), hls.js and ffmpeg's hls demuxer both play it, and each frame can be
 * written the moment it arrives without knowing the part's length. Continuity counters run across
 * parts, so the parts of a segment concatenated are exactly the segment.
 */

export const PID_PMT = 0x1000;
export const PID_VIDEO = 0x100;
export const PID_AUDIO = 0x101;
const PACKET = 188;
/** Timestamps start here (90 kHz) so that pts − dts and a PCR a little before the dts stay positive. */
const TS_OFFSET = 90_000;
const WRAP = 2 ** 33;

export interface TsMuxerOptions {
  video: boolean;
  audio: boolean;
}

export class TsMuxer {
  private readonly cc = new Map<number, number>();
  private readonly pcrPid: number;

  constructor(private readonly opts: TsMuxerOptions) {
    if (!opts.video && !opts.audio) throw new Error('TsMuxer needs a video or an audio stream');
    this.pcrPid = opts.video ? PID_VIDEO : PID_AUDIO;
  }

  /** PAT and PMT: written at the start of every part so that each part can be demuxed alone. */
  tables(): Buffer {
    const pat = section(0x00, 1, Buffer.from([0x00, 0x01, 0xe0 | (PID_PMT >> 8), PID_PMT & 0xff]));
    const streams: number[] = [];
    if (this.opts.video) streams.push(0x1b, 0xe0 | (PID_VIDEO >> 8), PID_VIDEO & 0xff, 0xf0, 0x00);
    if (this.opts.audio) streams.push(0x0f, 0xe0 | (PID_AUDIO >> 8), PID_AUDIO & 0xff, 0xf0, 0x00);
    const pmt = section(0x02, 1, Buffer.from([0xe0 | (this.pcrPid >> 8), this.pcrPid & 0xff, 0xf0, 0x00, ...streams]));
    return Buffer.concat([this.packets(0, pat, { unitStart: true, psi: true }), this.packets(PID_PMT, pmt, { unitStart: true, psi: true })]);
  }

  /** One access unit as a PES; times in ms. */
  video(dtsMs: number, ptsMs: number, keyframe: boolean, annexB: Buffer): Buffer {
    const dts = to90k(dtsMs);
    const pts = to90k(ptsMs);
    const header = pesHeader(0xe0, pts, pts !== dts ? dts : null, 0);
    // PCR on every video PES, a little before its dts (the decoder must have the frame by then).
    return this.packets(PID_VIDEO, Buffer.concat([header, annexB]), { unitStart: true, pcr: this.pcrPid === PID_VIDEO ? (dts - 9000 + WRAP) % WRAP : undefined, randomAccess: keyframe });
  }

  /** One ADTS frame as a PES. */
  audio(ptsMs: number, adts: Buffer): Buffer {
    const pts = to90k(ptsMs);
    const header = pesHeader(0xc0, pts, null, adts.length);
    return this.packets(PID_AUDIO, Buffer.concat([header, adts]), { unitStart: true, pcr: this.pcrPid === PID_AUDIO ? pts : undefined, randomAccess: this.pcrPid === PID_AUDIO });
  }

  private nextCc(pid: number): number {
    const v = ((this.cc.get(pid) ?? 15) + 1) & 0x0f;
    this.cc.set(pid, v);
    return v;
  }

  /** Split a payload into 188-byte packets; the last one is padded with adaptation-field stuffing. */
  private packets(pid: number, payload: Buffer, o: { unitStart: boolean; pcr?: number; randomAccess?: boolean; psi?: boolean }): Buffer {
    const out: Buffer[] = [];
    let pos = 0;
    for (let first = true; first || pos < payload.length; first = false) {
      const pkt = Buffer.alloc(PACKET, 0xff);
      pkt[0] = 0x47;
      pkt[1] = (first && o.unitStart ? 0x40 : 0) | (pid >> 8);
      pkt[2] = pid & 0xff;
      // The adaptation field: null for none, else its bytes after the length byte.
      let af: number[] | null = null;
      if (first && (o.pcr !== undefined || o.randomAccess)) {
        af = [(o.randomAccess ? 0x40 : 0) | (o.pcr !== undefined ? 0x10 : 0)];
        if (o.pcr !== undefined) af.push(...pcrBytes(o.pcr));
      }
      const capacity = PACKET - 4 - (af ? af.length + 1 : 0);
      const take = Math.min(capacity, payload.length - pos);
      const stuffing = capacity - take;
      // PSI sections end with 0xff filler after the section; PES payloads must end at the packet's
      // end, so the adaptation field grows instead (a 1-byte field is just its zero length).
      if (stuffing > 0 && !o.psi) {
        if (af) af.push(...new Array<number>(stuffing).fill(0xff));
        else af = stuffing === 1 ? [] : [0x00, ...new Array<number>(stuffing - 2).fill(0xff)];
      }
      let at = 4;
      if (af) {
        pkt[at++] = af.length;
        for (const v of af) pkt[at++] = v;
      }
      payload.copy(pkt, at, pos, pos + take);
      pkt[3] = (af ? 0x30 : 0x10) | this.nextCc(pid);
      out.push(pkt);
      pos += take;
    }
    return Buffer.concat(out);
  }
}

function to90k(ms: number): number {
  return (Math.round(ms * 90) + TS_OFFSET) % WRAP;
}

function pesHeader(streamId: number, pts: number, dts: number | null, payloadLength: number): Buffer {
  const optLen = dts === null ? 5 : 10;
  const h = Buffer.alloc(9 + optLen);
  h[2] = 0x01;
  h[3] = streamId;
  // Video PES may leave the length 0 (unbounded); audio frames always fit.
  const len = payloadLength > 0 ? 3 + optLen + payloadLength : 0;
  h.writeUInt16BE(len > 0xffff ? 0 : len, 4);
  h[6] = 0x80;
  h[7] = dts === null ? 0x80 : 0xc0;
  h[8] = optLen;
  writeTimestamp(h, 9, dts === null ? 0x2 : 0x3, pts);
  if (dts !== null) writeTimestamp(h, 14, 0x1, dts);
  return h;
}

function writeTimestamp(b: Buffer, at: number, prefix: number, t: number): void {
  const hi = Math.floor(t / 2 ** 30) & 0x7;
  const lo = t % 2 ** 30;
  b[at] = (prefix << 4) | (hi << 1) | 1;
  b[at + 1] = (lo >> 22) & 0xff;
  b[at + 2] = (((lo >> 15) & 0x7f) << 1) | 1;
  b[at + 3] = (lo >> 7) & 0xff;
  b[at + 4] = ((lo & 0x7f) << 1) | 1;
}

function pcrBytes(base: number): number[] {
  const hi = Math.floor(base / 2); // top 32 of 33 bits
  return [(hi >>> 24) & 0xff, (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff, ((base & 1) << 7) | 0x7e, 0x00];
}

/** A PSI section with the syntax header, version 0, one section, and its CRC. */
function section(tableId: number, idExt: number, body: Buffer): Buffer {
  const len = 5 + body.length + 4;
  const head = Buffer.from([0x00, tableId, 0xb0 | (len >> 8), len & 0xff, idExt >> 8, idExt & 0xff, 0xc1, 0x00, 0x00]);
  const sec = Buffer.concat([head, body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32mpeg(sec.subarray(1)));
  return Buffer.concat([sec, crc]);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

export function crc32mpeg(b: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of b) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc >>> 0;
}
