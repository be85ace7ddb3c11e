/**
 * A known picture on an X display, for tests of screen capture: four coloured quadrants (red, green /
 * blue, yellow) set as the root window's background with ImageMagick (`convert` draws the PNG,
 * `display -window root` sets it and exits).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { connectX11 } from '../../media/studio/x11';
import { startXvfb } from './xvfb';

export type Rgb = [number, number, number];

/** The quadrants, clockwise from the top left. */
export const QUADRANTS: { name: string; rgb: Rgb; fx: number; fy: number }[] = [
  { name: 'red', rgb: [255, 0, 0], fx: 0.25, fy: 0.25 },
  { name: 'green', rgb: [0, 255, 0], fx: 0.75, fy: 0.25 },
  { name: 'yellow', rgb: [255, 255, 0], fx: 0.75, fy: 0.75 },
  { name: 'blue', rgb: [0, 0, 255], fx: 0.25, fy: 0.75 },
];

/**
 * Paints the quadrants and returns a function that lets go of the display. A connection is held open
 * meanwhile: Xvfb resets (the root window goes black) when its last client disconnects.
 */
export async function paintQuadrants(display: string, width: number, height: number): Promise<() => void> {
  const { socket } = await connectX11(display, {});
  const dir = mkdtempSync(path.join(tmpdir(), 'x11-pattern-'));
  try {
    const png = path.join(dir, 'pattern.png');
    const w2 = width / 2;
    const h2 = height / 2;
    execFileSync('convert', [
      '-size', `${width}x${height}`, 'xc:#ff0000',
      '-fill', '#00ff00', '-draw', `rectangle ${w2},0 ${width},${h2}`,
      '-fill', '#ffff00', '-draw', `rectangle ${w2},${h2} ${width},${height}`,
      '-fill', '#0000ff', '-draw', `rectangle 0,${h2} ${w2},${height}`,
      png,
    ]);
    // ImageMagick 6's `display -window root` sets the background and then exits with status 1.
    const r = spawnSync('display', ['-window', 'root', png], { env: { ...process.env, DISPLAY: display }, timeout: 10_000, encoding: 'utf8' });
    if (r.error || (r.status !== 0 && r.status !== 1) || r.stderr.trim()) throw new Error(`display -window root failed: ${r.error?.message ?? r.stderr}`);
  } catch (err) {
    socket.destroy();
    throw err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return () => socket.destroy();
}

/** Colours within `tolerance` per channel (JPEG and YUV conversions move them a little). */
export function near(a: Rgb, b: Rgb, tolerance = 48): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);
}

/**
 * An Xvfb screen of `width`×`height` showing the quadrants, made this process's DISPLAY (the studio
 * captures DISPLAY); stop() ends it and gives DISPLAY back.
 */
export async function startQuadrantScreen(width: number, height: number): Promise<{ display: string; stop(): Promise<void> }> {
  const processes = new ProcessRegistry();
  const saved = process.env.DISPLAY;
  const x = await startXvfb(processes, `${width}x${height}x24`);
  process.env.DISPLAY = x.display;
  const release = await paintQuadrants(x.display, width, height);
  return {
    display: x.display,
    async stop() {
      release();
      await x.proc.stop(2000);
      processes.dispose();
      if (saved === undefined) delete process.env.DISPLAY;
      else process.env.DISPLAY = saved;
    },
  };
}
