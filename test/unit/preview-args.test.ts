/**
 * The preview's pure parts: its ffmpeg command (same composition as the encoder, small, no audio,
 * JPEG to stdout), crop and opacity in the shared canvas, its size, and the MJPEG frame splitter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPipelineSettings } from '../../common/pipeline';
import { SceneSchema, type Scene } from '../../common/scene';
import { buildFfmpegArgs, buildPreviewArgs, buildStreamPreviewArgs, buildThumbnailArgs, cropFilter } from '../../media/studio/args';
import { JpegFrameSplitter } from '../../media/studio/jpeg-frames';
import { previewSize } from '../../main/preview/size';

const scene = (layers: unknown[], audio: unknown[] = []): Scene => SceneSchema.parse({ id: 's', name: 'S', layers, audio });
const FULL = { x: 0, y: 0, width: 1, height: 1 };
const graphOf = (args: string[]) => args[args.indexOf('-filter_complex') + 1]!;

test('the preview composes the scene like the encoder, small, silent, as JPEGs on stdout', () => {
  const s = scene(
    [{ id: 'screen', source: { kind: 'display', device: ':0.0' }, rect: FULL }, { id: 'cam', source: { kind: 'camera', device: '/dev/video0' }, rect: { x: 0.5, y: 0.5, width: 0.5, height: 0.5 } }],
    [{ id: 'mic', kind: 'microphone', device: 'default' }],
  );
  const plan = buildPreviewArgs(s, { width: 640, height: 360, fps: 12 }, 'linux');
  const a = plan.args;
  assert.deepEqual(a.slice(-5), ['-threads', '1', '-f', 'mjpeg', 'pipe:1']);
  assert.ok(a.includes('-an'), 'no audio output');
  assert.ok(!a.some((x) => /pulse|alsa/.test(x)), 'no microphone opened');
  assert.equal(a[a.indexOf('-c:v') + 1], 'mjpeg');
  const g = graphOf(a);
  assert.match(g, /^color=c=black:size=640x360:rate=12,realtime/);
  assert.match(g, /scale=640:360:force_original_aspect_ratio=decrease:flags=fast_bilinear/);
  assert.match(g, /scale=320:180:force_original_aspect_ratio=decrease:flags=fast_bilinear/);
  assert.match(g, /format=yuvj420p\[vout\]$/);
  assert.deepEqual(plan.inputs.map((i) => i.sourceId), ['screen', 'cam']);
  // The encoder's inputs for the same scene are the preview's plus the microphone.
  const enc = buildFfmpegArgs(s, { ...defaultPipelineSettings(), relayUrl: 'rtmp://127.0.0.1/live/x' }, 'linux');
  assert.deepEqual(enc.inputs.map((i) => i.sourceId), ['screen', 'cam', 'mic']);
});

test('crop and opacity: filters only when set, the same in the stream and in the preview', () => {
  assert.equal(cropFilter(undefined), null);
  assert.equal(cropFilter({ left: 0, top: 0, right: 0, bottom: 0 }), null);
  assert.equal(cropFilter({ left: 0.25, top: 0.1, right: 0.25, bottom: 0 }), 'crop=w=trunc(iw*0.5/2)*2:h=trunc(ih*0.9/2)*2:x=trunc(iw*0.25/2)*2:y=trunc(ih*0.1/2)*2');
  const layers = [{ id: 'bars', source: { kind: 'test-pattern' }, rect: FULL, crop: { left: 0.5 }, opacity: 0.25 }];
  const enc = graphOf(buildFfmpegArgs(scene(layers), { ...defaultPipelineSettings(), relayUrl: 'rtmp://h/live/x' }, 'linux').args);
  const prev = graphOf(buildPreviewArgs(scene(layers), { width: 640, height: 360, fps: 10 }, 'linux').args);
  for (const g of [enc, prev]) {
    assert.match(g, /crop=w=trunc\(iw\*0\.5\/2\)\*2:h=trunc\(ih\*1\/2\)\*2:x=trunc\(iw\*0\.5\/2\)\*2:y=trunc\(ih\*0\/2\)\*2,scale=/);
    assert.match(g, /format=yuva420p,lutyuv=a=val\*0\.25\[v0\]/);
  }
  // Invisible (opacity 0) is left out like a hidden layer; drawtext gets its alpha.
  const none = buildPreviewArgs(scene([{ id: 'b', source: { kind: 'test-pattern' }, rect: FULL, opacity: 0 }]), { width: 640, height: 360, fps: 10 }, 'linux');
  assert.equal(none.inputs.length, 0);
  const text = graphOf(buildPreviewArgs(scene([{ id: 't', source: { kind: 'text', text: 'hi' }, rect: FULL, opacity: 0.5 }]), { width: 640, height: 360, fps: 10 }, 'linux').args);
  assert.match(text, /drawtext=.*:alpha=0\.5:x=0:y=0/);
});

test('old scenes load unchanged; a crop that keeps nothing is refused', () => {
  const old = scene([{ id: 'a', source: { kind: 'display' }, rect: FULL }]);
  assert.equal(old.layers[0]!.crop, undefined);
  assert.equal(old.layers[0]!.opacity, undefined);
  assert.throws(() => scene([{ id: 'a', source: { kind: 'display' }, rect: FULL, crop: { left: 0.6, right: 0.6 } }]), /at least 5 %/);
  assert.throws(() => scene([{ id: 'a', source: { kind: 'display' }, rect: FULL, opacity: 1.5 }]));
});

test('the live stream as the preview: the relay URL decoded small, no audio', () => {
  const a = buildStreamPreviewArgs('http://127.0.0.1:8000/live/r.flv', { width: 640, height: 360, fps: 12 });
  assert.equal(a[a.indexOf('-i') + 1], 'http://127.0.0.1:8000/live/r.flv');
  assert.match(a[a.indexOf('-vf') + 1]!, /^fps=12,scale=640:360:force_original_aspect_ratio=decrease/);
  assert.ok(a.includes('-an'));
});

test('thumbnails: one frame of a display; none where the platform cannot capture (window on Linux)', () => {
  const t = buildThumbnailArgs({ kind: 'display', device: ':0.0', showCursor: false }, 'linux');
  assert.ok('args' in t);
  assert.ok(t.args.includes('x11grab'));
  assert.equal(t.args[t.args.indexOf('-frames:v') + 1], '1');
  assert.ok('missing' in buildThumbnailArgs({ kind: 'window', title: 'OBS' }, 'linux'));
  const win = buildThumbnailArgs({ kind: 'window', title: 'OBS' }, 'win32');
  assert.ok('args' in win && win.args.includes('title=OBS'));
});

test('the preview size keeps the output aspect, even, never larger than the output', () => {
  assert.deepEqual(previewSize({ width: 1920, height: 1080 }, { width: 640, fps: 12 }), { width: 640, height: 360, fps: 12 });
  assert.deepEqual(previewSize({ width: 1080, height: 1920 }, { width: 640, fps: 12 }), { width: 640, height: 1136, fps: 12 });
  assert.deepEqual(previewSize({ width: 426, height: 240 }, { width: 640, fps: 10 }), { width: 426, height: 240, fps: 10 });
});

/** A minimal JPEG: SOI, a table segment whose bytes contain FF D9, SOS, entropy data with stuffing and a restart marker, EOI. */
function fakeJpeg(fill: number): Buffer {
  const table = Buffer.from([0xff, 0xdb, 0x00, 0x06, 0xff, 0xd9, 0x01, 0x02]);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x04, 0x00, 0x00]);
  const data = Buffer.from([fill, 0xff, 0x00, fill, 0xff, 0xd0, fill, fill]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), table, sos, data, Buffer.from([0xff, 0xd9])]);
}

