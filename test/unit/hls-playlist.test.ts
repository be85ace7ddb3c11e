import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIVE_TIMING, llHlsParameters, type LiveTiming } from '../../common/live-timing';
import { decideBlocking, parsePlaylistQuery, PlaylistQueryError, renderLlPlaylist, type PlaylistSegment } from '../../media/hls/ll-playlist';
import { LiveOutput } from '../../media/hls/live-output';
import { parseMediaPlaylist } from '../../media/hls/playlist';
import { Segmenter, type SegmenterPart } from '../../media/hls/segmenter';
import { frames } from '../helpers/flv-fixtures';
import type { MediaFrame } from '../../media/hls/flv-demux';
import { llHlsViolations } from '../helpers/ll-hls-rules';

const params = llHlsParameters();

function run(opts: { seconds: number; fps: number; gop: number; audio?: boolean; timing?: LiveTiming; video?: boolean }) {
  const parts: SegmenterPart[] = [];
  const segments: Array<{ msn: number; duration: number }> = [];
  const seg = new Segmenter({
    timing: opts.timing ?? LIVE_TIMING,
    streams: () => ({ video: opts.video ?? true, audio: opts.audio ?? true }),
    sink: { segmentStarted: () => {}, part: (p) => parts.push(p), segmentEnded: (msn, duration) => segments.push({ msn, duration }) },
  });
  for (const f of frames(opts)) if (opts.video !== false || f.kind === 'audio') seg.push(f);
  return { parts, segments, seg };
}

test('the segmenter cuts 1 s segments on keyframes and 200 ms parts at 25, 30 and 60 fps', () => {
  for (const fps of [25, 30, 60]) {
    const { parts, segments } = run({ seconds: 4.5, fps, gop: fps });
    assert.deepEqual(segments.map((s) => s.duration), [1, 1, 1, 1], `${fps} fps segments`);
    const complete = parts.filter((p) => p.msn < 4);
    assert.ok(complete.every((p) => p.durationSec === 0.2), `${fps} fps parts: ${complete.map((p) => p.durationSec)}`);
    assert.deepEqual(complete.filter((p) => p.independent).map((p) => p.index), [0, 0, 0, 0], 'only keyframe parts are independent');
    assert.deepEqual(parts.slice(0, 6).map((p) => [p.msn, p.index, p.id]), [[0, 0, 0], [0, 1, 1], [0, 2, 2], [0, 3, 3], [0, 4, 4], [1, 0, 5]]);
    // Each part stands alone: it starts with PAT and PMT.
    for (const p of parts) assert.deepEqual([p.data[0], p.data.readUInt16BE(1) & 0x1fff], [0x47, 0], `part ${p.id} starts with a PAT`);
  }
});

test('parts never exceed the part target, even when frame rate and GOP do not divide it', () => {
  for (const [fps, gop] of [[24, 48], [29.97, 30], [50, 100]] as const) {
    const { parts, segments } = run({ seconds: 6, fps, gop });
    for (const p of parts) assert.ok(p.durationSec <= LIVE_TIMING.partTargetSec + 0.0005, `${fps} fps part ${p.id} lasts ${p.durationSec}`);
    for (const s of segments) {
      const sum = parts.filter((p) => p.msn === s.msn).reduce((a, p) => a + p.durationSec, 0);
      assert.ok(Math.abs(sum - s.duration) < 0.001, 'parts add up to their segment');
      assert.ok(Math.abs(s.duration - gop / fps) < 0.05, `segment of ${s.duration} s for a ${gop / fps} s GOP`);
    }
  }
});

