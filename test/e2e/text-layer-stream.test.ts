/**
 * "Chinese and emoji text in the stream are boxes": a text layer added in the studio's editor reaches
 * the relay's stream as the glyphs the editor drew. A frame grabbed from the relay with Debian's
 * ffmpeg (an independent client) is compared, in the text's region, with the editor's raster; the
 * same comparison against a render with a Latin-only font (boxes for 汉字 and emoji) must be far worse,
 * so the test cannot pass on boxes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import type { Scene } from '../../common/scene';
import { startBrowserModeStudio } from '../helpers/studio';
import { waitFor } from '../helpers/media';

const run = promisify(execFile);
const DEBIAN_FFMPEG = '/usr/bin/ffmpeg';
const LATIN_ONLY_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const built = existsSync(path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html'));
const TEXT = '欢迎来到直播间 🎉';

/** Decodes the first video frame of `inputs` (through `graph`, if any) to 8-bit grey pixels, cropped to the text's region. */
async function grey(inputs: string[], graph: string | null, crop: { x: number; y: number; w: number; h: number }): Promise<Buffer> {
  const tail = `crop=${crop.w}:${crop.h}:${crop.x}:${crop.y},format=gray`;
  const filter = graph ? ['-filter_complex', `${graph},${tail}`] : ['-vf', tail];
  const { stdout } = await run(DEBIAN_FFMPEG, ['-hide_banner', '-loglevel', 'error', ...inputs, ...filter, '-frames:v', '1', '-f', 'rawvideo', '-'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 30_000 });
  assert.equal(stdout.length, crop.w * crop.h, 'one grey frame of the text region');
  return stdout;
}

const meanAbsDiff = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

test('a text layer with Chinese and emoji reaches the stream as the glyphs the editor drew, not boxes', { skip: (!built && 'run "node scripts/build.mjs" first') || (!existsSync(DEBIAN_FFMPEG) && 'needs Debian\'s ffmpeg'), timeout: 150_000 }, async (t) => {
  const stack = await startBrowserModeStudio('text-stream-e2e-');
  t.after(() => stack.stop());
  const { core, bridge, browser, dataDir } = stack;

  // A black canvas and a tone: the text is the only thing in the picture.
  const black: Scene = {
    id: 'titles', name: 'Titles',
    layers: [{ id: 'bg', name: 'Black', source: { kind: 'test-pattern', pattern: 'color', color: 'black' }, rect: { x: 0, y: 0, width: 1, height: 1 }, visible: true }],
    audio: [{ id: 'tone', name: 'Tone', kind: 'tone', volume: 0.5, muted: false, frequencyHz: 440 }],
  };
  await core.saveScenes([...(await core.getSnapshot()).scenes, black]);
  await core.switchScene('titles');

  const studio = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  studio.on('pageerror', (e) => errors.push(String(e)));
  await studio.goto(bridge.url);
  await studio.getByTestId('add-source').click();
  await studio.getByTestId('picker-tab-text').click();
  await studio.getByTestId('picker-text').fill(TEXT);
  await studio.getByTestId('picker-text-add').click();

  // The editor drew the layer and the core stored its PNG in the data folder.
  const layer = await waitFor('the text layer with its raster', async () => {
    const scene = (await core.getSnapshot()).scenes.find((s) => s.id === 'titles');
    const l = scene?.layers.find((x) => x.source.kind === 'text');
    return l?.source.kind === 'text' && l.source.raster ? l : null;
  }, 20_000);
  assert.equal(layer.source.kind, 'text');
  const raster = layer.source.kind === 'text' ? layer.source.raster! : null!;
  const png = path.join(dataDir, 'text-images', `${raster.id}.png`);
  assert.ok(existsSync(png), 'the raster is stored content-addressed in the data folder');
  // The properties panel opened for the new layer, and the canvas shows the text.
  await studio.getByTestId('text-properties').waitFor({ timeout: 10_000 });
  assert.equal(await studio.getByTestId('text-prop-text').inputValue(), TEXT);

  await studio.getByTestId('go-live').click();
  await studio.getByTestId('stop').waitFor({ state: 'visible', timeout: 45_000 });
  const settings = (await core.getSnapshot()).settings.output.video;
  const region = {
    x: Math.round(layer.rect.x * settings.width), y: Math.round(layer.rect.y * settings.height),
    w: raster.width, h: raster.height,
  };
  const flv = (await core.getSnapshot()).relay.urls!.flv;
  // A frame a second into the stream (the first may predate the still inputs).
  const frame = await waitFor('a frame from the relay', () => grey(['-ss', '1', '-i', flv], null, region), 45_000);

  const lavfiBlack = ['-f', 'lavfi', '-i', `color=c=black:s=${settings.width}x${settings.height}`];
  const expected = await grey([...lavfiBlack, '-i', png], `[0][1]overlay=${region.x}:${region.y}`, region);
  const inkExpected = meanAbsDiff(expected, Buffer.alloc(expected.length));
  assert.ok(inkExpected > 5, `the raster has ink (${inkExpected.toFixed(1)})`);

  const diff = meanAbsDiff(frame, expected);
  assert.ok(diff < inkExpected * 0.35, `the streamed text matches the editor's raster: mean difference ${diff.toFixed(1)} (ink ${inkExpected.toFixed(1)})`);

  if (existsSync(LATIN_ONLY_FONT)) {
    // What viewers used to get: the same text with a Latin-only font, i.e. boxes.
    const tofu = await grey(lavfiBlack, `drawtext=fontfile=${LATIN_ONLY_FONT}:text='${TEXT}':fontsize=48:fontcolor=white:x=${region.x}:y=${region.y}`, region);
    const tofuDiff = meanAbsDiff(tofu, expected);
    assert.ok(tofuDiff > diff * 2, `boxes would be told apart: boxes differ by ${tofuDiff.toFixed(1)}, the stream by ${diff.toFixed(1)}`);
  }
  assert.deepEqual(errors, []);
  await studio.getByTestId('stop').click();
  await studio.getByTestId('go-live').waitFor({ state: 'visible', timeout: 30_000 });
});
