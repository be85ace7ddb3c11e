/**
 * The program bus's splicer (media/studio/ts-splicer.ts), pure: synthetic MPEG-TS generations laid
 * out as ffmpeg's muxer writes them (PAT/PMT, video PES with random_access_indicator + PCR on key
 * frames, audio PES), spliced, and the output read back field by field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  continuity, hasPayload, isVideoStream, PacketAligner, pid, readPcr, readPes, readTimestamp, TS_PACKET, unitStart, writeTimestamp,
} from '../../media/studio/ts-packet';
import { TsSplicer } from '../../media/studio/ts-splicer';

const VIDEO = 0x100;
const AUDIO = 0x101;
const FRAME = 3600; // 25 fps in 90 kHz ticks
const AAC_PES = 1920 * 2; // two AAC frames per PES at 48 kHz: 3840 ticks... (1024/48000*90000 = 1920)

function packet(id: number, opts: { start?: boolean; key?: boolean; pcr?: number; pes?: { streamId: number; pts: number; dts?: number }; marker?: number } = {}): Buffer {
  const p = Buffer.alloc(TS_PACKET, 0xff);
  p[0] = 0x47;
  p[1] = (opts.start ? 0x40 : 0) | ((id >> 8) & 0x1f);
  p[2] = id & 0xff;
  let at = 4;
  if (opts.key || opts.pcr !== undefined) {
    p[3] = 0x30;
    const len = opts.pcr !== undefined ? 7 : 1;
    p[4] = len;
    p[5] = (opts.key ? 0x40 : 0) | (opts.pcr !== undefined ? 0x10 : 0);
    if (opts.pcr !== undefined) {
      const b = opts.pcr;
      p[6] = Math.floor(b / 2 ** 25) & 0xff; p[7] = Math.floor(b / 2 ** 17) & 0xff; p[8] = Math.floor(b / 2 ** 9) & 0xff; p[9] = Math.floor(b / 2) & 0xff;
      p[10] = ((b & 1) << 7) | 0x7e; p[11] = 0;
    }
    at = 5 + len;
  } else {
    p[3] = 0x10;
  }
  if (opts.pes) {
    const both = opts.pes.dts !== undefined && opts.pes.dts !== opts.pes.pts;
    p.set([0, 0, 1, opts.pes.streamId, 0, 0, 0x80, both ? 0xc0 : 0x80, both ? 10 : 5], at);
    p[at + 9] = both ? 0x31 : 0x21;
    writeTimestamp(p, at + 9, opts.pes.pts);
    if (both) { p[at + 14] = 0x11; writeTimestamp(p, at + 14, opts.pes.dts!); }
    at += both ? 19 : 14;
  } else if (opts.start) {
    p[at] = 0; // PSI pointer field
    at += 1;
  }
  if (opts.marker !== undefined) p[at] = opts.marker;
  return p;
}

/** One encoder generation's stream: PAT, then video frames (key frame every `gop`) with audio interleaved. */
function generation(opts: { frames: number; gop?: number; base?: number; marker: number; bframes?: boolean }): Buffer[] {
  const base = opts.base ?? 126_000; // ffmpeg starts near 1.4 s
  const gop = opts.gop ?? 25;
  const out: Buffer[] = [packet(0, { start: true, marker: opts.marker })];
  let audio = base - 1000;
  for (let i = 0; i < opts.frames; i++) {
    const dts = base + i * FRAME;
    const pts = opts.bframes ? dts + 2 * FRAME : dts;
    const key = i % gop === 0;
    out.push(packet(VIDEO, { start: true, key, pcr: key ? dts - 500 : undefined, pes: { streamId: 0xe0, pts, dts }, marker: opts.marker }));
    out.push(packet(VIDEO, { marker: opts.marker }));
    if (dts >= audio) {
      out.push(packet(AUDIO, { start: true, key: true, pes: { streamId: 0xc0, pts: audio }, marker: opts.marker }));
      out.push(packet(AUDIO, { marker: opts.marker }));
      audio += AAC_PES;
    }
  }
  return out;
}