test('the MJPEG splitter: whole frames across chunk borders, marker look-alikes inside, garbage skipped', () => {
  const frames = [fakeJpeg(1), fakeJpeg(2), fakeJpeg(3)];
  const stream = Buffer.concat([Buffer.from('garbage'), ...frames]);
  for (const size of [1, 3, 7, stream.length]) {
    const s = new JpegFrameSplitter();
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i += size) out.push(...s.push(stream.subarray(i, i + size)));
    assert.deepEqual(out, frames, `chunks of ${size}`);
    assert.equal(s.skippedBytes, 7);
  }
});

test('the MJPEG splitter is bounded: an oversized frame is dropped and the next one found', () => {
  const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02]), Buffer.alloc(5000, 7)]);
  const s = new JpegFrameSplitter({ maxFrameBytes: 1000 });
  const out = [...s.push(big), ...s.push(fakeJpeg(9))];
  assert.deepEqual(out, [fakeJpeg(9)]);
  assert.ok(s.dropped >= 1);
  // Not a JPEG after the start marker (no FF): resynchronised, not stuck.
  const s2 = new JpegFrameSplitter();
  assert.deepEqual(s2.push(Buffer.concat([Buffer.from([0xff, 0xd8, 0x12, 0x34, 0x56, 0x78]), fakeJpeg(4)])), [fakeJpeg(4)]);
});
