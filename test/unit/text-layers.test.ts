/**
 * Text layers: the args builder overlays the editor's raster (or falls back to drawtext with a CJK
 * font and the outline), the core hands the pipeline only rasters that match their text, and the PNG
 * arriving over IPC is checked (signature, header, size caps) before anything stores it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { PipelineSettingsSchema } from '../../common/pipeline';
import { SceneCollectionSchema, SceneSchema, textRasterKey, type SceneCollection } from '../../common/scene';
import { StudioError } from '../../common/studio-api';
import { buildFfmpegArgs } from '../../media/studio/args';
import { pickLinuxCjkFont, knownCjkFonts } from '../../media/studio/cjk-font';
import { dispatchStudioCall } from '../../main/studio/dispatch';
import { MAX_TEXT_IMAGE_BYTES, TextImageStore, validatePng } from '../../main/studio/text-images';
import { prepareTextLayers, stripRasterPaths } from '../../main/studio/text-layers';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A real RGBA PNG of w×h transparent pixels. */
function png(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((w * 4 + 1) * h);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const settings = PipelineSettingsSchema.parse({
  video: { width: 1280, height: 720, fps: 30, bitrateKbps: 2500, keyframeIntervalSec: 1, encoder: 'x264', preset: 'veryfast' },
  relayUrl: 'rtmp://127.0.0.1:1935/live/main?key=k',
});
const text = { kind: 'text' as const, text: '欢迎来到直播间 🎉', fontSize: 48, color: '#ffffff' };
const rect = { x: 0.05, y: 0.05, width: 0.5, height: 0.1 };

test('a text layer with a raster is overlaid as a still image at its place; no drawtext', () => {
  const scene = SceneSchema.parse({
    id: 's', name: 'S', audio: [],
    layers: [{ id: 't', source: { ...text, raster: { id: 'a'.repeat(64), width: 640, height: 72, key: textRasterKey(text), path: '/data/text-images/aaa.png' } }, rect }],
  });
  const { args } = buildFfmpegArgs(scene, settings, 'linux');
  const i = args.indexOf('/data/text-images/aaa.png');
  assert.ok(i > 0 && args[i - 1] === '-i' && args.slice(i - 6, i).join(' ').includes('-loop 1'), 'the PNG is a looped still input');
  const graph = args[args.indexOf('-filter_complex') + 1]!;
  assert.match(graph, /\[0:v\][^;]*scale=640:72:force_original_aspect_ratio=decrease\[v0\]/);
  assert.match(graph, /overlay=x=64\+\(640-w\)\/2:y=36\+\(72-h\)\/2/);
  assert.doesNotMatch(graph, /drawtext/);
});

test('without a raster, drawtext draws the text with the given font file and outline', () => {
  const scene = SceneSchema.parse({
    id: 's', name: 'S', audio: [],
    layers: [{ id: 't', source: { ...text, fontFile: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', outlineWidth: 3, outlineColor: '#000000' }, rect }],
  });
  const graph = buildFfmpegArgs(scene, settings, 'linux').args.find((a) => a.includes('drawtext'))!;
  assert.match(graph, /drawtext=fontfile=\/usr\/share\/fonts\/opentype\/noto\/NotoSansCJK-Regular.ttc:expansion=none:text=欢迎来到直播间 🎉:fontsize=48:fontcolor=#ffffff:borderw=3:bordercolor=#000000:x=64:y=36/);
});

function collection(raster?: object): SceneCollection {
  return SceneCollectionSchema.parse({
    activeSceneId: 's',
    scenes: [{ id: 's', name: 'S', audio: [], layers: [{ id: 't', source: { ...text, ...(raster ? { raster } : {}) }, rect }] }],
  });
}

test('the pipeline gets a raster only when it is stored and shows the current text; else a CJK fallback font', () => {
  const id = 'b'.repeat(64);
  const stored = (x: string) => (x === id ? `/data/text-images/${x}.png` : null);
  const srcOf = (c: SceneCollection) => c.scenes[0]!.layers[0]!.source as { raster?: { path?: string }; fontFile?: string };

  const ok = prepareTextLayers(collection({ id, width: 640, height: 72, key: textRasterKey(text) }), { rasterPath: stored, fallbackFont: '/f/cjk.ttc' });
  assert.equal(srcOf(ok).raster?.path, `/data/text-images/${id}.png`);
  assert.equal(srcOf(ok).fontFile, undefined);

  // The text was changed through the API after the raster was drawn: the raster would show old text.
  const stale = prepareTextLayers(collection({ id, width: 640, height: 72, key: textRasterKey({ ...text, text: 'old' }) }), { rasterPath: stored, fallbackFont: '/f/cjk.ttc' });
  assert.equal(srcOf(stale).raster, undefined);
  assert.equal(srcOf(stale).fontFile, '/f/cjk.ttc');

  const missing = prepareTextLayers(collection({ id: 'c'.repeat(64), width: 640, height: 72, key: textRasterKey(text) }), { rasterPath: stored, fallbackFont: null });
  assert.equal(srcOf(missing).raster, undefined, 'a raster file that is not stored is not used');
});

test('a client cannot choose the file the pipeline reads: raster paths it sends are dropped', () => {
  const input = [{ id: 's', name: 'S', audio: [], layers: [{ id: 't', rect, source: { ...text, raster: { id: 'a'.repeat(64), width: 1, height: 1, key: '00000000', path: '/etc/passwd' } } }] }];
  const out = stripRasterPaths(input) as typeof input;
  assert.equal('path' in out[0]!.layers[0]!.source.raster, false);
  assert.equal(stripRasterPaths('garbage'), 'garbage');
});

test('PNG validation: signature, header, dimensions and size are checked', () => {
  assert.deepEqual(validatePng(png(640, 72)), { width: 640, height: 72 });
  const bad = (b: Buffer, re: RegExp) => assert.throws(() => validatePng(b), (e: unknown) => e instanceof StudioError && e.code === 'invalid' && re.test(e.message));
  bad(Buffer.from('GIF89a this is not a png at all, not at all, really not'), /not a PNG/);
  bad(png(4000, 10), /at most 3840×2160/);
  bad(png(10, 10).subarray(0, 60), /cut off|does not end/);
  const trailing = Buffer.concat([png(10, 10), Buffer.from('<script>')]);
  bad(trailing, /does not end where a PNG ends|cut off/);
  bad(Buffer.alloc(MAX_TEXT_IMAGE_BYTES + 1), /more than/);
  const badDepth = png(10, 10);
  badDepth[24] = 7;
  bad(badDepth, /header is not valid/);
});

test('the store keeps each PNG once under its SHA-256 and prunes unused old ones', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'text-images-'));
  try {
    const store = new TextImageStore(dir);
    const a = store.save(png(20, 10).toString('base64'));
    assert.match(a.id, /^[0-9a-f]{64}$/);
    assert.deepEqual({ w: a.width, h: a.height }, { w: 20, h: 10 });
    assert.deepEqual(store.save(png(20, 10).toString('base64')), a, 'same bytes, same id');
    assert.ok(store.pathFor(a.id));
    assert.equal(store.pathFor('../../etc/passwd'), null);
    const b = store.save(png(30, 10).toString('base64'));
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(store.pathFor(b.id)!, old, old);
    assert.equal(store.prune(new Set([a.id])), 1);
    assert.deepEqual(readdirSync(dir), [`${a.id}.png`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('saveTextImage over the API refuses oversized or non-PNG input before storing anything', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'text-images-api-'));
  try {
    const store = new TextImageStore(dir);
    const api = { saveTextImage: async (b64: string) => store.save(b64) } as unknown as Parameters<typeof dispatchStudioCall>[0];
    const huge = await dispatchStudioCall(api, 'saveTextImage', 'A'.repeat(2_000_000));
    assert.equal(huge.ok, false);
    assert.equal(!huge.ok && huge.error.code, 'invalid');
    const notPng = await dispatchStudioCall(api, 'saveTextImage', Buffer.from('hello, world, this is text').toString('base64'));
    assert.equal(!notPng.ok && notPng.error.code, 'invalid');
    const notB64 = await dispatchStudioCall(api, 'saveTextImage', '<<<>>>');
    assert.equal(!notB64.ok && notB64.error.code, 'invalid');
    const wrongType = await dispatchStudioCall(api, 'saveTextImage', { png: 'x' });
    assert.equal(!wrongType.ok && wrongType.error.code, 'invalid');
    assert.deepEqual(readdirSync(dir), [], 'nothing was stored');
    const ok = await dispatchStudioCall(api, 'saveTextImage', png(8, 8).toString('base64'));
    assert.equal(ok.ok, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the drawtext fallback font: fontconfig\'s CJK list on Linux, known fonts elsewhere', () => {
  const out = [
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc: ',
    '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc: ',
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: ',
  ].join('\n');
  assert.equal(pickLinuxCjkFont(out), '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
  assert.equal(pickLinuxCjkFont('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc: \n'), '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc');
  assert.equal(pickLinuxCjkFont(''), null);
  assert.match(knownCjkFonts('win32', { WINDIR: 'C:\\Windows' })[0]!, /^C:\\Windows\\Fonts\\msyh\.ttc$/);
  assert.ok(knownCjkFonts('darwin').some((f) => /PingFang/.test(f)));
});