test('keyframes forced every second by the wall clock (0.93–1.07 s apart) each start a segment: no 2 s segments, TARGETDURATION stays 1', () => {
  // 30 fps with timestamp jitter and the odd dropped frame, a keyframe at the first frame at or after each second.
  const out: MediaFrame[] = [];
  let nextKey = 0;
  for (let i = 0, t = 0; t < 12_000; i++) {
    t = Math.round(i * (1000 / 30) + ((i * 7919) % 13) * 3 + (i % 17 === 5 ? 33 : 0));
    const keyframe = t >= nextKey;
    if (keyframe) nextKey = Math.floor(t / 1000) * 1000 + 1000;
    out.push({ kind: 'video', dts: t, pts: t, keyframe, data: Buffer.from([0, 0, 0, 1, keyframe ? 0x65 : 0x41, i & 0xff]) });
  }
  const keyTimes = out.filter((f) => f.kind === 'video' && f.keyframe).map((f) => f.dts);
  const gaps = keyTimes.slice(1).map((t, i) => t - keyTimes[i]!);
  assert.ok(gaps.some((g) => g < 1000) && gaps.some((g) => g > 1000), `keyframe intervals jitter around 1 s: ${gaps.join(' ')}`);
  const segments: number[] = [];
  const seg = new Segmenter({ timing: LIVE_TIMING, streams: () => ({ video: true, audio: false }), sink: { segmentStarted: () => {}, part: () => {}, segmentEnded: (_m, d) => segments.push(d) } });
  for (const f of out) seg.push(f);
  assert.equal(segments.length, keyTimes.length - 1, `one segment per keyframe: ${segments.join(' ')}`);
  assert.ok(segments.every((d) => Math.round(d) <= 1), `every EXTINF rounds to the 1 s target: ${segments.join(' ')}`);
});

test('nothing is written before the first keyframe; a stream without keyframes is still cut; audio-only streams are cut on time', () => {
  const noKey = run({ seconds: 25, fps: 30, gop: 10_000 });
  assert.ok(noKey.segments.length >= 2 && noKey.segments.every((s) => s.duration <= 10), 'segments are bounded without keyframes');
  const audioOnly = run({ seconds: 3.2, fps: 30, gop: 30, video: false });
  assert.equal(audioOnly.segments.length, 3);
  assert.ok(audioOnly.parts.every((p) => p.durationSec <= LIVE_TIMING.partTargetSec && p.independent));
});

test('a jump of the publisher’s clock ends the segment and flags a discontinuity; a stuck clock cannot grow memory', () => {
  const started: boolean[] = [];
  const parts: SegmenterPart[] = [];
  const seg = new Segmenter({
    timing: LIVE_TIMING,
    streams: () => ({ video: true, audio: false }),
    sink: { segmentStarted: (_m, _d, disc) => started.push(disc), part: (p) => parts.push(p), segmentEnded: () => {} },
  });
  const v = (dts: number, keyframe: boolean, size = 10) => seg.push({ kind: 'video', dts, pts: dts, keyframe, data: Buffer.alloc(size) });
  for (let i = 0; i < 45; i++) v(100_000 + i * 33, i % 30 === 0);
  for (let i = 0; i < 45; i++) v(i * 33, i % 30 === 0); // the clock restarted at 0
  assert.deepEqual(started, [false, false, true, false], 'the segment after the jump is a discontinuity');
  assert.ok(parts.every((p) => p.durationSec >= 0 && p.durationSec <= LIVE_TIMING.partTargetSec + 0.0005));

  const stuckParts: SegmenterPart[] = [];
  let stuckSegments = 0;
  const stuck = new Segmenter({
    timing: LIVE_TIMING, maxPartBytes: 64 * 1024, maxSegmentBytes: 256 * 1024,
    streams: () => ({ video: true, audio: false }),
    sink: { segmentStarted: () => {}, part: (p) => stuckParts.push(p), segmentEnded: () => stuckSegments++ },
  });
  for (let i = 0; i < 100; i++) stuck.push({ kind: 'video', dts: 5000, pts: 5000, keyframe: i === 0, data: Buffer.alloc(16 * 1024) });
  assert.ok(stuckParts.length >= 20, `a part is closed at its byte limit even when time stands still (${stuckParts.length} parts)`);
  assert.ok(stuckParts.every((p) => p.data.length <= 64 * 1024 + 20 * 1024));
  assert.ok(stuckSegments >= 4, `and a segment at its byte limit (${stuckSegments})`);
});

