/**
 * The studio's key-frame pattern through the relay's segmenter. Each encoder the studio starts (at Go
 * Live and at every scene switch) makes a key frame every 0.25 s for its first 2 s, then one a second
 * (media/studio/args/encoder.ts: the program bus cuts a new encoder in at its first key frame that is
 * not start-up backlog). A segment that started on a burst key frame 1.5 s in had no key frame to end on
 * until the next second: a 1.5 s segment, EXTINF rounding to 2, TARGETDURATION 2, and hls.js with its
 * defaults (3 target durations behind the live edge) 6 s behind instead of 3: bench:latency measured
 * plain HLS through the studio at 6.48 s after the scene switches, against 3.80 s before the burst.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIVE_TIMING, llHlsParameters } from '../../common/live-timing';
import { defaultPipelineSettings } from '../../common/pipeline';
import type { MediaFrame } from '../../media/hls/flv-demux';
import { LiveOutput } from '../../media/hls/live-output';
import { parseMediaPlaylist } from '../../media/hls/playlist';
import { Segmenter, type SegmenterSink } from '../../media/hls/segmenter';
import { videoEncoderArgs } from '../../media/studio/args/encoder';

const params = llHlsParameters();
/** hls.js's default liveSyncDurationCount: a plain HLS player starts this many target durations behind the live edge. */
const HLSJS_SYNC_COUNT = 3;

/**
 * When the studio's encoder forces its key frames: read from its real arguments (-force_key_frames
 * `expr:if(lt(n_forced,8),gte(t,n_forced*0.25),gte(t,2+(n_forced-8)*1))` today), so this test follows
 * the encoder if its start-up pattern changes.
 */
function forcedKeyTimes(): (n: number) => number {
  const args = videoEncoderArgs(defaultPipelineSettings().video);
  const expr = args[args.indexOf('-force_key_frames') + 1] ?? '';
  const num = '(\\d+(?:\\.\\d+)?)';
  const burst = new RegExp(`^expr:if\\(lt\\(n_forced,${num}\\),gte\\(t,n_forced\\*${num}\\),gte\\(t,${num}\\+\\(n_forced-${num}\\)\\*${num}\\)\\)$`).exec(expr);
  if (burst) {
    const [count, every, from, , interval] = burst.slice(1).map(Number) as [number, number, number, number, number];
    return (n) => (n < count ? n * every : from + (n - count) * interval);
  }
  const steady = new RegExp(`^expr:gte\\(t,n_forced\\*${num}\\)$`).exec(expr);
  if (steady) return (n) => n * Number(steady[1]);
  throw new Error(`this test does not know the encoder's -force_key_frames ${expr}: teach forcedKeyTimes() its pattern`);
}

/** Which of an encoder's frames are key frames: ffmpeg forces the first frame at or after each forced time. */
function encoderKeyframes(fps: number, frames: number): boolean[] {
  const due = forcedKeyTimes();
  const out: boolean[] = [];
  let forced = 0;
  for (let k = 0; k < frames; k++) {
    const key = k / fps >= due(forced) - 1e-9;
    if (key) forced++;
    out.push(key);
  }
  return out;
}

/**
 * What the relay receives from the studio: one frame every 1/fps s (the program bus keeps the timeline
 * on the wall clock); at each switch the next encoder is cut in at output time `at`, at its `cutKey`-th
 * key frame (the ones before were start-up backlog).
 */
function studioStream(fps: number, seconds: number, switches: Array<{ at: number; cutKey: number }>): MediaFrame[] {
  const total = Math.round(seconds * fps);
  const pattern = encoderKeyframes(fps, total + 4 * fps);
  const keyIndex = pattern.flatMap((k, i) => (k ? [i] : []));
  const out: MediaFrame[] = [];
  let genStart = 0;
  let next = 0;
  for (let i = 0; i < total; i++) {
    const sw = switches[next];
    if (sw && i >= sw.at * fps - 1e-9) {
      genStart = i - keyIndex[sw.cutKey]!;
      next++;
    }
    const t = Math.round((i * 1000) / fps);
    const keyframe = pattern[i - genStart]!;
    out.push({ kind: 'video', dts: t, pts: t, keyframe, data: Buffer.from([0, 0, 0, 1, keyframe ? 0x65 : 0x41, i & 0xff]) });
  }
  return out;
}

function segmentsOf(frames: MediaFrame[], sink?: SegmenterSink): number[] {
  const durations: number[] = [];
  const seg = new Segmenter({
    timing: LIVE_TIMING,
    streams: () => ({ video: true, audio: false }),
    sink: {
      segmentStarted: (m, pdt, d) => sink?.segmentStarted(m, pdt, d),
      part: (p) => sink?.part(p),
      segmentEnded: (m, d) => { durations.push(d); sink?.segmentEnded(m, d); },
    },
  });
  for (const f of frames) seg.push(f);
  return durations;
}