interface Read { pid: number; marker: number; dts?: number; pts?: number; video?: boolean; cc: number; pcr: number | null; start: boolean; payload: boolean }

function read(packets: Buffer[]): Read[] {
  return packets.map((p) => {
    const pes = readPes(p);
    const o = p[3]! & 0x20 ? 5 + p[4]! : 4;
    const markerAt = pes ? o + (pes.dtsAt >= 0 ? 19 : 14) : unitStart(p) ? o + 1 : o;
    return {
      pid: pid(p), marker: p[markerAt]!, dts: pes?.dts ?? undefined, pts: pes?.pts ?? undefined, video: pes ? isVideoStream(pes.streamId) : undefined,
      cc: continuity(p), pcr: readPcr(p), start: unitStart(p), payload: hasPayload(p),
    };
  });
}

function feed(s: TsSplicer, id: number, packets: Buffer[], now: number): Buffer[] {
  return s.push(id, Buffer.concat(packets), now);
}

test('timestamp and PCR fields round-trip through write/read, across the 33-bit range', () => {
  for (const v of [0, 1, 90_000, 2 ** 32 + 12345, 2 ** 33 - 1]) {
    const p = packet(VIDEO, { start: true, key: true, pcr: v, pes: { streamId: 0xe0, pts: v, dts: Math.max(0, v - 7) } });
    const pes = readPes(p)!;
    assert.equal(pes.pts, v);
    assert.equal(pes.dts, Math.max(0, v - 7));
    assert.equal(readPcr(p), v);
    writeTimestamp(p, pes.ptsAt, v + 2 ** 33 + 5); // wraps
    assert.equal(readTimestamp(p, pes.ptsAt), (v + 5) % 2 ** 33);
  }
});

test('the aligner re-frames packets split anywhere and skips garbage up to the next sync byte', () => {
  const a = new PacketAligner();
  const bytes = Buffer.concat([Buffer.from([1, 2, 3]), ...generation({ frames: 3, marker: 7 })]);
  const got: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 100) got.push(...a.push(bytes.subarray(i, i + 100)));
  assert.equal(a.skipped, 3);
  assert.equal(got.length, generation({ frames: 3, marker: 7 }).length);
  assert.ok(got.every((p) => p[0] === 0x47 && p.length === TS_PACKET));
});

test('the first generation passes through unchanged from its first packet (PAT included)', () => {
  const s = new TsSplicer({ fps: 25 });
  s.begin(1);
  const input = generation({ frames: 30, marker: 1 });
  const out = feed(s, 1, input, 1000);
  assert.equal(out.length, input.length);
  assert.deepEqual(read(out).map((r) => r.dts), read(generation({ frames: 30, marker: 1 })).map((r) => r.dts));
  assert.equal(s.onAirId, 1);
});

