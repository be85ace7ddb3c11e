import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressParser, toProgressBlock } from '../../media/ffmpeg/progress';

// Captured from the bundled ffmpeg 4.1 writing to a file, and to a tee (bitrate/size N/A).
const BLOCK_FILE = `frame=90
fps=29.97
stream_0_0_q=23.0
bitrate=2480.5kbits/s
total_size=940032
out_time_us=3008000
out_time_ms=3008000
out_time=00:00:03.008000
dup_frames=1
drop_frames=2
speed=0.998x
progress=continue
`;
const BLOCK_TEE = `frame=30
fps=0.00
stream_0_0_q=1.0
bitrate=N/A
total_size=N/A
out_time_us=1000000
out_time_ms=1000000
out_time=00:00:01.000000
dup_frames=0
drop_frames=0
speed=N/A
progress=end
`;

test('a progress block becomes numbers a streamer can read', () => {
  const [b] = new ProgressParser().push(BLOCK_FILE);
  assert.ok(b);
  assert.equal(b.frame, 90);
  assert.equal(b.fps, 29.97);
  assert.equal(b.bitrateKbps, 2480.5);
  assert.equal(b.totalSize, 940032);
  assert.equal(b.outTimeUs, 3_008_000);
  assert.equal(b.dupFrames, 1);
  assert.equal(b.dropFrames, 2);
  assert.equal(b.speed, 0.998);
  assert.equal(b.end, false);
});

test('N/A values (tee muxer) become null, and progress=end marks the last block', () => {
  const [b] = new ProgressParser().push(BLOCK_TEE);
  assert.ok(b);
  assert.equal(b.bitrateKbps, null);
  assert.equal(b.totalSize, null);
  assert.equal(b.speed, null);
  assert.equal(b.end, true);
});

test('chunks split anywhere (mid-line, mid-block) give the same blocks', () => {
  const all = BLOCK_FILE + BLOCK_TEE;
  for (const step of [1, 3, 7, 50]) {
    const p = new ProgressParser();
    const blocks = [];
    for (let i = 0; i < all.length; i += step) blocks.push(...p.push(all.slice(i, i + step)));
    assert.equal(blocks.length, 2, `step ${step}`);
    assert.equal(blocks[0]?.frame, 90);
    assert.equal(blocks[1]?.frame, 30);
  }
});

test('CRLF line endings (Windows) and older out_time_ms-only output parse', () => {
  const b = toProgressBlock({ out_time_ms: '5000000', progress: 'continue' });
  assert.equal(b.outTimeUs, 5_000_000);
  const [w] = new ProgressParser().push(BLOCK_FILE.replace(/\n/g, '\r\n'));
  assert.equal(w?.speed, 0.998);
});
