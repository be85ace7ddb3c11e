/**
 * Sources that are listed but cannot be opened never block going live: a microphone the device
 * listing offers but that fails to open (this machine has no sound card), a camera node that fails,
 * and an image file that is not there are each left out with a note naming them, and the stream goes
 * live with video and audio (silence).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPipelineSettings } from '../../common/pipeline';
import { FULL_CANVAS, PIP_BOTTOM_RIGHT, SceneSchema } from '../../common/scene';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { createRelay } from '../../media/relay/relay';
import type { DeviceInventory } from '../../media/studio/device-types';
import { PipelineService } from '../../main/pipeline/service';
import { translateCoded } from '../../renderer/shared/i18n';
import { probeStreams, waitFor } from '../helpers/media';

const processes = new ProcessRegistry();
after(async () => {
  await processes.stopAll();
  processes.dispose();
});

test('a listed microphone and camera that cannot be opened, and a missing image, are left out; the stream goes live with audio', async (t) => {
  const log = memoryLogger();
  const relay = createRelay({ host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log, dataDir: null, rooms: [{ id: 'main', key: 'k' }] });
  await relay.start();
  t.after(() => relay.stop());
  // What a listing could say on a machine whose devices then fail to open.
  const inventory: DeviceInventory = {
    platform: 'linux', audioBackend: 'alsa', warnings: [], displays: [],
    cameras: [{ id: '/dev/null', name: 'Broken camera' }],
    audio: [{ id: 'hw:7,0', name: 'Vanished sound card', loopback: false }],
  };
  const svc = new PipelineService({ processes, log, platform: 'linux', listDevices: async () => inventory });
  t.after(() => svc.dispose());
  const scene = SceneSchema.parse({
    id: 's', name: 'S',
    layers: [
      { id: 'bars', name: 'Bars', source: { kind: 'test-pattern', pattern: 'smptebars' }, rect: FULL_CANVAS },
      { id: 'cam', name: 'Camera', source: { kind: 'camera' }, rect: PIP_BOTTOM_RIGHT },
      { id: 'logo', name: 'Logo', source: { kind: 'image', path: '/nonexistent/logo.png' }, rect: PIP_BOTTOM_RIGHT },
    ],
    audio: [{ id: 'mic', name: 'Microphone', kind: 'microphone' }],
  });
  const base = defaultPipelineSettings(`${relay.urls('main').rtmp}/main?key=k`);
  const settings = { ...base, video: { ...base.video, width: 640, height: 360, fps: 15, bitrateKbps: 600, preset: 'ultrafast' as const } };
  await svc.goLive({ settings, scenes: { scenes: [scene], activeSceneId: 's' } });
  await waitFor('relay live', () => svc.state().outputs.find((o) => o.id === 'relay')?.state === 'live', 30_000);
  const notes = svc.state().notes;
  const byLayer = new Map(notes.map((n) => [n.layerId, n]));
  assert.equal(byLayer.get('logo')?.code, 'image-missing');
  assert.equal(byLayer.get('mic')?.code, 'source-failed', JSON.stringify(notes));
  assert.equal(byLayer.get('cam')?.code, 'source-failed', JSON.stringify(notes));
  assert.ok(notes.some((n) => n.code === 'audio-silence'), 'silence replaces the microphone');
  const zh = translateCoded('zh-CN', 'pipelineNote', byLayer.get('mic') as NonNullable<ReturnType<typeof byLayer.get>>);
  assert.match(zh, /Microphone.*略过/);
  const streams = await waitFor('video and audio on the relay', async () => {
    const s = await probeStreams(relay.urls('main').flv, 10_000);
    return s.some((x) => x.codec_type === 'audio') && s.some((x) => x.codec_type === 'video') ? s : null;
  }, 20_000);
  assert.equal(streams.find((s) => s.codec_type === 'audio')?.codec_name, 'aac');
  assert.equal(svc.state().status, 'live');
});