test('a switch cuts at the next generation\'s key frame, after the old one finishes its PES, with one continuous timeline', () => {
  // Fed in bursts: maxSettleMs 0 takes the first key frame (the backlog rule has its own tests below).
  const s = new TsSplicer({ fps: 25, maxSettleMs: 0 });
  s.begin(1);
  const a = generation({ frames: 200, marker: 1 });
  const out: Buffer[] = [];
  out.push(...feed(s, 1, a.slice(0, 300), 0));
  s.begin(2);
  // The new encoder's clock starts near zero; its first packets (PAT, a P-frame, audio) come before any key frame.
  const b = generation({ frames: 100, gop: 25, base: 126_000, marker: 2 });
  const beforeKey = [packet(VIDEO, { start: true, pes: { streamId: 0xe0, pts: 100_000 }, marker: 2 }), packet(AUDIO, { start: true, pes: { streamId: 0xc0, pts: 100_000 }, marker: 2 })];
  out.push(...feed(s, 2, beforeKey, 10));
  assert.equal(s.onAirId, 1, 'nothing of the new generation goes out before its key frame');
  out.push(...feed(s, 2, b.slice(0, 40), 20));
  assert.equal(s.onAirId, 1, 'the cut waits for the old generation to finish its PES');
  // The old generation's next packet is the continuation of its video PES, then a new PES starts: the cut.
  out.push(...feed(s, 1, a.slice(300, 303), 40)); // one frame after the last old frame went out
  assert.equal(s.onAirId, 2);
  out.push(...feed(s, 1, a.slice(303), 45)); // the old encoder keeps writing until it is stopped: dropped
  out.push(...feed(s, 2, b.slice(40), 50));

  const r = read(out);
  const firstNew = r.findIndex((x) => x.marker === 2);
  assert.ok(r.slice(firstNew).every((x) => x.marker === 2), 'no packet of the old generation after the cut');
  assert.ok(r[firstNew]!.video && r[firstNew]!.start, 'the cut starts with the new generation\'s key frame PES');
  // Whole PESs only: every PES that starts is followed by its continuation before the cut.
  const lastOld = r[firstNew - 1]!;
  assert.equal(lastOld.start, false, 'the old generation\'s last PES went out whole');

  const video = r.filter((x) => x.video);
  for (let i = 1; i < video.length; i++) assert.equal(video[i]!.dts! - video[i - 1]!.dts!, FRAME, `video DTS step at ${i}`);
  const audio = r.filter((x) => x.video === false);
  for (let i = 1; i < audio.length; i++) assert.ok(audio[i]!.dts! > audio[i - 1]!.dts!, `audio DTS monotonic at ${i}`);
  // Continuity counters run on per PID across the cut.
  for (const id of [0, VIDEO, AUDIO]) {
    const ccs = r.filter((x) => x.pid === id && x.payload).map((x) => x.cc);
    for (let i = 1; i < ccs.length; i++) assert.equal(ccs[i], (ccs[i - 1]! + 1) & 15, `CC of PID ${id} at ${i}`);
  }
  // PCR moved with the same offset: it stays just before its key frame's DTS.
  const pcrs = r.filter((x) => x.pcr !== null);
  for (const x of pcrs) assert.equal(x.dts! - x.pcr!, 500);
  assert.equal(s.cuts.length, 1);
  assert.equal(s.cuts[0]!.timelineStepMs, 40);
  assert.ok(Math.abs(s.durationSec - (video.length - 1) * 0.04) < 1e-9);
});

test('with B-frames the new key frame is shown after every frame already sent', () => {
  const s = new TsSplicer({ fps: 25 });
  s.begin(1);
  const out = feed(s, 1, generation({ frames: 12, marker: 1, bframes: true }), 0);
  s.begin(2);
  s.end(1, 5); // the old encoder died: no draining, the key frame cuts at once
  out.push(...feed(s, 2, generation({ frames: 5, marker: 2, bframes: true }), 5));
  const v = read(out).filter((x) => x.video);
  const maxOldPts = Math.max(...v.filter((x) => x.marker === 1).map((x) => x.pts!));
  const key = v.find((x) => x.marker === 2)!;
  assert.ok(key.pts! > maxOldPts);
  assert.ok(key.dts! > v.filter((x) => x.marker === 1).at(-1)!.dts!);
});

test('when the old encoder is gone, the step is the wall time that passed (the timeline never runs ahead)', () => {
  const s = new TsSplicer({ fps: 25 });
  s.begin(1);
  const out = feed(s, 1, generation({ frames: 10, marker: 1 }), 1000);
  s.end(1, 1000);
  s.begin(2);
  out.push(...feed(s, 2, generation({ frames: 10, marker: 2 }), 2500));
  const v = read(out).filter((x) => x.video);
  const i = v.findIndex((x) => x.marker === 2);
  assert.equal(v[i]!.dts! - v[i - 1]!.dts!, 1500 * 90);
  assert.equal(s.cuts[0]!.wallGapMs, 1500);
});

