import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlvDemuxer, FlvFormatError, type MediaFrame } from '../../media/hls/flv-demux';
import { crc32mpeg, PID_AUDIO, PID_PMT, PID_VIDEO, TsMuxer } from '../../media/hls/ts-mux';
import { aacFrame, aacSequenceHeader, avcFrame, avcSequenceHeader, flvHeader, flvTag, PPS, SPS } from '../helpers/flv-fixtures';

function demux(chunks: Buffer[]) {
  const frames: MediaFrame[] = [];
  const unsupported: string[] = [];
  const d = new FlvDemuxer({ frame: (f) => frames.push(f), unsupported: (w) => unsupported.push(w) });
  for (const c of chunks) d.push(c);
  return { frames, unsupported, d };
}

const IDR = Buffer.from([0x65, 0x88, 0x84, 0x00]);
const SLICE = Buffer.from([0x41, 0x9a, 0x02]);
const SEI = Buffer.from([0x06, 0x05, 0x01, 0x00]);

test('H.264 in AVCC becomes Annex B with an AUD, and SPS/PPS in front of every keyframe', () => {
  const stream = Buffer.concat([flvHeader(), avcSequenceHeader(), avcFrame(0, true, [SEI, IDR]), avcFrame(33, false, [SLICE], 66)]);
  // Any chunking gives the same frames: NMS may split or merge writes.
  for (const size of [stream.length, 7, 1]) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < stream.length; i += size) chunks.push(stream.subarray(i, i + size));
    const { frames } = demux(chunks);
    assert.equal(frames.length, 2, `chunks of ${size}`);
    const [key, inter] = frames as [Extract<MediaFrame, { kind: 'video' }>, Extract<MediaFrame, { kind: 'video' }>];
    const sc = Buffer.from([0, 0, 0, 1]);
    assert.deepEqual(key.data, Buffer.concat([sc, Buffer.from([0x09, 0xf0]), sc, SPS, sc, PPS, sc, SEI, sc, IDR]));
    assert.deepEqual(inter.data, Buffer.concat([sc, Buffer.from([0x09, 0xf0]), sc, SLICE]));
    assert.deepEqual([key.keyframe, inter.keyframe, inter.dts, inter.pts], [true, false, 33, 99], 'composition time offset gives pts');
  }
});

test('AAC raw frames get a 7-byte ADTS header with the right profile, rate, channels and length', () => {
  const payload = Buffer.alloc(300, 0x5a);
  const { frames } = demux([flvHeader(), aacSequenceHeader(), aacFrame(21, payload)]);
  assert.equal(frames.length, 1);
  const f = frames[0]!;
  assert.equal(f.kind, 'audio');
  const h = f.data.subarray(0, 7);
  assert.equal(h.readUInt16BE(0) & 0xfff6, 0xfff0, 'ADTS sync word, MPEG-4, layer 0');
  assert.equal(h[1]! & 1, 1, 'no CRC');
  assert.equal(h[2]! >> 6, 1, 'AAC-LC (object type 2) is ADTS profile 1');
  assert.equal((h[2]! >> 2) & 0xf, 3, '48 kHz is sampling index 3');
  assert.equal(((h[2]! & 1) << 2) | (h[3]! >> 6), 2, 'stereo');
  assert.equal(((h[3]! & 3) << 11) | (h[4]! << 3) | (h[5]! >> 5), 307, 'frame length includes the header');
  assert.deepEqual(f.data.subarray(7), payload);
});

test('frames before their codec configuration, other codecs and script tags are skipped; a non-FLV stream is refused', () => {
  const hevc = flvTag(9, 0, Buffer.from([0x1c, 1, 0, 0, 0, 1, 2, 3]));
  const mp3 = flvTag(8, 0, Buffer.from([0x2f, 0xff, 0xfb]));
  const meta = flvTag(18, 0, Buffer.from([2, 0, 10, ...Buffer.from('onMetaData')]));
  const { frames, unsupported } = demux([flvHeader(), meta, avcFrame(0, true, [IDR]), hevc, hevc, mp3]);
  assert.equal(frames.length, 0);
  assert.deepEqual(unsupported, ['video codec id 12: only H.264 is packaged as HLS', 'audio format 2: only AAC is packaged as HLS'], 'each problem is said once');
  assert.throws(() => demux([Buffer.from('GET / HTTP/1.1\r\n\r\n')]), FlvFormatError);
  // A truncated NALU length keeps the whole NALUs before it and does not throw.
  const bad = flvTag(9, 40, Buffer.concat([Buffer.from([0x27, 1, 0, 0, 0, 0, 0, 0, 3]), SLICE, Buffer.from([0, 0, 9, 9, 1])]));
  assert.equal(demux([flvHeader(), avcSequenceHeader(), bad]).frames.length, 1);
});

