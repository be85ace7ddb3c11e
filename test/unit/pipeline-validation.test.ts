import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPipelineSettings } from '../../common/pipeline';
import { defaultSceneCollection, SceneSchema } from '../../common/scene';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import type { DeviceInventory } from '../../media/studio/device-types';
import { PipelineService, PipelineValidationError } from '../../main/pipeline/service';

const inventory: DeviceInventory = {
  platform: 'linux', audioBackend: 'alsa', warnings: [],
  displays: [{ id: ':0', name: 'Display :0', width: 1280, height: 720, x: 0, y: 0, primary: true }],
  cameras: [{ id: '/dev/video0', name: 'Webcam' }],
  audio: [{ id: 'default', name: 'Default input', loopback: false }],
};

function service(processes: ProcessRegistry) {
  return new PipelineService({ processes, log: memoryLogger(), platform: 'linux', listDevices: async () => inventory });
}

async function refusal(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof PipelineValidationError, String(err));
    return err.problems;
  }
  assert.fail('expected a refusal');
}

test('bad settings are refused with clear messages, and no ffmpeg starts', async () => {
  const processes = new ProcessRegistry();
  const svc = service(processes);
  const base = defaultPipelineSettings('rtmp://127.0.0.1:1935/live/main?key=k');
  const scenes = defaultSceneCollection();
  const cases: Array<[unknown, RegExp]> = [
    [{ ...base, video: { ...base.video, width: 1281 } }, /1281x720 has an odd side: H.264 needs an even width and height/],
    [{ ...base, video: { ...base.video, bitrateKbps: 0 } }, /video.bitrateKbps: must be at least 100 kbit\/s/],
    [{ ...base, relayUrl: 'http://127.0.0.1/live' }, /relayUrl: must look like rtmp:\/\/host\[:port\]\/app\/stream/],
    [{ ...base, destinations: [{ id: 'yt', name: 'YouTube', url: 'rtmp//a.rtmp.youtube.com/live2', key: 'abc' }] }, /destinations.0.url: must look like rtmp/],
    [{ ...base, relayUrl: 'rtmp://127.0.0.1:99999/live/x' }, /port outside 1-65535/],
    [{ ...base, relayUrl: null }, /nowhere to send the stream/],
    [{ ...base, recording: { enabled: true } }, /no recording folder/],
  ];
  for (const [settings, message] of cases) {
    const problems = await refusal(svc.goLive({ settings, scenes }));
    assert.match(problems.join('\n'), message);
  }
  assert.equal(processes.size, 0);
  assert.equal(svc.state().status, 'idle');
  processes.dispose();
});

test('a device chosen in the scene that vanished is refused by name before ffmpeg starts', async () => {
  const processes = new ProcessRegistry();
  const svc = service(processes);
  const scene = SceneSchema.parse({
    id: 's', name: 'Show', audio: [{ id: 'mic', kind: 'microphone', device: 'hw:3,0' }],
    layers: [{ id: 'cam', name: 'Cam', source: { kind: 'camera', device: '/dev/video4' }, rect: { x: 0, y: 0, width: 1, height: 1 } }],
  });
  const problems = await refusal(svc.goLive({ settings: defaultPipelineSettings('rtmp://127.0.0.1:1935/live/m'), scenes: { scenes: [scene], activeSceneId: 's' } }));
  assert.deepEqual(problems, [
    'The camera "/dev/video4" (layer "Cam" in scene "Show") is not connected: plug it in or choose another camera.',
    'The microphone "hw:3,0" (scene "Show") is not available: plug it in or choose another.',
  ]);
  assert.equal(processes.size, 0);
  processes.dispose();
});

test('unknown scenes are refused; switching while idle only changes the active scene', async () => {
  const processes = new ProcessRegistry();
  const svc = service(processes);
  svc.configure({ settings: defaultPipelineSettings('rtmp://127.0.0.1:1935/live/m'), scenes: defaultSceneCollection() });
  assert.equal(svc.state().sceneId, 'main');
  assert.match((await refusal(svc.switchScene('nope'))).join(), /no scene "nope"/);
  const st = await svc.switchScene('test');
  assert.equal(st.sceneId, 'test');
  assert.equal(st.status, 'idle');
  assert.equal(processes.size, 0);
  processes.dispose();
});
