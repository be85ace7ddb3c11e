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

test('source properties: position and size in output pixels stay inside the canvas', () => {
  const canvas = { w: 1280, h: 720 };
  const s: Scene = { id: 's', name: 'S', audio: [], layers: [{ id: 'cam', name: 'Cam', visible: true, source: { kind: 'camera' }, rect: { x: 0, y: 0, width: 0.5, height: 0.5 } }] };
  const moved = edit.updateLayer(s, 'cam', { box: { x: 640, y: 360, w: 640, h: 360 } }, canvas).layers[0]!;
  assert.deepEqual(moved.rect, { x: 0.5, y: 0.5, width: 0.5, height: 0.5 });
  // Too far right and too big: clamped to the canvas (the scene model refuses anything outside it).
  const clamped = edit.updateLayer(s, 'cam', { box: { x: 1200, y: -50, w: 5000, h: 100 } }, canvas).layers[0]!;
  assert.equal(clamped.rect.width, 1);
  assert.equal(clamped.rect.x, 0);
  assert.equal(clamped.rect.y, 0);
  assert.ok(SceneSchema.safeParse({ ...s, layers: [clamped] }).success);
});

test('source properties: crop and opacity in percent; none is no field at all (old scenes stay as they were)', () => {
  const canvas = { w: 1920, h: 1080 };
  const s: Scene = { id: 's', name: 'S', audio: [], layers: [{ id: 'scr', name: 'Screen', visible: true, source: { kind: 'display', showCursor: true }, rect: { x: 0, y: 0, width: 1, height: 1 } }] };
  const cropped = edit.updateLayer(s, 'scr', { cropPercent: { left: 25, top: 0, right: 90, bottom: 10 }, opacityPercent: 40 }, canvas).layers[0]!;
  // left + right past 95 %: the larger side gives way, so at least 5 % of the picture stays.
  assert.deepEqual(cropped.crop, { left: 0.25, top: 0, right: 0.7, bottom: 0.1 });
  assert.equal(cropped.opacity, 0.4);
  assert.ok(SceneSchema.safeParse({ ...s, layers: [cropped] }).success);
  const back = edit.updateLayer({ ...s, layers: [cropped] }, 'scr', { cropPercent: { left: 0, top: 0, right: 0, bottom: 0 }, opacityPercent: 100 }, canvas).layers[0]!;
  assert.equal('crop' in back, false);
  assert.equal('opacity' in back, false);
  assert.deepEqual(edit.clampCrop({ left: Number.NaN, top: -5, right: 200, bottom: 0 }), { left: 0, top: 0, right: 0.95, bottom: 0 });
});

test('source properties: image file, camera device and resolution, screen cursor; other kinds untouched', () => {
  const canvas = { w: 1280, h: 720 };
  const rect = { x: 0, y: 0, width: 0.5, height: 0.5 };
  const s: Scene = {
    id: 's', name: 'S', audio: [], layers: [
      { id: 'img', name: 'Logo', visible: true, source: { kind: 'image', path: '/a.png' }, rect },
      { id: 'cam', name: 'Cam', visible: true, source: { kind: 'camera', device: '/dev/video0', fps: 30 }, rect },
      { id: 'scr', name: 'Screen', visible: true, source: { kind: 'display', showCursor: true }, rect },
    ],
  };
  const img = edit.updateLayer(s, 'img', { imagePath: '  /b.png ' }, canvas).layers[0]!;
  assert.deepEqual(img.source, { kind: 'image', path: '/b.png' });
  assert.deepEqual(edit.updateLayer(s, 'img', { imagePath: '  ' }, canvas).layers[0]!.source, { kind: 'image', path: '/a.png' }, 'an empty path is not saved');
  const cam = edit.updateLayer(s, 'cam', { camera: { width: 1280, height: 720 } }, canvas).layers[1]!;
  assert.deepEqual(cam.source, { kind: 'camera', device: '/dev/video0', width: 1280, height: 720, fps: 30 });
  const auto = edit.updateLayer({ ...s, layers: [s.layers[0]!, cam, s.layers[2]!] }, 'cam', { camera: { device: undefined, width: undefined, height: undefined } }, canvas).layers[1]!;
  assert.deepEqual(auto.source, { kind: 'camera', fps: 30 }, 'first camera, its default size');
  assert.deepEqual(edit.updateLayer(s, 'scr', { showCursor: false }, canvas).layers[2]!.source, { kind: 'display', showCursor: false });
  assert.deepEqual(edit.updateLayer(s, 'scr', { imagePath: '/x.png' }, canvas).layers[2]!.source, s.layers[2]!.source);
});
