/**
 * Audio capture and the offline meters: golden arguments per platform (microphone, desktop audio,
 * what is missing and why), the live filter commands for fader, mute and noise suppression, and
 * the pure parsers the meters rely on. After an intended change: UPDATE_GOLDEN=1, then review the diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AudioSourceSchema, type AudioSource } from '../../common/scene';
import { buildMeterArgs, commandLine, commandsFor } from '../../media/studio/args';
import { defaultsFirst, parsePactlDefaults, parsePactlSources } from '../../media/studio/device-parsers';
import type { DeviceInventory, Platform } from '../../media/studio/device-types';
import { parseLevelLine } from '../../media/studio/levels';

const GOLDEN = path.join(__dirname, '..', 'golden');

function golden(name: string, actual: unknown): void {
  const file = path.join(GOLDEN, `${name}.json`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')), `${name} changed: review, then UPDATE_GOLDEN=1 to accept`);
}

const mic = AudioSourceSchema.parse({ id: 'mic', name: 'Mic', kind: 'microphone', volume: 0.8 });
const desk = AudioSourceSchema.parse({ id: 'desk', name: 'Desktop', kind: 'desktop', noiseSuppression: true });
const tone = AudioSourceSchema.parse({ id: 'tone', kind: 'tone', frequencyHz: 1000, muted: true });

const base = { displays: [], cameras: [], warnings: [] };
const pulseSources = [
  { id: 'alsa_input.usb-Blue_Yeti-00.analog-stereo', name: 'usb-Blue_Yeti-00.analog-stereo', loopback: false },
  { id: 'alsa_output.pci-0000_00_1f.3.analog-stereo.monitor', name: 'pci-0000_00_1f.3.analog-stereo (monitor)', loopback: true },
];
const inventories: Record<string, DeviceInventory> = {
  'linux-pulse': { ...base, platform: 'linux', audioBackend: 'pulse', audio: pulseSources },
  'linux-parec': { ...base, platform: 'linux', audioBackend: 'parec', audio: pulseSources },
  'linux-alsa': { ...base, platform: 'linux', audioBackend: 'alsa', audio: [{ id: 'hw:1,0', name: 'USB Audio', loopback: false }] },
  'linux-no-sound-card': { ...base, platform: 'linux', audioBackend: 'alsa', audio: [] },
  win32: { ...base, platform: 'win32', audioBackend: 'dshow', audio: [{ id: 'Microphone (Realtek(R) Audio)', name: 'Microphone (Realtek(R) Audio)', loopback: false }, { id: 'virtual-audio-capturer', name: 'virtual-audio-capturer', loopback: true }] },
  'win32-no-loopback': { ...base, platform: 'win32', audioBackend: 'dshow', audio: [{ id: 'Microphone (Realtek(R) Audio)', name: 'Microphone (Realtek(R) Audio)', loopback: false }] },
  darwin: { ...base, platform: 'darwin', audioBackend: 'avfoundation', audio: [{ id: '0', name: 'MacBook Pro Microphone', loopback: false }, { id: '1', name: 'BlackHole 2ch', loopback: true }] },
  'darwin-no-blackhole': { ...base, platform: 'darwin', audioBackend: 'avfoundation', audio: [{ id: '0', name: 'MacBook Pro Microphone', loopback: false }] },
};

for (const platform of ['linux', 'win32', 'darwin'] as Platform[]) {
  test(`golden: the audio meters' capture arguments on ${platform} (microphone, desktop audio, tone; missing devices)`, () => {
    const cases = Object.fromEntries(Object.entries(inventories).filter(([k]) => k.startsWith(platform)).map(([k, inv]) => [
      k, Object.fromEntries([mic, desk, tone].map((s: AudioSource) => [s.id, buildMeterArgs(s, platform, inv)])),
    ]));
    golden(`audio-capture-${platform}`, cases);
  });
}

test('Linux without ffmpeg PulseAudio input: parec writes a named pipe that ffmpeg reads (never pipe:, which would switch off stdin commands)', () => {
  const plan = buildMeterArgs(desk, 'linux', inventories['linux-parec']);
  assert.ok(!('missing' in plan));
  assert.equal(plan.feed?.command, 'parec');
  assert.ok(plan.feed?.args.includes('--device=alsa_output.pci-0000_00_1f.3.analog-stereo.monitor'), 'desktop audio = the monitor of the output');
  const input = plan.args[plan.args.indexOf('-i') + 1];
  assert.equal(input, plan.feed?.fifo);
  assert.equal(plan.feed?.args.at(-1), plan.feed?.fifo);
  assert.ok(!plan.args.some((a) => a.startsWith('pipe:')));
  assert.deepEqual(plan.args.slice(plan.args.indexOf('-f'), plan.args.indexOf('-f') + 6), ['-f', 's16le', '-ar', '48000', '-ac', '2']);
});

test('a machine without a sound card: the microphone and desktop audio are missing with their notes, a tone still meters', () => {
  const none = inventories['linux-no-sound-card'];
  const m = buildMeterArgs(mic, 'linux', none);
  const d = buildMeterArgs(desk, 'linux', none);
  assert.ok('missing' in m && m.missing.code === 'mic-none');
  assert.ok('missing' in d && d.missing.code === 'desktop-audio-none');
  assert.ok(!('missing' in buildMeterArgs(tone, 'linux', none)));
  const mac = buildMeterArgs(desk, 'darwin', inventories['darwin-no-blackhole']);
  assert.ok('missing' in mac && mac.missing.code === 'desktop-audio-unsupported' && /BlackHole/.test(mac.missing.text));
});

test('fader, mute and noise suppression become filter commands on the running chain', () => {
  const on = { volume: 1, muted: false, noiseSuppression: false };
  assert.deepEqual(commandsFor('lvl0', on, { ...on }), [], 'nothing audible changed: no command');
  assert.deepEqual(commandsFor('lvl0', on, { ...on, muted: true }), [{ target: 'volume@lvl0', command: 'volume', arg: '0' }]);
  assert.deepEqual(commandsFor('lvl1', { ...on, muted: true }, { ...on, volume: 0.5, muted: true }), [], 'a muted fader moves silently');
  assert.deepEqual(commandsFor('lvl0', on, { ...on, volume: 0.25 }), [{ target: 'volume@lvl0', command: 'volume', arg: '0.25' }]);
  // Switching noise suppression on opens the wet path before closing the dry one (never both closed).
  assert.deepEqual(commandsFor('lvl2', on, { ...on, noiseSuppression: true }).map((c) => `${c.target}=${c.arg}`), ['volume@lvl2w=2', 'volume@lvl2d=0']);
  assert.deepEqual(commandsFor('lvl2', { ...on, noiseSuppression: true }, on).map((c) => `${c.target}=${c.arg}`), ['volume@lvl2d=2', 'volume@lvl2w=0']);
  assert.equal(commandLine({ target: 'volume@lvl0', command: 'volume', arg: '0.5' }), 'cvolume@lvl0 -1 volume 0.5\n');
});

test('PulseAudio: the default sink\'s monitor is the desktop audio, the default source the microphone', () => {
  const info = 'Server Name: pulseaudio\nDefault Sink: alsa_output.usb-dock.analog-stereo\nDefault Source: alsa_input.usb-Blue_Yeti-00.analog-stereo\n';
  const d = parsePactlDefaults(info);
  assert.deepEqual(d, { sink: 'alsa_output.usb-dock.analog-stereo', source: 'alsa_input.usb-Blue_Yeti-00.analog-stereo' });
  const sources = parsePactlSources([
    '0\talsa_output.pci-0000_00_1f.3.analog-stereo.monitor\tmodule-alsa-card.c\ts16le 2ch 48000Hz\tSUSPENDED',
    '1\talsa_input.pci-0000_00_1f.3.analog-stereo\tmodule-alsa-card.c\ts16le 2ch 48000Hz\tSUSPENDED',
    '2\talsa_output.usb-dock.analog-stereo.monitor\tmodule-alsa-card.c\ts16le 2ch 48000Hz\tIDLE',
    '3\talsa_input.usb-Blue_Yeti-00.analog-stereo\tmodule-alsa-card.c\ts16le 2ch 48000Hz\tRUNNING',
  ].join('\n'));
  const ordered = defaultsFirst(sources, d);
  assert.equal(ordered.find((s) => s.loopback)?.id, 'alsa_output.usb-dock.analog-stereo.monitor');
  assert.equal(ordered.find((s) => !s.loopback)?.id, 'alsa_input.usb-Blue_Yeti-00.analog-stereo');
  assert.deepEqual(parsePactlDefaults('garbage'), { sink: null, source: null });
});

test('level lines: RMS and peak per tag, silence at the floor, garbage ignored', () => {
  assert.deepEqual(parseLevelLine('[ametadata@lvl0 @ 0x55d] lavfi.astats.Overall.RMS_level=-27.09'), { tag: 'lvl0', kind: 'rms', db: -27.1 });
  assert.deepEqual(parseLevelLine('[ametadata@lvl3p @ 0x55d] lavfi.astats.Overall.Peak_level=-inf'), { tag: 'lvl3', kind: 'peak', db: -90 });
  assert.equal(parseLevelLine('[ametadata@lvl0p @ 0x1] frame:12 pts:24576 pts_time:0.512'), null);
  assert.equal(parseLevelLine('lavfi.astats.Overall.RMS_level=-3'), null);
  assert.equal(parseLevelLine('\u0000'.repeat(1000)), null);
});
