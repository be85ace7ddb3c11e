import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scene } from '../../common/scene';
import { SceneSchema, defaultSceneCollection } from '../../common/scene';
import * as edit from '../../renderer/studio/logic/scene-edit';
import { findMissingLayers } from '../../renderer/studio/hooks/scene-missing';

const scenes = () => defaultSceneCollection().scenes;

test('uniqueId is readable and never collides', () => {
  assert.equal(edit.uniqueId('Camera', []), 'camera');
  assert.equal(edit.uniqueId('camera', ['camera', 'camera-2']), 'camera-3');
  assert.equal(edit.uniqueId('  ', []), 'item');
});

test('add, rename and delete scenes; the last one stays', () => {
  const { scenes: s1, id } = edit.addScene(scenes(), 'Just chatting');
  assert.equal(s1.length, 3);
  assert.ok(SceneSchema.safeParse(s1[2]).success, 'a new scene is valid for the core');
  const s2 = edit.renameScene(s1, id, '  Chat  ');
  assert.equal(s2.find((s) => s.id === id)!.name, 'Chat');
  assert.equal(edit.renameScene(s2, id, '   ').find((s) => s.id === id)!.name, 'Chat', 'a blank name is ignored');
  const one = edit.deleteScene(edit.deleteScene(s2, id), 'test');
  assert.equal(one.length, 1);
  assert.equal(edit.deleteScene(one, one[0]!.id).length, 1);
});

test('layers move up and down within bounds (array order = drawing order)', () => {
  const main = scenes()[0]!;
  assert.deepEqual(main.layers.map((l) => l.id), ['screen', 'camera']);
  const up = edit.moveLayer(main, 'screen', 'up');
  assert.deepEqual(up.layers.map((l) => l.id), ['camera', 'screen']);
  assert.equal(edit.moveLayer(up, 'screen', 'up'), up, 'already on top');
  assert.equal(edit.moveLayer(main, 'screen', 'down'), main, 'already at the bottom');
});

test('added layers are valid scene layers on top, with a sensible default place', () => {
  const main = scenes()[0]!;
  const { scene, id } = edit.addLayer(main, { kind: 'camera', device: '/dev/video2' }, 'Second camera');
  assert.equal(scene.layers.at(-1)!.id, id);
  assert.equal(id, 'camera-2');
  assert.ok(SceneSchema.safeParse(scene).success);
  const withText = edit.addLayer(scene, { kind: 'text', text: 'Hello', fontSize: 48, color: 'white' }, 'Hello').scene;
  const withAudio = edit.addAudio(withText, 'desktop', 'monitor', 'Desktop');
  assert.ok(SceneSchema.safeParse(withAudio).success);
  assert.equal(edit.updateAudio(withAudio, 'desktop', { muted: true }).audio.find((a) => a.id === 'desktop')!.muted, true);
});

test('pixel ↔ normalised rects round-trip and always fit the canvas', () => {
  const r = edit.pixelsToRect({ x: 1440, y: 810, w: 480, h: 270 }, 1920, 1080);
  assert.deepEqual(r, { x: 0.75, y: 0.75, width: 0.25, height: 0.25 });
  assert.deepEqual(edit.rectToPixels(r, 1920, 1080), { x: 1440, y: 810, w: 480, h: 270 });
  const drift = edit.pixelsToRect({ x: 1440.0000001, y: 0, w: 480, h: 1080.0000001 }, 1920, 1080);
  assert.ok(drift.x + drift.width <= 1 && drift.y + drift.height <= 1);
  const scene: Scene = edit.setLayerRect(scenes()[0]!, 'camera', drift);
  assert.ok(SceneSchema.safeParse(scene).success);
});

test('a camera layer is missing when its device is not listed', () => {
  const main = scenes()[0]!;
  const devices = { platform: 'linux' as const, displays: [], cameras: [], audio: [], warnings: [] };
  assert.deepEqual([...findMissingLayers(main, devices)], ['camera']);
  assert.deepEqual([...findMissingLayers(main, { ...devices, cameras: [{ id: '/dev/video0', name: 'C920' }] })], []);
});

test('a layer the pipeline left out of the scene on air is missing, whatever device listing says', () => {
  const main = scenes()[0]!;
  const devices = { platform: 'linux' as const, displays: [], cameras: [{ id: '/dev/video0', name: 'C920' }], audio: [], warnings: [] };
  const notes = [{ layerId: 'camera', code: 'camera-missing' as const, text: 'Camera "x" is not connected', params: { device: 'x' } }, { code: 'audio-silence' as const, text: 'silence' }];
  assert.deepEqual([...findMissingLayers(main, devices, { sceneId: main.id, notes })], ['camera']);
  assert.deepEqual([...findMissingLayers(main, devices, { sceneId: 'another-scene', notes })], [], 'notes about another scene do not mark this one');
});