test('the old generation stalls: the cut happens after drainMs anyway, and held packets are bounded', () => {
  const s = new TsSplicer({ fps: 25, drainMs: 100, maxHeldBytes: 188 * 10 , maxSettleMs: 0 });
  s.begin(1);
  feed(s, 1, generation({ frames: 5, marker: 1 }), 0);
  s.begin(2);
  const b = generation({ frames: 50, marker: 2 }).slice(1);
  feed(s, 2, b.slice(0, 3), 10);
  assert.equal(s.onAirId, 1);
  feed(s, 2, b.slice(3, 4), 200);
  assert.equal(s.onAirId, 2, 'cut after drainMs');

  const t = new TsSplicer({ fps: 25, maxHeldBytes: 188 * 10 , maxSettleMs: 0 });
  t.begin(1);
  feed(t, 1, generation({ frames: 5, marker: 1 }), 0);
  t.begin(2);
  feed(t, 2, generation({ frames: 50, marker: 2 }).slice(1, 20), 10);
  assert.equal(t.onAirId, 2, 'cut when the held packets reach the bound');
});

test('a newer switch replaces a pending one; an ended pending generation leaves the on-air one alone', () => {
  const s = new TsSplicer({ fps: 25 });
  s.begin(1);
  feed(s, 1, generation({ frames: 5, marker: 1 }), 0);
  s.begin(2);
  s.begin(3);
  assert.deepEqual(feed(s, 2, generation({ frames: 5, marker: 2 }), 1), [], 'the replaced generation is ignored');
  assert.equal(s.nextId, 3);
  s.end(3, 2);
  assert.equal(s.nextId, null);
  assert.equal(s.onAirId, 1);
  assert.ok(feed(s, 1, generation({ frames: 2, marker: 1 }).slice(1), 3).length > 0, 'the on-air generation keeps going');
  assert.throws(() => s.begin(1), /already/);
});

test('garbage bytes and packets of unknown generations never throw', () => {
  const s = new TsSplicer({ fps: 30 });
  assert.deepEqual(s.push(9, Buffer.alloc(1000, 0x47), 0), []);
  s.begin(1);
  const junk = Buffer.alloc(188 * 20);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) & 0xff;
  for (let i = 0; i < junk.length; i += 188) junk[i] = 0x47;
  assert.doesNotThrow(() => s.push(1, junk, 0));
});

/** A generation's packets grouped per video frame (each group starts at a video PES start; the PAT rides with the first). */
function frames(packets: Buffer[]): Buffer[][] {
  const out: Buffer[][] = [];
  let lead: Buffer[] = [];
  for (const p of packets) {
    const pes = readPes(p);
    if (pes && isVideoStream(pes.streamId)) {
      out.push([...lead, p]);
      lead = [];
    } else if (out.length) out.at(-1)!.push(p);
    else lead.push(p);
  }
  return out;
}

test('a new encoder\'s start-up backlog is not spliced in as if it were current: the timeline keeps pace with the wall clock', () => {
  const s = new TsSplicer({ fps: 25 });
  // Generation 1 captures frame i at wall 40·i ms and it arrives at once. Generation 2 starts at
  // 2000 ms with a key frame every 6 frames (its start-up cadence); its first frames arrive as a burst
  // at 2400 ms (400 ms of start-up), then at their capture time.
  const events: { wall: number; id: number; packets: Buffer[] }[] = [];
  frames(generation({ frames: 101, marker: 1 })).forEach((packets, i) => events.push({ wall: i * 40, id: 1, packets }));
  frames(generation({ frames: 51, gop: 6, marker: 2 })).forEach((packets, j) => events.push({ wall: Math.max(2400, 2000 + j * 40), id: 2, packets }));
  events.sort((a, b) => a.wall - b.wall || a.id - b.id);
  s.begin(1);
  const out: Buffer[] = [];
  let begun = false;
  for (const e of events) {
    if (e.id === 2 && !begun) { s.begin(2); begun = true; }
    out.push(...s.push(e.id, Buffer.concat(e.packets), e.wall));
  }
  assert.equal(s.onAirId, 2);
  const v = read(out).filter((x) => x.video);
  const streamMs = (v.at(-1)!.dts! - v[0]!.dts!) / 90;
  const wallMs = 4000; // from generation 1's first frame to generation 2's frame captured at 4000 ms
  assert.ok(streamMs - wallMs <= 40, `the output timeline ran ${streamMs - wallMs} ms ahead of the wall clock (the backlog was spliced in)`);
  assert.ok(wallMs - streamMs <= 40, `the output timeline fell ${wallMs - streamMs} ms behind`);
  for (let i = 1; i < v.length; i++) assert.ok(v[i]!.dts! > v[i - 1]!.dts!, `video DTS monotonic at ${i}`);
  assert.ok(s.cuts[0]!.at - 2400 <= 2000, 'the switch still happened within 2 s');
});

