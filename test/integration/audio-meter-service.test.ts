/**
 * The meter service's rules with a real ffmpeg and a tone source (no device needed) and a fake
 * pipeline: a watched scene is metered offline; on air the encoder's levels are used and no meter
 * runs; a lease that is not renewed stops every meter; a change of fader is a command, a change of
 * what is captured restarts that meter.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioLevelsUpdate } from '../../common/pipeline';
import { SceneCollectionSchema, type SceneCollection } from '../../common/scene';
import { locateFfmpeg } from '../../media/ffmpeg/locate';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { MeterService, type ProgramLevels } from '../../main/audio/meter-service';
import { waitFor } from '../helpers/media';

const processes = new ProcessRegistry();
after(async () => {
  await processes.stopAll(2000);
  processes.dispose();
});

function collection(volume: number, frequencyHz = 440): SceneCollection {
  return SceneCollectionSchema.parse({
    activeSceneId: 's',
    scenes: [{ id: 's', name: 'S', layers: [], audio: [{ id: 'tone', kind: 'tone', frequencyHz, volume }] }],
  });
}

test('offline meters, on-air levels, commands for the fader, a restart for a new capture, and a lease that runs out', async () => {
  let scenes = collection(1);
  let program: ProgramLevels | null = null;
  const meters = new MeterService({
    processes, log: memoryLogger(), platform: 'linux', ffmpegPath: () => locateFfmpeg().path,
    devices: async () => null, scenes: () => scenes, program: () => program,
    leaseMs: 1500, tickMs: 50,
  });
  let last: AudioLevelsUpdate | null = null;
  meters.on('levels', (u) => { last = u; });
  const meterPids = () => processes.list().filter((p) => p.name === 'meter:tone').map((p) => p.child.pid);
  const tone = () => (last as AudioLevelsUpdate | null)?.levels.tone?.rmsDb ?? -999;

  assert.equal(meterPids().length, 0, 'nobody watches: no meter');
  const renew = setInterval(() => meters.watch({ sceneId: 's', watching: true }), 400);
  meters.watch({ sceneId: 's', watching: true });
  // ffmpeg's sine tone: peak about -21 dBFS, RMS about -24 dBFS.
  await waitFor('the tone on the meter', () => Math.abs(tone() + 24) < 2, 15_000, 50).catch((e: Error) => assert.fail(`${e.message}: ${JSON.stringify(last)} ${processes.list().map((p) => p.name + ' ' + p.stderrTail().slice(-2).join(' / ')).join('; ')}`));
  assert.equal((last as AudioLevelsUpdate | null)?.from, 'meter');
  const pid = meterPids()[0];

  scenes = collection(0.25);
  meters.refresh();
  await waitFor('the fader at -12 dB', () => Math.abs(tone() + 36) < 2, 10_000, 50);
  assert.deepEqual(meterPids(), [pid], 'a fader change is a filter command, not a restart');

  scenes = collection(0.25, 1000);
  meters.refresh();
  await waitFor('a new meter for the new capture', () => meterPids().length === 1 && meterPids()[0] !== pid, 10_000, 50);

  // On air: the encoder's levels, and no meter process beside the encoder.
  program = { sceneId: 's', levels: { tone: { rmsDb: -12.3, peakDb: -9 } }, notes: [] };
  await waitFor('program levels', () => (last as AudioLevelsUpdate | null)?.from === 'program' && tone() === -12.3, 15_000, 50);
  await waitFor('the meter to stop on air', () => meterPids().length === 0, 10_000, 50);
  program = null;
  meters.refresh();
  await waitFor('the meter back off air', () => meterPids().length === 1, 10_000, 50);

  // Nobody renews the lease: every meter stops on its own.
  clearInterval(renew);
  await waitFor('the meters to stop when the lease runs out', () => processes.list().length === 0, 10_000, 100);
  await meters.dispose();
});
