/**
 * Golden tests: the same scene gives these exact ffmpeg arguments on each platform.
 * After an intended change: UPDATE_GOLDEN=1 npm test -- pipeline-args, then review the diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ENCODER_IDS, PipelineSettingsSchema } from '../../common/pipeline';
import { SceneSchema, PIP_BOTTOM_RIGHT, FULL_CANVAS } from '../../common/scene';
import { buildFfmpegArgs, ENCODERS, trialArgs } from '../../media/studio/args';
import { videoEncoderArgs } from '../../media/studio/args/encoder';
import type { DeviceInventory, Platform } from '../../media/studio/device-types';

const GOLDEN = path.join(__dirname, '..', 'golden');

const scene = SceneSchema.parse({
  id: 'main',
  name: 'Main',
  layers: [
    { id: 'screen', source: { kind: 'display' }, rect: FULL_CANVAS },
    { id: 'cam', source: { kind: 'camera' }, rect: PIP_BOTTOM_RIGHT },
    { id: 'title', source: { kind: 'text', text: "Live: 100%, it's [on]", fontSize: 36 }, rect: { x: 0.03, y: 0.03, width: 0.6, height: 0.1 } },
  ],
  audio: [
    { id: 'mic', kind: 'microphone', volume: 0.8 },
    { id: 'desk', kind: 'desktop', volume: 0.5 },
  ],
});

const settings = PipelineSettingsSchema.parse({
  video: { width: 1280, height: 720, fps: 30, bitrateKbps: 2500, keyframeIntervalSec: 1, encoder: 'x264', preset: 'veryfast' },
  relayUrl: 'rtmp://127.0.0.1:1935/live/main?key=k',
});

const inventories: Record<Platform, DeviceInventory> = {
  linux: {
    platform: 'linux', audioBackend: 'pulse', warnings: [],
    displays: [{ id: ':0.0/HDMI-1', name: 'HDMI-1 (1920x1080)', width: 1920, height: 1080, x: 0, y: 0, primary: true }],
    cameras: [{ id: '/dev/video0', name: 'Integrated Camera' }],
    audio: [
      { id: 'alsa_input.pci-0000_00_1f.3.analog-stereo', name: 'Built-in Audio Analog Stereo', loopback: false },
      { id: 'alsa_output.pci-0000_00_1f.3.analog-stereo.monitor', name: 'Monitor of Built-in Audio', loopback: true },
    ],
  },
  win32: {
    platform: 'win32', audioBackend: 'dshow', warnings: [],
    displays: [{ id: 'desktop', name: 'Desktop', width: 1920, height: 1080, x: 0, y: 0, primary: true }],
    cameras: [{ id: 'Integrated Webcam', name: 'Integrated Webcam' }],
    audio: [
      { id: 'Microphone (Realtek(R) Audio)', name: 'Microphone (Realtek(R) Audio)', loopback: false },
      { id: 'Stereo Mix (Realtek(R) Audio)', name: 'Stereo Mix (Realtek(R) Audio)', loopback: true },
    ],
  },
  darwin: {
    platform: 'darwin', audioBackend: 'avfoundation', warnings: [],
    displays: [{ id: '1', name: 'Capture screen 0', width: null, height: null, x: 0, y: 0, primary: true }],
    cameras: [{ id: '0', name: 'FaceTime HD Camera' }],
    audio: [
      { id: '0', name: 'MacBook Pro Microphone', loopback: false },
      { id: '1', name: 'BlackHole 2ch', loopback: true },
    ],
  },
};

const sinks = { program: 'stdout' } as const;

function golden(name: string, actual: unknown): void {
  const file = path.join(GOLDEN, `${name}.json`);
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    writeFileSync(file, text);
    return;
  }
  assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')), `${name} changed: review, then UPDATE_GOLDEN=1 to accept`);
}

for (const platform of ['linux', 'win32', 'darwin'] as const) {
  test(`golden: the main scene on ${platform}`, () => {
    const plan = buildFfmpegArgs(scene, settings, platform, inventories[platform], sinks);
    golden(`ffmpeg-args-${platform}`, plan);
    assert.deepEqual(plan.notes, []);
    assert.deepEqual(plan.meters.map((m) => m.sourceId), ['mic', 'desk']);
  });
}

test('keyframe every second by default, CBR-ish rate control, AAC 48 kHz', () => {
  const { args } = buildFfmpegArgs(scene, settings, 'linux', inventories.linux, sinks);
  const after = (flag: string) => args[args.indexOf(flag) + 1];
  assert.equal(after('-g'), '30');
  assert.equal(after('-keyint_min'), '30');
  assert.equal(after('-sc_threshold'), '0');
  assert.equal(after('-b:v'), '2500k');
  assert.equal(after('-maxrate'), '2500k');
  assert.equal(after('-ar'), '48000');
  assert.equal(after('-c:a'), 'aac');
  const twoSec = buildFfmpegArgs(scene, { ...settings, video: { ...settings.video, fps: 60, keyframeIntervalSec: 2 } }, 'linux', inventories.linux, sinks);
  assert.equal(twoSec.args[twoSec.args.indexOf('-g') + 1], '120');
});

test('missing devices are left out with a note, and the stream still carries audio (silence)', () => {
  const empty: DeviceInventory = { platform: 'linux', audioBackend: 'alsa', warnings: [], displays: [], cameras: [], audio: [] };
  const plan = buildFfmpegArgs(scene, settings, 'linux', empty, sinks);
  assert.deepEqual(plan.notes.map((n) => n.text), [
    'No display found: the screen layer is left out.',
    'No camera found: the camera layer is left out.',
    'No microphone found: it is left out.',
    'No desktop audio source found: it is left out.',
    'No audio source could be opened: the stream carries silence.',
  ]);
  // Each note names the layer (or audio source) it is about, so the UI marks that one as missing.
  const byLayer = [...scene.layers.map((l) => l.id), ...scene.audio.map((a) => a.id)];
  assert.deepEqual(plan.notes.map((n) => [n.layerId, n.code]), [
    [byLayer[0], 'display-none'], [scene.layers.find((l) => l.source.kind === 'camera')?.id, 'camera-none'],
    [scene.audio.find((a) => a.kind === 'microphone')?.id, 'mic-none'], [scene.audio.find((a) => a.kind === 'desktop')?.id, 'desktop-audio-none'],
    [undefined, 'audio-silence'],
  ]);
  assert.ok(plan.args.some((a) => a.startsWith('anullsrc=')));
  assert.ok(!plan.args.includes('x11grab'));
  assert.ok(plan.args.includes('[aout]'));
});

test('window capture is Windows-only: elsewhere it is a note, on Windows gdigrab title=', () => {
  const s = SceneSchema.parse({ id: 'w', name: 'W', layers: [{ id: 'g', source: { kind: 'window', title: 'Game' }, rect: FULL_CANVAS }], audio: [] });
  const note = buildFfmpegArgs(s, settings, 'linux', inventories.linux, sinks).notes[0];
  assert.match(note?.text ?? '', /not available on Linux/);
  assert.deepEqual([note?.layerId, note?.code, note?.params], ['g', 'window-unsupported', { title: 'Game', os: 'Linux' }]);
  assert.ok(buildFfmpegArgs(s, settings, 'win32', inventories.win32, sinks).args.includes('title=Game'));
});

test('hardware encoders get their own options; without sinks the command publishes FLV to the relay', () => {
  for (const [encoder, codec] of [['nvenc', 'h264_nvenc'], ['qsv', 'h264_qsv'], ['vaapi', 'h264_vaapi'], ['videotoolbox', 'h264_videotoolbox'], ['amf', 'h264_amf']] as const) {
    const { args } = buildFfmpegArgs(scene, { ...settings, video: { ...settings.video, encoder } }, 'linux', inventories.linux);
    assert.equal(args[args.indexOf('-c:v') + 1], codec);
    assert.deepEqual(args.slice(-3), ['-f', 'flv', 'rtmp://127.0.0.1:1935/live/main?key=k']);
  }
});

test('a muted source is metered at zero gain; a region of a display is captured at its offset', () => {
  const s = SceneSchema.parse({
    id: 'r', name: 'R',
    layers: [{ id: 'part', source: { kind: 'display', region: { x: 100, y: 50, width: 800, height: 600 } }, rect: FULL_CANVAS }],
    audio: [{ id: 'mic', kind: 'microphone', muted: true }],
  });
  const { args } = buildFfmpegArgs(s, settings, 'linux', inventories.linux, sinks);
  assert.ok(args.includes(':0.0+100,50'));
  assert.equal(args[args.indexOf('-video_size') + 1], '800x600');
  assert.match(args[args.indexOf('-filter_complex') + 1] ?? '', /volume@lvl0=0,/);
});

for (const platform of ['linux', 'win32', 'darwin'] as const) {
  test(`golden: the encoder registry on ${platform} (which are tried, their trial encode and stream options)`, () => {
    const registry = ENCODER_IDS.map((id) => {
      const d = ENCODERS[id];
      return {
        id, label: d.label, ffmpegName: d.ffmpegName, hardware: d.hardware, tried: d.platforms.includes(platform),
        globalArgs: d.globalArgs(platform), pixelFilters: d.pixelFilters,
        trial: trialArgs(id, platform),
        stream: videoEncoderArgs({ ...settings.video, encoder: id }),
        failures: (d.failures ?? []).map((f) => ({ test: f.test.source, say: f.say })),
      };
    });
    golden(`encoders-${platform}`, registry);
    assert.ok(registry.find((e) => e.id === 'x264')?.tried, 'x264 is tried everywhere');
    assert.ok(ENCODER_IDS.every((id) => ENCODERS[id].id === id), 'each descriptor is filed under its own id');
    assert.equal(new Set(registry.map((e) => e.ffmpegName)).size, registry.length, 'one descriptor per ffmpeg encoder');
  });
}

test('a fade composes the outgoing scene over the new one with a fading alpha; its inputs end; the new sound fades in', () => {
  const from = SceneSchema.parse({
    id: 'prev', name: 'Prev', layers: [{ id: 'bars', source: { kind: 'test-pattern', pattern: 'smptebars' }, rect: FULL_CANVAS }], audio: [],
  });
  const plain = buildFfmpegArgs(scene, settings, 'linux', inventories.linux, sinks);
  const { args, inputs, notes } = buildFfmpegArgs(scene, settings, 'linux', inventories.linux, sinks, { fadeFrom: { scene: from, durationMs: 500, inputSeconds: 2.5 } });
  const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
  // 500 ms at 30 fps = 15 frames from opaque to clear, the old scene on top, the new one passed on alone after.
  assert.match(graph, /format=yuva420p,fade=t=out:s=15:n=15:alpha=1\[vprev\]/);
  assert.match(graph, /\[vnext\]\[vprev\]overlay=eof_action=pass,format=yuv420p\[vout\]/);
  assert.match(graph, /color=c=black:size=1280x720:rate=30:d=2\.5,/);
  assert.match(graph, /afade=t=in:ss=12000:ns=24000\[aout\]/);
  // The outgoing scene's inputs stop after 2.5 s and are named apart (a failure there never leaves out a layer going on air).
  const prev = inputs.filter((i) => i.sourceId.startsWith('fade:'));
  assert.deepEqual(prev.map((i) => i.sourceId), ['fade:bars']);
  const i = args.indexOf(prev[0]!.url);
  assert.deepEqual(args.slice(i - 6, i - 4), ['-t', '2.5']);
  assert.equal(inputs.length, plain.inputs.length + 1);
  assert.deepEqual(notes, plain.notes, 'notes are about the scene going on air only');
  assert.equal(args.filter((a) => a === 'pipe:1').length, 1);
  assert.equal(args[args.indexOf('-progress') + 1], 'pipe:3');
});
