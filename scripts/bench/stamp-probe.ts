/**
 * How old each frame is when it leaves the relay, without a player's buffer: Debian's ffmpeg (an
 * independent client) reads a stream with no buffering (-fflags nobuffer, one decoder thread, no
 * probing), and every decoded frame's clock stamp (test/e2e/viewer-fixtures.ts `STAMP`) is compared
 * with the wall clock when it comes out. Splits a viewer's latency into "what reaches the relay late"
 * (capture, encoder, UDP, forwarder) and "what the player holds back".
 */
import type { ProcessRegistry } from '../../media/ffmpeg/processes';
import { decodeStampStrip, type StampGeometry } from '../../test/helpers/x11-stamp';

const DEBIAN_FFMPEG = '/usr/bin/ffmpeg';

/**
 * Reads `url` for `seconds` (after `warmupS`) and returns each frame's age in seconds when decoded.
 * `cheap`: skip the deblocking filter (about a third of H.264 decoding), so the reader keeps up on
 * starved cores. (Decoding key frames alone is cheaper still but ffmpeg then puts out each key frame
 * only when the next one arrives: one GOP, a second, late.)
 */
export async function probeStampAges(processes: ProcessRegistry, url: string, g: StampGeometry, seconds: number, warmupS = 2, opts: { cheap?: boolean } = {}): Promise<number[]> {
  const w = g.bits * g.block;
  const h = 2 * g.block;
  const p = processes.spawn('stamp-probe', DEBIAN_FFMPEG, [
    '-hide_banner', '-loglevel', 'error', '-fflags', 'nobuffer', '-flags', 'low_delay', '-probesize', '32768', '-analyzeduration', '0',
    '-threads', '1', ...(opts.cheap ? ['-skip_loop_filter', 'all'] : []), '-i', url,
    '-an', '-vf', `crop=${w}:${h}:0:0,format=gray`, '-vsync', '0', '-f', 'rawvideo', 'pipe:1',
  ], { quitWith: 'SIGTERM' });
  const ages: number[] = [];
  const from = Date.now() + warmupS * 1000;
  let buf = Buffer.alloc(0);
  p.child.stdout?.on('data', (c: Buffer) => {
    const now = Date.now();
    buf = Buffer.concat([buf, c]);
    while (buf.length >= w * h) {
      const at = decodeStampStrip(buf.subarray(0, w * h), g, now);
      if (at !== null && now >= from) ages.push((now - at) / 1000);
      buf = buf.subarray(w * h);
    }
  });
  await Promise.race([new Promise((r) => setTimeout(r, (warmupS + seconds) * 1000)), p.exited]);
  await p.stop(500);
  if (ages.length === 0) throw new Error(`the probe decoded no stamp from ${url}: ${p.stderrTail().join(' | ')}`);
  return ages;
}