/** Parse TS packets back: what a demuxer such as ffmpeg's or hls.js's checks. */
function packets(ts: Buffer) {
  assert.equal(ts.length % 188, 0, 'whole 188-byte packets');
  const out = [];
  for (let i = 0; i < ts.length; i += 188) {
    const p = ts.subarray(i, i + 188);
    assert.equal(p[0], 0x47, 'sync byte');
    const afc = (p[3]! >> 4) & 3;
    const afLen = afc & 2 ? p[4]! + 1 : 0;
    out.push({ pid: ((p[1]! & 0x1f) << 8) | p[2]!, pusi: !!(p[1]! & 0x40), cc: p[3]! & 0xf, afc, pcr: afc & 2 && p[4]! > 0 && p[5]! & 0x10 ? p.readUInt32BE(6) * 2 + (p[10]! >> 7) : null, payload: p.subarray(4 + afLen) });
  }
  return out;
}

function ptsOf(pes: Buffer): number {
  const b = pes.subarray(9, 14);
  return ((b[0]! >> 1) & 7) * 2 ** 30 + (b[1]! << 22) + ((b[2]! >> 1) << 15) + (b[3]! << 7) + (b[4]! >> 1);
}

test('the TS muxer writes PAT/PMT with valid CRCs, PES with PTS/DTS, PCR on video, and continuity counters that run on', () => {
  const mux = new TsMuxer({ video: true, audio: true });
  const big = Buffer.alloc(1000, 7);
  const ts = Buffer.concat([mux.tables(), mux.video(0, 66, true, big), mux.audio(10, Buffer.alloc(200, 1)), mux.tables(), mux.video(33, 33, false, Buffer.alloc(10, 2))]);
  const ps = packets(ts);
  const pat = ps[0]!;
  assert.equal(pat.pid, 0);
  const patSec = pat.payload.subarray(1, 1 + 3 + (((pat.payload[2]! & 0xf) << 8) | pat.payload[3]!));
  assert.equal(crc32mpeg(patSec), 0, 'PAT CRC (a section including its CRC checks to 0)');
  assert.equal(((patSec[10]! & 0x1f) << 8) | patSec[11]!, PID_PMT);
  const pmt = ps[1]!;
  const pmtSec = pmt.payload.subarray(1, 1 + 3 + (((pmt.payload[2]! & 0xf) << 8) | pmt.payload[3]!));
  assert.equal(crc32mpeg(pmtSec), 0, 'PMT CRC');
  assert.equal(((pmtSec[8]! & 0x1f) << 8) | pmtSec[9]!, PID_VIDEO, 'PCR on the video PID');
  assert.deepEqual([pmtSec[12], pmtSec[17]], [0x1b, 0x0f], 'H.264 and AAC stream types');

  // Continuity counters per PID increase by one per payload-carrying packet, across calls.
  const last = new Map<number, number>();
  for (const p of ps) {
    if (last.has(p.pid)) assert.equal(p.cc, (last.get(p.pid)! + 1) & 0xf, `cc of PID ${p.pid}`);
    last.set(p.pid, p.cc);
  }
  const video = ps.filter((p) => p.pid === PID_VIDEO);
  assert.equal(video[0]!.pusi, true);
  const pes = Buffer.concat(video.slice(0, -1).map((p) => p.payload));
  assert.deepEqual(pes.subarray(0, 4), Buffer.from([0, 0, 1, 0xe0]));
  assert.equal(pes[7]! >> 6, 3, 'PTS and DTS both present when they differ');
  assert.equal(ptsOf(pes) - 90_000, 66 * 90, 'PTS in 90 kHz (after the fixed start offset)');
  assert.deepEqual(pes.subarray(19, 19 + big.length), big, 'payload intact across packets, stuffing only in adaptation fields');
  assert.equal(video[0]!.pcr, 90_000 - 9000, 'PCR a little before the first DTS');
  const audio = ps.filter((p) => p.pid === PID_AUDIO);
  const apes = Buffer.concat(audio.map((p) => p.payload));
  assert.equal(apes.readUInt16BE(4), 3 + 5 + 200, 'audio PES length');
  assert.equal(ptsOf(apes) - 90_000, 900);
});
