/**
 * A wall clock painted on an X display, for latency tests through the studio's real screen capture:
 * the root window's colour encodes the time in 100 ms ticks (three 4-bit channels, 409.6 s cycle),
 * so any frame of the stream says when the screen showed it. A minimal X11 client over the display's
 * Unix socket (no X libraries on the machine): ChangeWindowAttributes(background) + ClearArea.
 * Xvfb must be started without -auth (as test/helpers/xvfb.ts starts it).
 */
import { connectX11 } from '../../media/studio/x11';

const TICK_MS = 100;
const CYCLE = 4096;

/** The colour (0xRRGGBB) for a time: each channel carries one nibble in its high bits, centred (+8). */
export function clockColour(ms: number): number {
  const tick = Math.floor(ms / TICK_MS) % CYCLE;
  const ch = (n: number) => ((n & 15) << 4) | 8;
  return (ch(tick >> 8) << 16) | (ch(tick >> 4) << 8) | ch(tick);
}

/**
 * The time (ms since the epoch) a decoded pixel stands for: the latest tick at or before `nowMs`
 * with that colour (compression moves a channel by a few levels at most; a nibble is 16 levels wide).
 */
export function clockTime(r: number, g: number, b: number, nowMs: number): number {
  const nib = (v: number) => Math.max(0, Math.min(15, Math.round((v - 8) / 16)));
  const tick = (nib(r) << 8) | (nib(g) << 4) | nib(b);
  const nowTick = Math.floor(nowMs / TICK_MS);
  const back = (((nowTick - tick) % CYCLE) + CYCLE) % CYCLE;
  return (nowTick - back) * TICK_MS;
}

export interface X11Clock {
  stop(): void;
}

/** Connects to display ":N" and repaints its root window every `everyMs` with the clock colour. */
export async function paintClock(display: string, everyMs = 50): Promise<X11Clock> {
  const { socket, screen } = await connectX11(display, {});
  const paint = () => {
    const req = Buffer.alloc(16 + 16);
    // ChangeWindowAttributes(root, background-pixel = colour)
    req.writeUInt8(2, 0);
    req.writeUInt16LE(4, 2);
    req.writeUInt32LE(screen.root, 4);
    req.writeUInt32LE(0x2, 8);
    req.writeUInt32LE(clockColour(Date.now()), 12);
    // ClearArea(root, whole window): repaints with the new background
    req.writeUInt8(61, 16);
    req.writeUInt16LE(4, 18);
    req.writeUInt32LE(screen.root, 20);
    socket.write(req);
  };
  paint();
  const timer = setInterval(paint, everyMs);
  return { stop: () => { clearInterval(timer); socket.destroy(); } };
}
