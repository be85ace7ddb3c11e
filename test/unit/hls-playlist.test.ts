import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMediaPlaylist, renderMediaPlaylist, restrictToAvailable, PlaylistParseError } from '../../media/hls/playlist';
import { buildHlsPackagerArgs } from '../../media/hls/packager-args';

const FFMPEG_PLAYLIST = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:1
#EXT-X-MEDIA-SEQUENCE:7
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-PROGRAM-DATE-TIME:2026-11-23T08:51:47.000+0000
#EXTINF:0.990000,
http://127.0.0.1:8000/_ingest/s/main/e1/seg-7.ts
#EXT-X-PROGRAM-DATE-TIME:2026-11-23T08:51:47.990+0000
#EXTINF:1.001000,
seg-8.ts
#EXTINF:0.990000,
seg-9.ts
`;

test('parses ffmpeg playlists, keeping only segment basenames and program date times', () => {
  const pl = parseMediaPlaylist(FFMPEG_PLAYLIST);
  assert.equal(pl.mediaSequence, 7);
  assert.equal(pl.targetDuration, 1);
  assert.equal(pl.independentSegments, true);
  assert.deepEqual(pl.segments.map((s) => s.uri), ['seg-7.ts', 'seg-8.ts', 'seg-9.ts']);
  assert.equal(pl.segments[0]!.programDateTime, '2026-11-23T08:51:47.000+0000');
  assert.equal(pl.segments[2]!.programDateTime, undefined);
  assert.equal(pl.ended, false);
});

test('renders a playlist players accept, with a target duration covering every segment', () => {
  const text = renderMediaPlaylist(parseMediaPlaylist(FFMPEG_PLAYLIST + '#EXT-X-ENDLIST\n'));
  assert.match(text, /^#EXTM3U\n#EXT-X-VERSION:6\n/);
  assert.match(text, /#EXT-X-TARGETDURATION:2\n/); // 1.001 s rounds up
  assert.match(text, /#EXT-X-MEDIA-SEQUENCE:7\n/);
  assert.match(text, /#EXTINF:1\.001,\nseg-8\.ts\n/);
  assert.ok(text.trimEnd().endsWith('#EXT-X-ENDLIST'));
  assert.doesNotMatch(text, /_ingest/);
});

test('lists only segments held completely, counting dropped ones in the media sequence', () => {
  const pl = parseMediaPlaylist(FFMPEG_PLAYLIST);
  const onlyLater = restrictToAvailable(pl, (u) => u !== 'seg-7.ts');
  assert.equal(onlyLater.mediaSequence, 8);
  assert.deepEqual(onlyLater.segments.map((s) => s.uri), ['seg-8.ts', 'seg-9.ts']);
  const gap = restrictToAvailable(pl, (u) => u !== 'seg-8.ts');
  assert.deepEqual(gap.segments.map((s) => s.uri), ['seg-7.ts'], 'never list past a missing segment');
  assert.equal(restrictToAvailable(pl, () => false).segments.length, 0);
});

test('rejects text that is not a media playlist', () => {
  assert.throws(() => parseMediaPlaylist('<html>'), PlaylistParseError);
  assert.throws(() => parseMediaPlaylist('#EXTM3U\nseg-1.ts\n'), /no #EXTINF/);
  assert.throws(() => parseMediaPlaylist('#EXTM3U\n#EXTINF:abc,\nseg-1.ts\n'), /bad #EXTINF/);
});

test('packager arguments copy audio and video only and upload by PUT', () => {
  const args = buildHlsPackagerArgs({ uploadBase: 'http://127.0.0.1:9/_ingest/s/main/e1', segmentSeconds: 1, listSize: 6 });
  const after = (flag: string) => args[args.indexOf(flag) + 1];
  assert.equal(after('-c'), 'copy', 'no re-encoding');
  assert.deepEqual(args.filter((_, i) => args[i - 1] === '-map'), ['0:v?', '0:a?']);
  assert.equal(after('-hls_time'), '1');
  assert.equal(after('-method'), 'PUT');
  assert.match(after('-hls_flags')!, /program_date_time/);
  assert.equal(args.at(-1), 'http://127.0.0.1:9/_ingest/s/main/e1/index.m3u8');
  assert.throws(() => buildHlsPackagerArgs({ uploadBase: 'x', segmentSeconds: 0, listSize: 6 }), /segmentSeconds/);
});
