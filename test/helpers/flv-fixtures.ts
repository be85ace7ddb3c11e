/** Hand-built FLV tags and media frames for the packager's unit tests (what NMS would send). */
import type { MediaFrame } from '../../media/hls/flv-demux';

export const SPS = Buffer.from([0x67, 0x42, 0xc0, 0x1e, 0xda, 0x02, 0x80, 0xbf]);
export const PPS = Buffer.from([0x68, 0xce, 0x3c, 0x80]);

export function flvHeader(): Buffer {
  return Buffer.from([0x46, 0x4c, 0x56, 0x01, 0x05, 0, 0, 0, 9, 0, 0, 0, 0]);
}

export function flvTag(type: number, ts: number, body: Buffer): Buffer {
  const h = Buffer.alloc(11);
  h[0] = type;
  h.writeUIntBE(body.length, 1, 3);
  h.writeUIntBE(ts & 0xffffff, 4, 3);
  h[7] = (ts >>> 24) & 0xff;
  const prev = Buffer.alloc(4);
  prev.writeUInt32BE(11 + body.length);
  return Buffer.concat([h, body, prev]);
}

export function avcSequenceHeader(): Buffer {
  const rec = Buffer.concat([
    Buffer.from([1, SPS[1]!, SPS[2]!, SPS[3]!, 0xff, 0xe1]), u16(SPS.length), SPS,
    Buffer.from([1]), u16(PPS.length), PPS,
  ]);
  return flvTag(9, 0, Buffer.concat([Buffer.from([0x17, 0, 0, 0, 0]), rec]));
}

/** One AVC NALU frame in AVCC (4-byte lengths); cts in ms. */
export function avcFrame(ts: number, keyframe: boolean, nalus: Buffer[], cts = 0): Buffer {
  const c = Buffer.alloc(3);
  c.writeIntBE(cts, 0, 3);
  const body = Buffer.concat([Buffer.from([keyframe ? 0x17 : 0x27, 1]), c, ...nalus.flatMap((n) => [u32(n.length), n])]);
  return flvTag(9, ts, body);
}

/** AudioSpecificConfig for AAC-LC, 48 kHz, stereo. */
export function aacSequenceHeader(): Buffer {
  return flvTag(8, 0, Buffer.from([0xaf, 0, 0x11, 0x90]));
}

export function aacFrame(ts: number, payload: Buffer): Buffer {
  return flvTag(8, ts, Buffer.concat([Buffer.from([0xaf, 1]), payload]));
}

/** Demuxed frames at `fps` with a keyframe every `gop` frames, plus 48 kHz AAC frames, in arrival order. */
export function frames(opts: { seconds: number; fps: number; gop: number; audio?: boolean }): MediaFrame[] {
  const out: Array<MediaFrame & { order: number }> = [];
  const n = Math.round(opts.seconds * opts.fps);
  for (let i = 0; i < n; i++) {
    const t = Math.round((i * 1000) / opts.fps);
    out.push({ kind: 'video', dts: t, pts: t, keyframe: i % opts.gop === 0, data: Buffer.from([0, 0, 0, 1, i % opts.gop === 0 ? 0x65 : 0x41, i & 0xff]), order: t });
  }
  if (opts.audio !== false) {
    for (let k = 0; (k * 1024 * 1000) / 48000 < opts.seconds * 1000; k++) {
      const t = Math.round((k * 1024 * 1000) / 48000);
      out.push({ kind: 'audio', dts: t, pts: t, data: Buffer.from([0xff, 0xf1, 0x4c, 0x80, 0x01, 0x3f, 0xfc, k & 0xff]), sampleRate: 48000, order: t + 0.5 });
    }
  }
  return out.sort((a, b) => a.order - b.order).map(({ order: _o, ...f }) => f as MediaFrame);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
