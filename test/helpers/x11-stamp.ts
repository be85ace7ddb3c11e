/**
 * A millisecond wall clock painted on an X display, for latency measured through the studio's real
 * screen capture: the top-left strip of the root window shows the time it was painted as the same
 * machine-readable stamp the test publisher burns in (test/e2e/viewer-fixtures.ts `STAMP`: 32 blocks,
 * epoch ms mod 2^32, LSB first, the second row inverted as a check), so the page's reader
 * (test/e2e/clock-stamp-reader.ts) decodes both alike. A minimal X11 client over the display's Unix
 * socket (no X libraries on the machine): the root window's background colour is switched and
 * ClearArea paints each block with it, so no graphics context is needed. Xvfb must be started without
 * -auth (as test/helpers/xvfb.ts starts it).
 */
import { connectX11 } from '../../media/studio/x11';

export interface StampGeometry {
  bits: number;
  block: number;
}

const WHITE = 0xffffff;
const BLACK = 0x000000;
const GREY = 0x606060;

function background(root: number, colour: number): Buffer {
  // ChangeWindowAttributes(root, CWBackPixel = colour)
  const req = Buffer.alloc(16);
  req.writeUInt8(2, 0);
  req.writeUInt16LE(4, 2);
  req.writeUInt32LE(root, 4);
  req.writeUInt32LE(0x2, 8);
  req.writeUInt32LE(colour, 12);
  return req;
}

function clearArea(root: number, x: number, y: number, w: number, h: number): Buffer {
  // ClearArea(exposures = false, window, x, y, width, height): fills with the background
  const req = Buffer.alloc(16);
  req.writeUInt8(61, 0);
  req.writeUInt16LE(4, 2);
  req.writeUInt32LE(root, 4);
  req.writeInt16LE(x, 8);
  req.writeInt16LE(y, 10);
  req.writeUInt16LE(w, 12);
  req.writeUInt16LE(h, 14);
  return req;
}

/** The X requests that paint `ms` as a stamp at the top-left (pure; unit-testable). */
export function stampRequests(root: number, ms: number, g: StampGeometry): Buffer {
  const low = ms % 2 ** 32;
  const white: Buffer[] = [];
  const black: Buffer[] = [];
  for (let k = 0; k < g.bits; k++) {
    const one = Math.floor(low / 2 ** k) % 2 === 1;
    (one ? white : black).push(clearArea(root, k * g.block, 0, g.block, g.block));
    (one ? black : white).push(clearArea(root, k * g.block, g.block, g.block, g.block));
  }
  // Back to grey last, so an Expose of the rest of the screen never paints it black or white.
  return Buffer.concat([background(root, WHITE), ...white, background(root, BLACK), ...black, background(root, GREY)]);
}

/**
 * Reads a stamp back from a grey strip (bits×block wide, 2 blocks high, one byte per pixel, as
 * scripts/bench/stamp-probe.ts gets it from ffmpeg): the epoch ms nearest `nowMs` with those low 32
 * bits, or null when the check row disagrees (a torn or damaged frame).
 */
export function decodeStampStrip(strip: Buffer, g: StampGeometry, nowMs: number): number | null {
  const w = g.bits * g.block;
  const half = g.block >> 1;
  let low = 0;
  for (let k = 0; k < g.bits; k++) {
    const x = k * g.block + half;
    const a = strip[half * w + x]! > 128;
    const b = strip[(g.block + half) * w + x]! > 128;
    if (a === b) return null;
    if (a) low += 2 ** k;
  }
  const span = 2 ** 32;
  let full = nowMs - (nowMs % span) + low;
  if (full > nowMs + span / 2) full -= span;
  return full;
}

export interface X11Stamp {
  stop(): void;
}

/** Connects to display ":N", paints the screen grey, then the stamp every `everyMs`. */
export async function paintStamp(display: string, g: StampGeometry, everyMs = 4): Promise<X11Stamp> {
  const { socket, screen } = await connectX11(display, {});
  socket.write(Buffer.concat([background(screen.root, GREY), clearArea(screen.root, 0, 0, 0, 0)]));
  const paint = () => {
    // Skip a paint while the X server has not taken the last one (never queue stale stamps).
    if (socket.writableLength === 0) socket.write(stampRequests(screen.root, Date.now(), g));
  };
  paint();
  const timer = setInterval(paint, everyMs);
  return { stop: () => { clearInterval(timer); socket.destroy(); } };
}
