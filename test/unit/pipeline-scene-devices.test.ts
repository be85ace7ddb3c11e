/** Which scene pairs cannot overlap during a switch (media/studio/scene-devices.ts): one camera or microphone, two processes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FULL_CANVAS, SceneSchema } from '../../common/scene';
import { sharesExclusiveDevice, withoutExclusiveDevices } from '../../media/studio/scene-devices';

const scene = (layers: unknown[], audio: unknown[] = []) => SceneSchema.parse({ id: 's', name: 'S', layers, audio });
const cam = (device?: string) => ({ id: `cam${device ?? ''}`, source: { kind: 'camera', ...(device ? { device } : {}) }, rect: FULL_CANVAS });
const screen = { id: 'screen', source: { kind: 'display' }, rect: FULL_CANVAS };
const mic = (device?: string) => ({ id: `mic${device ?? ''}`, kind: 'microphone', ...(device ? { device } : {}) });

test('screens, patterns, tones and desktop audio overlap freely; the same camera or microphone does not', () => {
  assert.equal(sharesExclusiveDevice(scene([screen], [{ id: 'd', kind: 'desktop' }]), scene([screen], [{ id: 'd', kind: 'desktop' }])), false);
  assert.equal(sharesExclusiveDevice(scene([cam('/dev/video0')]), scene([cam('/dev/video0')])), true);
  assert.equal(sharesExclusiveDevice(scene([cam('/dev/video0')]), scene([cam('/dev/video2')])), false);
  assert.equal(sharesExclusiveDevice(scene([cam()]), scene([cam('/dev/video2')])), true, 'the default camera may be that one');
  assert.equal(sharesExclusiveDevice(scene([screen], [mic('hw:1')]), scene([screen], [mic('hw:1')])), true);
  assert.equal(sharesExclusiveDevice(scene([screen], [mic('hw:1')]), scene([screen], [mic('hw:2')])), false);
  const hidden = SceneSchema.parse({ id: 'h', name: 'H', layers: [{ ...cam('/dev/video0'), visible: false }], audio: [] });
  assert.equal(sharesExclusiveDevice(hidden, scene([cam('/dev/video0')])), false, 'a hidden camera layer is not opened');
});

test('a fade composes the outgoing scene without its camera and microphone', () => {
  const s = withoutExclusiveDevices(scene([screen, cam()], [mic(), { id: 't', kind: 'tone' }]));
  assert.deepEqual(s.layers.map((l) => l.id), ['screen']);
  assert.deepEqual(s.audio.map((a) => a.id), ['t']);
});
