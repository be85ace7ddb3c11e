/**
 * "Audio a streamer trusts", with real parts: a private PulseAudio server (no sound card here) whose
 * null sink is the desktop audio and a remap of its monitor a microphone, the whole studio from the
 * composition root, the embedded relay; parec feeds the bundled ffmpeg (it has no PulseAudio input).
 *  - offline (before Go Live) the desktop-audio and microphone meters rise with a tone played into
 *    the sink and fall back to the floor when it stops (the e2e test covers a missing microphone);
 *  - nobody watching: no meter process runs;
 *  - going live carries the tone in the relay's FLV; mute, fader and noise suppression change what
 *    the stream carries (astats on the relay's output), without restarting the encoder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AudioLevelsUpdate, PipelineState } from '../../common/pipeline';
import { SceneSchema, type Scene } from '../../common/scene';
import { locateFfmpeg } from '../../media/ffmpeg/locate';
import { ProcessRegistry, type TrackedProcess } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { parseLevelLine } from '../../media/studio/levels';
import { compose, type Composition } from '../../main/composition';
import { waitFor } from '../helpers/media';
import { startTestPulse, type TestPulse } from '../helpers/pulse';

const execFileP = promisify(execFile);
const helpers = new ProcessRegistry();
let pulse: TestPulse;
let studio: Composition;
let dataDir = '';
let latest: AudioLevelsUpdate | null = null;
let state: PipelineState | null = null;
let sound: TrackedProcess | null = null;
const log = memoryLogger();

const scene: Scene = SceneSchema.parse({
  id: 'aud', name: 'Audio',
  layers: [{ id: 'bg', source: { kind: 'test-pattern', pattern: 'color', color: 'navy' }, rect: { x: 0, y: 0, width: 1, height: 1 } }],
  audio: [{ id: 'desk', name: 'Desktop', kind: 'desktop' }, { id: 'mic', name: 'Mic', kind: 'microphone' }],
});

function meterProcesses(): number {
  return studio.processes.list().filter((p) => p.name.startsWith('meter:')).length;
}

function channel(id: string): { rms: number; from: string; state: string } | null {
  const u = latest;
  if (!u || u.sceneId !== 'aud' || Date.now() - u.at > 1000) return null;
  return { rms: u.levels[id]?.rmsDb ?? -999, from: u.from, state: u.sources[id]?.state ?? 'none' };
}

const desk = () => channel('desk');

async function saveAudio(patch: Partial<Scene['audio'][number]>, id = 'desk'): Promise<void> {
  const snap = await studio.core.getSnapshot();
  const scenes = snap.scenes.map((s) => (s.id === 'aud' ? { ...s, audio: s.audio.map((a) => (a.id === id ? { ...a, ...patch } : a)) } : s));
  await studio.core.saveScenes(scenes);
}

/** The RMS level (dBFS) of what the relay's FLV carries, over its last ~2 s of `seconds` read (the first second is the player's start-up). */
async function streamRms(flvUrl: string, seconds = 4): Promise<number> {
  const { stderr } = await execFileP(locateFfmpeg().path, [
    '-hide_banner', '-nostats', '-i', flvUrl, '-t', String(seconds), '-vn',
    '-af', 'asetnsamples=n=12000:p=0,astats=metadata=1:reset=1,ametadata@probe=mode=print:key=lavfi.astats.Overall.RMS_level',
    '-f', 'null', '-',
  ], { timeout: (seconds + 20) * 1000, maxBuffer: 8 << 20 });
  const readings = stderr.split('\n').map(parseLevelLine).filter((r) => r?.tag === 'probe').map((r) => r!.db);
  assert.ok(readings.length >= 6, `too few readings from the stream:\n${stderr.slice(-800)}`);
  const tail = readings.slice(-8).sort((a, b) => a - b);
  if (process.env.AUDIO_TEST_VERBOSE) console.log('stream readings', readings.join(' '));
  return tail[Math.floor(tail.length / 2)]!;
}

function play(lavfi: string): void {
  sound = pulse.play(lavfi);
}

async function silence(): Promise<void> {
  await sound?.stop(2000);
  sound = null;
}

before(async () => {
  pulse = await startTestPulse(helpers, { microphone: true });
  // The studio's children (pactl, parec) find the private server through the environment.
  Object.assign(process.env, pulse.env);
  dataDir = mkdtempSync(path.join(tmpdir(), 'danmu-audio-'));
  studio = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: 0 }, log });
  studio.core.onEvent((e) => {
    if (e.type === 'audio.levels') latest = e.update;
    if (e.type === 'pipeline.state') state = e.state;
  });
  const snap = await studio.core.getSnapshot();
  await studio.core.saveScenes([...snap.scenes, scene]);
  await studio.core.switchScene('aud');
  // Small and slow video: this test is about the audio, on a shared 2-core machine.
  await studio.core.updateSettings({ output: { video: { width: 320, height: 180, fps: 10, bitrateKbps: 300 } } });
});

/** What a failure report needs: the last levels and the studio's log. */
function context(): string {
  return `last levels: ${JSON.stringify(latest)}\nprocesses: ${studio.processes.list().map((p) => `${p.name}: ${p.stderrTail().slice(-3).join(' | ')}`).join('\n')}\nlog:\n${log.lines.slice(-15).join('\n')}`;
}

