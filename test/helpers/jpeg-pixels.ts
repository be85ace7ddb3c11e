/** Decodes a JPEG to RGB pixels with ffmpeg (no image library in the project): for pixel checks. */
import { execFileSync } from 'node:child_process';
import type { Rgb } from './x11-pattern';

export interface Pixels {
  width: number;
  height: number;
  at(fx: number, fy: number): Rgb;
}

export function decodeJpeg(ffmpegPath: string, jpeg: Buffer, width: number, height: number): Pixels {
  const rgb = execFileSync(ffmpegPath, [
    '-hide_banner', '-loglevel', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0',
    '-vf', `scale=${width}:${height}`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ], { input: jpeg, maxBuffer: 64 * 1024 * 1024 });
  return {
    width, height,
    at(fx, fy) {
      const x = Math.min(width - 1, Math.floor(fx * width));
      const y = Math.min(height - 1, Math.floor(fy * height));
      const i = (y * width + x) * 3;
      return [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!];
    },
  };
}
