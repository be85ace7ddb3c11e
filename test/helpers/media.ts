/** Test helpers around real media tools: publish a test pattern, probe what comes out. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { locateFfmpeg, locateFfprobe } from '../../media/ffmpeg/locate';
import type { ProcessRegistry, TrackedProcess } from '../../media/ffmpeg/processes';

const execFileP = promisify(execFile);

export interface TestPatternOptions {
  size?: string;
  fps?: number;
  /** Keyframe interval in frames (default: one per second). */
  gop?: number;
  bitrate?: string;
  extraVideoFilter?: string;
}

/** 1280x720, 30 fps H.264 + AAC test pattern published in real time to an RTMP URL. */
export function publishTestPattern(processes: ProcessRegistry, rtmpUrl: string, o: TestPatternOptions = {}): TrackedProcess {
  const fps = o.fps ?? 30;
  const size = o.size ?? '1280x720';
  return processes.spawn('test-publisher', locateFfmpeg().path, [
    '-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}${o.extraVideoFilter ? ',' + o.extraVideoFilter : ''}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-b:v', o.bitrate ?? '1500k',
    '-g', String(o.gop ?? fps), '-keyint_min', String(o.gop ?? fps), '-sc_threshold', '0', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-ar', '48000', '-ac', '2',
    '-f', 'flv', rtmpUrl,
  ], { quitWith: 'q' });
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  sample_rate?: string;
}

/** ffprobe (the bundled one, or Debian's when present) on a file or URL. */
export async function probeStreams(input: string, timeoutMs = 15_000): Promise<ProbedStream[]> {
  const { stdout } = await execFileP(locateFfprobe().path, ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height,sample_rate', '-of', 'json', input], { timeout: timeoutMs });
  return (JSON.parse(stdout) as { streams: ProbedStream[] }).streams;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 20_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      lastErr = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? ` (last error: ${(lastErr as Error).message})` : ''}`);
}
