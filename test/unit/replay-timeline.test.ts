/** Pure parts of replays: the VOD playlist writer, wall clock → video position, density bins and path. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { densityBins, densityPath, EDGE_TOLERANCE_MS, positionOf, timelineDuration } from '../../common/replay';
import { parseMediaPlaylist } from '../../media/hls/playlist';
import { renderVodPlaylist } from '../../media/replay/vod-playlist';

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);

test('the VOD playlist lists every segment with its PDT, marks discontinuities and ends', () => {
  const text = renderVodPlaylist([
    { d: 1, pdt: T0, bytes: 10 },
    { d: 1.033, pdt: T0 + 1000, bytes: 10 },
    { d: 2.4, pdt: T0 + 9000, bytes: 10, disc: true },
  ]);
  assert.match(text, /^#EXTM3U\n/);
  assert.match(text, /#EXT-X-PLAYLIST-TYPE:VOD\n/);
  assert.match(text, /#EXT-X-TARGETDURATION:3\n/, 'target is the longest segment rounded up');
  assert.ok(text.trimEnd().endsWith('#EXT-X-ENDLIST'));
  const pl = parseMediaPlaylist(text);
  assert.equal(pl.ended, true);
  assert.deepEqual(pl.segments.map((s) => s.uri), ['0.ts', '1.ts', '2.ts']);
  assert.deepEqual(pl.segments.map((s) => s.duration), [1, 1.033, 2.4]);
  assert.deepEqual(pl.segments.map((s) => !!s.discontinuity), [false, false, true]);
  assert.equal(pl.segments[2]!.programDateTime, new Date(T0 + 9000).toISOString());
});

test('a first segment flagged discontinuous is not (nothing precedes it)', () => {
  assert.doesNotMatch(renderVodPlaylist([{ d: 1, pdt: T0, bytes: 1, disc: true }]), /DISCONTINUITY/);
});

test('positions follow the segments, jump gaps and clamp only within the tolerance at the edges', () => {
  const segs = [{ duration: 1, pdt: T0 }, { duration: 1, pdt: T0 + 1000 }, { duration: 2, pdt: T0 + 5000 }];
  assert.equal(timelineDuration(segs), 4);
  assert.equal(positionOf(segs, T0), 0);
  assert.equal(positionOf(segs, T0 + 500), 0.5);
  assert.equal(positionOf(segs, T0 + 1250), 1.25);
  assert.equal(positionOf(segs, T0 + 3000), 2, 'a moment in a gap lands at the next segment');
  assert.equal(positionOf(segs, T0 + 6500), 3.5);
  assert.equal(positionOf(segs, T0 - 1000), 0, 'just before the first frame');
  assert.equal(positionOf(segs, T0 - EDGE_TOLERANCE_MS - 1), null);
  assert.equal(positionOf(segs, T0 + 7000 + 2000), 4, 'just after the end');
  assert.equal(positionOf(segs, T0 + 7000 + EDGE_TOLERANCE_MS + 1), null);
  assert.equal(positionOf([], T0), null);
});

test('density bins count each comment once, the end in the last bin, outside ones not at all', () => {
  assert.deepEqual(densityBins([0, 0.5, 1, 9.99, 10, 10.5, -1, Number.NaN], 10, 5), [3, 0, 0, 0, 2]);
  assert.deepEqual(densityBins([1, 2], 0, 3), [0, 0, 0]);
  const path = densityPath([0, 2, 1], 300, 40);
  assert.match(path, /^M0,40L0,40L100,40L100,0L200,0L200,20L300,20L300,40Z$/);
  assert.equal(densityPath([0, 0], 100, 10), 'M0,10L0,10L50,10L50,10L100,10L100,10Z');
});