test('two encoders whose frames interleave: the cut steps by the wall time that passed, not a whole frame more each time', () => {
  const s = new TsSplicer({ fps: 25, maxSettleMs: 0 });
  s.begin(1);
  const out = feed(s, 1, generation({ frames: 10, marker: 1 }), 0);
  s.begin(2);
  // The new key frame arrives 10 ms after the old frame went out (a frame is 40 ms): the old picture
  // showed for 10 ms of real time, so the timeline moves 10 ms, not 40 (30 ms ahead per switch).
  out.push(...feed(s, 2, generation({ frames: 3, marker: 2 }), 10));
  out.push(...feed(s, 1, [packet(AUDIO, { start: true, pes: { streamId: 0xc0, pts: 200_000 }, marker: 1 })], 10));
  assert.equal(s.onAirId, 2);
  assert.equal(s.cuts[0]!.timelineStepMs, 10);
  const v = read(out).filter((x) => x.video);
  for (let i = 1; i < v.length; i++) assert.ok(v[i]!.dts! > v[i - 1]!.dts!, `video DTS monotonic at ${i}`);
});

test('a backlog that never drains (a busy machine) still switches, after maxSettleMs', () => {
  const s = new TsSplicer({ fps: 25, maxSettleMs: 500 });
  s.begin(1);
  feed(s, 1, generation({ frames: 10, marker: 1 }), 0);
  s.begin(2);
  const b = frames(generation({ frames: 60, gop: 6, marker: 2 }));
  // Every frame arrives 10 ms after the previous one (four times too fast: still catching up).
  b.forEach((packets, j) => { feed(s, 2, packets, 100 + j * 10); feed(s, 1, [packet(AUDIO, { start: true, pes: { streamId: 0xc0, pts: 200_000 + j * 100 }, marker: 1 })], 100 + j * 10); });
  assert.equal(s.onAirId, 2);
  assert.ok(s.cuts[0]!.at >= 600 && s.cuts[0]!.at <= 700, `cut at ${s.cuts[0]!.at}`);
});

test('a generation that caught up after its cut (its key frame came late) gives the time back at the next cut', () => {
  const s = new TsSplicer({ fps: 25, maxSettleMs: 0 });
  s.begin(1);
  const out = feed(s, 1, generation({ frames: 10, marker: 1 }), 0);
  s.end(1, 0);
  s.begin(2);
  // Generation 2's key frame arrives at 1000 ms, then its frames catch up by 100 ms (late by 100, then on time).
  frames(generation({ frames: 20, marker: 2 })).forEach((packets, j) => out.push(...feed(s, 2, packets, Math.max(1000, 900 + j * 40))));
  s.begin(3);
  s.end(2, 1660);
  // Generation 3 cuts in 100 ms after generation 2's last frame (sent at 1660 ms).
  out.push(...feed(s, 3, generation({ frames: 3, marker: 3 }), 1760));
  assert.equal(s.cuts.length, 2);
  assert.equal(s.cuts[1]!.timelineStepMs, 10, 'the 100 ms the timeline ran ahead were given back (a quarter frame left)');
  const v = read(out).filter((x) => x.video);
  for (let i = 1; i < v.length; i++) assert.ok(v[i]!.dts! > v[i - 1]!.dts!, `video DTS monotonic at ${i}`);
});