/** Every complete segment's EXTINF rounds to the configured target and none is a sliver. */
function badSegments(durations: number[]): number[] {
  return durations.filter((d) => Math.round(d) > params.targetDuration || d < 0.4 * LIVE_TIMING.segmentTargetSec - 0.001);
}

test('the studio\'s start-up key frames at Go Live and at every scene switch, in every phase, never make a segment longer than the target duration rounds to, nor a sliver', () => {
  const failures: string[] = [];
  for (const fps of [30, 25, 15, 60]) {
    const goLive = segmentsOf(studioStream(fps, 6, []));
    if (badSegments(goLive).length) failures.push(`${fps} fps, Go Live: ${goLive.map((d) => d.toFixed(3)).join(' ')}`);
    // A switch at every frame of a second, the new encoder cut in at any of its burst key frames
    // (0.25 s in on an idle machine, up to 1.75 s when its backlog drains slowly).
    for (let p = 0; p < fps; p += fps > 30 ? 3 : 1) {
      for (let cutKey = 1; cutKey <= 7; cutKey++) {
        const d = segmentsOf(studioStream(fps, 7.5, [{ at: 3 + p / fps, cutKey }]));
        if (badSegments(d).length) failures.push(`${fps} fps, switch at 3+${p}/${fps} s cut in at burst key frame ${cutKey}: ${d.map((x) => x.toFixed(3)).join(' ')}`);
      }
    }
    // Switches in quick succession (the next one while the last encoder is still in its burst).
    for (let p = 0; p < fps; p += 3) {
      const sw = Array.from({ length: 8 }, (_, k) => ({ at: 3 + k * (1.1 + p / fps / 2), cutKey: 1 + (k % 4) }));
      const d = segmentsOf(studioStream(fps, 20, sw));
      if (badSegments(d).length) failures.push(`${fps} fps, 8 quick switches (${sw.map((s) => s.at.toFixed(2)).join(' ')}): ${d.map((x) => x.toFixed(3)).join(' ')}`);
    }
  }
  assert.deepEqual(failures.slice(0, 8), [], `${failures.length} streams had a segment rounding above ${params.targetDuration} s or shorter than 0.4 s`);
});

test('through the relay\'s playlist: TARGETDURATION stays at the configured target across scene switches, so a plain hls.js player starts 3 s behind, not 6', async () => {
  const output = new LiveOutput({ epoch: 'e', params, listSegments: LIVE_TIMING.playlistSegments });
  const switches = [{ at: 4.5, cutKey: 1 }, { at: 9.4, cutKey: 2 }, { at: 14.1, cutKey: 3 }, { at: 19.7, cutKey: 6 }];
  const targets = new Set<number>();
  const durations = segmentsOf(studioStream(30, 26, switches), {
    segmentStarted: (m, pdt, d) => output.segmentStarted(m, pdt, d),
    part: (p) => output.part(p),
    segmentEnded: (m, d) => {
      output.segmentEnded(m, d);
      void output.playlist({ skip: false }).then((a) => { if (a.status === 200) targets.add(parseMediaPlaylist(a.text).targetDuration); });
    },
  });
  await new Promise((r) => setImmediate(r));
  assert.ok(durations.length >= 20, `segments: ${durations.length}`);
  const holdBack = HLSJS_SYNC_COUNT * Math.max(...targets);
  assert.deepEqual([...targets], [params.targetDuration], `TARGETDURATION over the stream: ${[...targets].join(', ')} (segments ${durations.map((d) => d.toFixed(3)).join(' ')})`);
  assert.ok(holdBack <= 3, `hls.js with its defaults would play ${holdBack} s behind the live edge`);
});

test('publishers with a steady GOP keep their segments: 1 s on a 1 s GOP, 2 s on a 2 s GOP, 0.5-1 s on a 0.5 s GOP', () => {
  const steady = (fps: number, gopSec: number, seconds: number) => {
    const gop = Math.round(gopSec * fps);
    return segmentsOf(Array.from({ length: Math.round(seconds * fps) }, (_, i) => {
      const t = Math.round((i * 1000) / fps);
      return { kind: 'video' as const, dts: t, pts: t, keyframe: i % gop === 0, data: Buffer.from([0, 0, 0, 1, i % gop === 0 ? 0x65 : 0x41]) };
    }));
  };
  assert.deepEqual(steady(30, 1, 8.5), [1, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(steady(30, 2, 8.5), [2, 2, 2, 2]);
  const half = steady(30, 0.5, 8.5);
  assert.ok(half.every((d) => d >= 0.5 && d <= 1), `0.5 s GOP: ${half.join(' ')}`);
});