test('an audio configuration that arrives late (ffmpeg copying from MPEG-TS) joins at the next keyframe', () => {
  const streams = { video: true, audio: false };
  const started: boolean[] = [];
  const parts: SegmenterPart[] = [];
  const seg = new Segmenter({ timing: LIVE_TIMING, streams: () => streams, sink: { segmentStarted: (_m, _d, disc) => started.push(disc), part: (p) => parts.push(p), segmentEnded: () => {} } });
  for (const f of frames({ seconds: 2.5, fps: 30, gop: 30 })) {
    if (f.kind === 'audio' && f.dts >= 300) streams.audio = true; // the AAC header came with the first audio packet
    seg.push(f);
  }
  assert.deepEqual(started, [false, true, false], 'the segment that adds audio starts on a keyframe, flagged');
  const pmtStreams = (p: SegmenterPart) => {
    const pmt = p.data.subarray(188 + 4 + 1);
    const len = ((pmt[1]! & 0xf) << 8) | pmt[2]!;
    return (len - 13) / 5;
  };
  assert.equal(pmtStreams(parts[0]!), 1, 'video only before');
  assert.equal(pmtStreams(parts.at(-1)!), 2, 'video and audio after');
});

test('a discontinuity is tagged, and counted once it leaves the playlist', async () => {
  const out = new LiveOutput({ epoch: 'e1', params, listSegments: 2 });
  for (let msn = 0; msn < 4; msn++) {
    out.segmentStarted(msn, Date.UTC(2026, 0, 1, 0, 0, msn), msn === 2);
    out.part({ msn, index: 0, id: msn, durationSec: 0.2, independent: true, data: Buffer.from([msn]) });
    out.segmentEnded(msn, 0.2);
    if (msn === 2) assert.match(await renderNow(out), /#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:02/);
  }
  const text = await renderNow(out);
  assert.doesNotMatch(text, /#EXT-X-DISCONTINUITY\n/);
  assert.match(text, /#EXT-X-DISCONTINUITY-SEQUENCE:1\n/);
});

async function renderNow(out: LiveOutput): Promise<string> {
  const a = await out.playlist({ skip: false });
  return a.status === 200 ? a.text : '';
}

function view(segs: Array<{ msn: number; dur: number; parts: number; done: boolean }>): PlaylistSegment[] {
  let id = 0;
  return segs.map((s) => ({
    msn: s.msn, uri: s.done ? `e-${s.msn}.ts` : null, duration: s.dur, programDateMs: Date.UTC(2026, 0, 1) + s.msn * 1000,
    parts: Array.from({ length: s.parts }, (_, i) => ({ uri: `e-p${id++}.ts`, duration: s.dur / s.parts, independent: i === 0 })),
  }));
}

test('a live playlist carries every LL-HLS tag and obeys the spec rules', () => {
  const segs = view([...Array.from({ length: 12 }, (_, i) => ({ msn: 10 + i, dur: 1, parts: 5, done: true })), { msn: 22, dur: 0.4, parts: 2, done: false }]);
  const text = renderLlPlaylist({ params, segments: segs, preloadHintUri: 'e-p999.ts', ended: false });
  assert.deepEqual(llHlsViolations(text), []);
  assert.match(text, /^#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:1\n/);
  assert.match(text, /#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0\.630,CAN-SKIP-UNTIL=6\.000\n#EXT-X-PART-INF:PART-TARGET=0\.210\n#EXT-X-MEDIA-SEQUENCE:10\n/);
  assert.match(text, /#EXT-X-PART:DURATION=0\.200,URI="e-p60\.ts",INDEPENDENT=YES\n#EXT-X-PART:DURATION=0\.200,URI="e-p61\.ts"\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="e-p999\.ts"\n$/);
  const pl = parseMediaPlaylist(text);
  assert.equal(pl.segments.length, 12, 'plain players see 12 complete segments');
  assert.equal(pl.pendingParts.length, 2);
  // Parts are listed only near the live edge.
  assert.deepEqual(pl.segments.map((s) => s.parts.length), [0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 5]);
  assert.ok(pl.segments.every((s) => s.programDateTime));

  const ended = renderLlPlaylist({ params, segments: segs.slice(0, -1), preloadHintUri: null, ended: true });
  assert.deepEqual(llHlsViolations(ended), []);
  assert.ok(ended.endsWith('#EXT-X-ENDLIST\n'));
});

test('a delta update (_HLS_skip=YES) skips only segments older than CAN-SKIP-UNTIL and says how many', () => {
  const segs = view([...Array.from({ length: 12 }, (_, i) => ({ msn: 10 + i, dur: 1, parts: 5, done: true })), { msn: 22, dur: 0.4, parts: 2, done: false }]);
  const full = parseMediaPlaylist(renderLlPlaylist({ params, segments: segs, preloadHintUri: 'e-p999.ts', ended: false }));
  const text = renderLlPlaylist({ params, segments: segs, preloadHintUri: 'e-p999.ts', ended: false }, { skip: true });
  assert.deepEqual(llHlsViolations(text), []);
  const delta = parseMediaPlaylist(text);
  assert.equal(delta.version, 9);
  assert.equal(delta.mediaSequence, 10, 'the media sequence still names the first (skipped) segment');
  assert.equal(delta.skippedSegments + delta.segments.length, full.segments.length);
  assert.deepEqual(delta.segments, full.segments.slice(delta.skippedSegments), 'the rest is identical');
  // Every kept segment ends less than CAN-SKIP-UNTIL (6 s) from the live edge (12.4 s of media).
  assert.equal(delta.skippedSegments, 6);
  // Too short to skip anything: a normal playlist.
  const short = renderLlPlaylist({ params, segments: segs.slice(-4), preloadHintUri: 'x.ts', ended: false }, { skip: true });
  assert.doesNotMatch(short, /EXT-X-SKIP/);
});

test('blocking reload arithmetic: ready, wait, or 400 when too far ahead', () => {
  // Segments 10..11 complete with 5 parts, 12 in progress with 2 parts (indexes 0, 1).
  const segs = view([{ msn: 10, dur: 1, parts: 5, done: true }, { msn: 11, dur: 1, parts: 5, done: true }, { msn: 12, dur: 0.4, parts: 2, done: false }]);
  const d = (msn?: number, part?: number) => decideBlocking(segs, false, { ...(msn !== undefined ? { msn } : {}), ...(part !== undefined ? { part } : {}), skip: false }, params.advancePartLimit).kind;
  assert.equal(d(), 'ready', 'no _HLS_msn: answer at once');
  assert.equal(d(11), 'ready');
  assert.equal(d(12), 'wait', 'segment 12 is not complete');
  assert.equal(d(12, 1), 'ready');
  assert.equal(d(12, 2), 'wait', 'the next part');
  assert.equal(d(11, 4), 'ready');
  assert.equal(d(11, 7), 'ready', 'a part index past the end of a complete segment is satisfied by anything later');
  assert.equal(d(3), 'ready', 'a segment that left the window: the current playlist is later');
  assert.equal(d(14), 'wait', 'two segments ahead is allowed');
  assert.equal(d(15), 'bad', 'more than two segments ahead is a 400');
  assert.equal(d(12, 1 + params.advancePartLimit), 'wait');
  assert.equal(d(12, 2 + params.advancePartLimit), 'bad', 'beyond the advance part limit is a 400');
  assert.equal(params.advancePartLimit, 14, 'floor(3 / PART-TARGET)');
  assert.equal(decideBlocking(segs, true, { msn: 14, skip: false }, 14).kind, 'ready', 'an ended stream answers everything at once');
});

test('playlist query parameters are validated', () => {
  assert.deepEqual(parsePlaylistQuery(new URLSearchParams('_HLS_msn=5&_HLS_part=2&_HLS_skip=YES')), { msn: 5, part: 2, skip: true });
  assert.deepEqual(parsePlaylistQuery(new URLSearchParams('')), { skip: false });
  for (const q of ['_HLS_part=1', '_HLS_msn=-1', '_HLS_msn=1e3', '_HLS_msn=99999999999', '_HLS_msn=1&_HLS_part=x', '_HLS_skip=NO']) {
    assert.throws(() => parsePlaylistQuery(new URLSearchParams(q)), PlaylistQueryError, q);
  }
});

function output(timeoutMs = 3000) {
  return new LiveOutput({ epoch: 'e1', params: { ...params, blockTimeoutMs: timeoutMs }, listSegments: 3, keepUnlisted: 1 });
}
const part = (msn: number, index: number, id: number): SegmenterPart => ({ msn, index, id, durationSec: 0.2, independent: index === 0, data: Buffer.from([msn, index, id]) });

test('a blocking reload is answered the moment its part exists, well within the part target', async () => {
  const out = output();
  out.segmentStarted(0, Date.now());
  out.part(part(0, 0, 0));
  const t0 = performance.now();
  const pending = out.playlist({ msn: 0, part: 1, skip: false });
  let answered = false;
  void pending.then(() => (answered = true));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(answered, false, 'held while part 1 does not exist');
  // Timed from the part's arrival: from the request it also counted the 50 ms sleep above, which a
  // loaded machine stretches past the part target.
  const partAt = performance.now();
  out.part(part(0, 1, 1));
  const a = await pending;
  const waited = performance.now() - partAt;
  assert.equal(a.status, 200);
  assert.ok(a.status === 200 && a.blocked && a.text.includes('URI="e1-p1.ts"'), 'the answer lists the part asked for');
  assert.ok(waited < params.partTarget * 1000, `answered ${waited.toFixed(0)} ms after the part existed (${(performance.now() - t0).toFixed(0)} ms after the request)`);
  assert.match(a.status === 200 ? a.text : '', /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="e1-p2\.ts"/);
});

test('blocking requests time out with 503, stop when the viewer leaves, and are bounded in number', async () => {
  const out = output(100);
  out.segmentStarted(0, Date.now());
  out.part(part(0, 0, 0));
  const t = await out.playlist({ msn: 0, part: 3, skip: false });
  assert.equal(t.status, 503);
  assert.equal((await out.playlist({ msn: 9, skip: false })).status, 400);
  const ac = new AbortController();
  const p = out.partData('e1-p1.ts', ac.signal);
  ac.abort();
  assert.equal(await p, null, 'an aborted wait ends');
  const capped = new LiveOutput({ epoch: 'e1', params, listSegments: 3, maxWaiters: 1 });
  capped.segmentStarted(0, Date.now());
  capped.part(part(0, 0, 0));
  const first = capped.playlist({ msn: 0, part: 1, skip: false });
  assert.equal((await capped.playlist({ msn: 0, part: 1, skip: false })).status, 503, 'past the cap: refused at once');
  capped.end();
  assert.equal((await first).status, 200, 'the end of the stream answers waiting requests');
});

test('preload-hinted parts block until complete; segments appear whole; old ones are pruned', async () => {
  const out = output();
  out.segmentStarted(0, Date.now());
  const hinted = out.partData('e1-p0.ts');
  assert.equal(await out.partData('e1-p5.ts'), null, 'a part far ahead is a 404, not a wait');
  out.part(part(0, 0, 0));
  assert.deepEqual(await hinted, Buffer.from([0, 0, 0]));
  assert.equal(out.segment('e1-0.ts'), null, 'a segment in progress is not served');
  out.part(part(0, 1, 1));
  out.segmentEnded(0, 0.4);
  assert.deepEqual(out.segment('e1-0.ts'), Buffer.from([0, 0, 0, 0, 1, 1]), 'the segment is its parts concatenated');
  assert.equal(out.segment('e2-0.ts'), null, 'another publish’s names are unknown');
  for (let msn = 1; msn <= 5; msn++) {
    out.segmentStarted(msn, Date.now());
    out.part(part(msn, 0, msn + 1));
    out.segmentEnded(msn, 0.2);
  }
  assert.equal(out.listedSegments, 3);
  assert.equal(out.segment('e1-0.ts'), null, 'pruned');
  assert.notEqual(out.segment('e1-2.ts'), null, 'recently unlisted segments are still served');
  const pl = await out.playlist({ skip: false });
  assert.ok(pl.status === 200);
  assert.deepEqual(llHlsViolations(pl.status === 200 ? pl.text : ''), []);
});