after(async () => {
  await silence().catch(() => undefined);
  await studio?.dispose();
  await pulse?.stop();
  await helpers.stopAll(2000);
  helpers.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

test('offline: the desktop-audio and microphone meters move with a tone and fall back when it stops', async () => {
  assert.equal(meterProcesses(), 0, 'no meter runs while nobody watches');
  await studio.core.audio.watchMeters({ sceneId: 'aud', watching: true });
  const quiet = await waitFor('the desktop meter to run', () => { const d = desk(); return d?.state === 'ok' ? d : null; }, 20_000).catch((e: Error) => assert.fail(`${e.message}\n${context()}`));
  assert.equal(quiet.from, 'meter');
  assert.ok(quiet.rms < -60, `silence reads as silence (${quiet.rms} dBFS)`);
  await waitFor('the microphone meter to run', () => channel('mic')?.state === 'ok', 20_000).catch((e: Error) => assert.fail(`${e.message}\n${context()}`));

  play('sine=frequency=440:sample_rate=48000');
  const loud = await waitFor('the meter to rise with the tone', () => { const d = desk(); return d && d.rms > -30 ? d : null; }, 15_000, 100);
  await waitFor('the microphone meter to rise with the tone', () => (channel('mic')?.rms ?? -99) > -30, 15_000, 100);
  assert.equal(state?.status ?? 'idle', 'idle', 'still offline');
  await silence();
  const back = await waitFor('the meter to fall back to the floor', () => { const d = desk(); return d && d.rms < -60 ? d : null; }, 10_000, 100);
  await waitFor('the microphone meter to fall back', () => (channel('mic')?.rms ?? 0) < -60, 10_000, 100);
  assert.ok(loud.rms > -30 && back.rms < -60, `${loud.rms} then ${back.rms}`);

  // Muting a source mutes its meter (post-fader, as the stream will sound), without a restart.
  play('sine=frequency=440:sample_rate=48000');
  await waitFor('the tone again', () => (desk()?.rms ?? -99) > -30, 15_000, 100);
  const before = studio.processes.list().find((p) => p.name === 'meter:desk')?.child.pid;
  await saveAudio({ muted: true });
  await waitFor('the muted meter to drop', () => (desk()?.rms ?? 0) < -60, 10_000, 100);
  assert.equal(studio.processes.list().find((p) => p.name === 'meter:desk')?.child.pid, before, 'the same meter process (a filter command, not a restart)');
  await saveAudio({ muted: false });
  await waitFor('the unmuted meter', () => (desk()?.rms ?? -99) > -30, 10_000, 100);

  await studio.core.audio.watchMeters({ sceneId: 'aud', watching: false });
  await waitFor('the meter process to stop when nobody watches', () => meterProcesses() === 0, 10_000);
});

test('live: the stream carries the desktop audio; mute, fader and noise suppression change what it carries', async () => {
  const snap = await studio.core.getSnapshot();
  // The mixer renews its lease while it is on screen; so does this test.
  const { leaseMs } = await studio.core.audio.watchMeters({ sceneId: 'aud', watching: true });
  const renew = setInterval(() => void studio.core.audio.watchMeters({ sceneId: 'aud', watching: true }), leaseMs / 3);
  after(() => clearInterval(renew));
  // The microphone hears the same tone: muted here, the stream's level is the desktop audio's alone.
  await saveAudio({ muted: true }, 'mic');
  await studio.core.goLive();
  await waitFor('the relay to have the stream', () => state?.step === 'live', 40_000);
  const flv = snap.relay.urls!.flv;
  await waitFor('program meters', () => desk()?.from === 'program' && desk()!.rms > -30, 15_000, 100);
  assert.equal(meterProcesses(), 0, 'on air, the encoder meters: no meter process');

  const encoderPid = studio.processes.list().find((p) => p.name === 'encoder')?.child.pid;
  const full = await streamRms(flv);
  assert.ok(full > -30, `the tone is in the stream (${full} dBFS)`);

  await saveAudio({ muted: true });
  const muted = await streamRms(flv);
  assert.ok(muted < -70, `muted: silence in the stream (${muted} dBFS)`);

  await saveAudio({ muted: false, volume: 0.25 });
  const quieter = await streamRms(flv);
  assert.ok(Math.abs(quieter - (full - 12)) < 3, `fader at -12 dB: ${full} -> ${quieter} dBFS`);
  assert.equal(studio.processes.list().find((p) => p.name === 'encoder')?.child.pid, encoderPid, 'no encoder restart (no cut for viewers)');

  // Noise suppression: a hiss (white noise at about -35 dBFS) is taken down.
  await saveAudio({ volume: 1 });
  await silence();
  play('anoisesrc=a=0.03:c=white:r=48000');
  await waitFor('the hiss on air', () => { const d = desk(); return d && d.rms > -45 && d.rms < -30; }, 15_000, 100).catch((e: Error) => assert.fail(`${e.message}\n${context()}`));
  // The relay's output is about a second behind the encoder's meters.
  await new Promise((r) => setTimeout(r, 1500));
  const hiss = await streamRms(flv, 5);
  assert.ok(hiss > -45 && hiss < -30, `the hiss is in the stream (${hiss} dBFS)`);
  await saveAudio({ noiseSuppression: true });
  const suppressed = await streamRms(flv, 5);
  assert.ok(suppressed < hiss - 8, `noise suppression: ${hiss} -> ${suppressed} dBFS`);
  assert.equal(studio.processes.list().find((p) => p.name === 'encoder')?.child.pid, encoderPid, 'still the same encoder');
  await studio.core.stop();
});
