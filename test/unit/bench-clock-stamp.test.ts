/**
 * The latency benches' clock stamp: what the X11 painter draws (test/helpers/x11-stamp.ts) reads back
 * as the same millisecond, and a torn frame is refused rather than misread. The painter's requests are
 * replayed onto a strip the way the X server applies them (background colour, then ClearArea).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAMP } from '../e2e/viewer-fixtures';
import { decodeStampStrip, stampRequests } from '../helpers/x11-stamp';

const W = STAMP.bits * STAMP.block;
const H = 2 * STAMP.block;

/** Applies ChangeWindowAttributes(background) and ClearArea requests to a grey strip (one byte a pixel). */
function render(requests: Buffer, strip: Buffer = Buffer.alloc(W * H, 0x60)): Buffer {
  let bg = 0x60;
  for (let o = 0; o < requests.length; o += requests.readUInt16LE(o + 2) * 4) {
    if (requests[o] === 2) bg = requests.readUInt32LE(o + 12) & 0xff;
    if (requests[o] === 61) {
      const x = requests.readInt16LE(o + 8);
      const y = requests.readInt16LE(o + 10);
      for (let j = y; j < y + requests.readUInt16LE(o + 14); j++) strip.fill(bg, j * W + x, j * W + x + requests.readUInt16LE(o + 12));
    }
  }
  return strip;
}

test('a painted stamp reads back as the same millisecond, across the 2^32 wrap', () => {
  const now = Date.UTC(2026, 11, 1, 12, 0, 0);
  for (const ms of [now, now - 1, now - 12_345, 2 ** 32 * 400 + 5, 2 ** 32 * 400 - 5]) {
    const strip = render(stampRequests(1, ms, STAMP));
    assert.equal(decodeStampStrip(strip, STAMP, ms + 800), ms, `stamp ${ms}`);
  }
});

test('a frame grabbed half-way through a repaint is refused, not misread', () => {
  const strip = render(stampRequests(1, 1_000_000, STAMP));
  const next = stampRequests(1, 1_000_001, STAMP);
  // Only the white half of the next paint has landed (the requests before the switch to black).
  const half = next.subarray(0, next.indexOf(Buffer.from([2, 0, 4, 0]), 16));
  assert.equal(decodeStampStrip(render(half, strip), STAMP, 1_000_500), null);
});
