import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitAspect, moveRect, resizeRect, roundRect, toCanvasDelta } from '../../renderer/studio/logic/layout-math';
import { dbToMeter, formatBitrate, formatUptime, gainToSlider, sliderToGain } from '../../renderer/studio/logic/format';
import { bitrateHealth, fpsHealth, frameLossHealth, speedHealth, worst } from '../../renderer/studio/logic/stat-health';

const canvas = { w: 1920, h: 1080 };
const cam = { x: 1400, y: 760, w: 480, h: 270 };
const opts = { keepAspect: true, minSize: 40, snap: 0 };

test('move clamps the box inside the canvas', () => {
  assert.deepEqual(moveRect(cam, 1000, 1000, canvas), { x: 1440, y: 810, w: 480, h: 270 });
  assert.deepEqual(moveRect(cam, -5000, -5000, canvas), { x: 0, y: 0, w: 480, h: 270 });
});

test('move snaps edges and centre within the snap distance', () => {
  // right edge 1400+480+30 = 1910, within 16 of 1920 → snapped flush
  assert.equal(moveRect(cam, 30, 0, canvas, 16).x, 1440);
  // left edge at 10 → 0
  assert.equal(moveRect({ ...cam, x: 100 }, -90, 0, canvas, 16).x, 0);
  // centre 960 ± 10 → centred
  const centred = moveRect({ ...cam, x: 0 }, 960 - 240 + 10, 0, canvas, 16);
  assert.equal(centred.x + centred.w / 2, 960);
  // out of range: no snap
  assert.equal(moveRect({ ...cam, x: 100 }, 0, 0, canvas, 16).x, 100);
});

test('corner resize keeps the aspect ratio and the opposite corner', () => {
  const r = resizeRect(cam, 'nw', -480, -100, canvas, opts);
  assert.ok(Math.abs(r.w / r.h - 16 / 9) < 1e-9);
  assert.equal(r.x + r.w, cam.x + cam.w);
  assert.equal(r.y + r.h, cam.y + cam.h);
  assert.equal(r.w, 960);
});

test('resize is clamped to the canvas without distorting', () => {
  const r = resizeRect(cam, 'nw', -5000, -5000, canvas, opts);
  assert.ok(Math.abs(r.w / r.h - 16 / 9) < 1e-9);
  assert.ok(r.x >= 0 && r.y >= 0);
  assert.ok(r.x + r.w <= canvas.w + 1e-9 && r.y + r.h <= canvas.h + 1e-9);
  assert.equal(r.x + r.w, cam.x + cam.w, 'anchor stays');
});

test('resize keeps a minimum size', () => {
  const r = resizeRect(cam, 'se', -5000, -5000, canvas, opts);
  assert.ok(r.w >= 40 && r.h >= 40);
  assert.ok(Math.abs(r.w / r.h - 16 / 9) < 1e-6);
  const free = resizeRect(cam, 'e', -5000, 0, canvas, { ...opts, keepAspect: false });
  assert.deepEqual([free.w, free.h, free.x], [40, 270, 1400]);
});

test('free resize snaps a dragged edge to the canvas edge', () => {
  const r = resizeRect({ x: 100, y: 100, w: 500, h: 300 }, 'e', 1310, 0, canvas, { keepAspect: false, minSize: 40, snap: 16 });
  assert.equal(r.x + r.w, 1920);
  assert.equal(r.h, 300);
});

test('edge resize with aspect grows around the centre of the other axis', () => {
  const r = resizeRect({ x: 400, y: 300, w: 320, h: 180 }, 's', 0, 90, canvas, opts);
  assert.equal(r.h, 270);
  assert.equal(r.w, 480);
  assert.equal(r.x + r.w / 2, 400 + 160);
  assert.equal(r.y, 300);
});

test('screen deltas convert to canvas pixels; fitAspect letterboxes', () => {
  assert.deepEqual(toCanvasDelta(10, 5, 960, canvas), { dx: 20, dy: 10 });
  assert.deepEqual(fitAspect({ w: 1000, h: 1000 }, 16 / 9), { x: 0, y: (1000 - 562.5) / 2, w: 1000, h: 562.5 });
  assert.deepEqual(roundRect({ x: 1.4, y: 1.6, w: 2.5, h: 3 }), { x: 1, y: 2, w: 3, h: 3 });
});

test('formatting of uptime, bitrate, meters and volume curve', () => {
  assert.equal(formatUptime(65_000), '1:05');
  assert.equal(formatUptime(3_725_000), '1:02:05');
  assert.equal(formatBitrate(850), '850 kb/s');
  assert.equal(formatBitrate(6200), '6.2 Mb/s');
  assert.equal(dbToMeter(0), 1);
  assert.equal(dbToMeter(-60), 0);
  assert.equal(dbToMeter(-90), 0);
  assert.equal(dbToMeter(-30), 0.5);
  assert.ok(Math.abs(sliderToGain(gainToSlider(0.3)) - 0.3) < 1e-9);
});

test('status health thresholds', () => {
  assert.equal(fpsHealth(30, 30), 'ok');
  assert.equal(fpsHealth(26, 30), 'warn');
  assert.equal(fpsHealth(20, 30), 'bad');
  assert.equal(speedHealth(1.0), 'ok');
  assert.equal(speedHealth(0.93), 'warn');
  assert.equal(speedHealth(0.5), 'bad');
  assert.equal(frameLossHealth(0, 0), 'ok');
  assert.equal(frameLossHealth(2, 100), 'warn');
  assert.equal(frameLossHealth(10, 100), 'bad');
  assert.equal(worst('ok', 'warn', 'ok'), 'warn');
  assert.equal(bitrateHealth(59), 'ok', 'a static scene is not a problem');
  assert.equal(bitrateHealth(0), 'bad');
});
