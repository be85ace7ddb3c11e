/**
 * The drawtext fallback's font (text layers without an editor raster, e.g. scenes built through the
 * API): a system font that has Chinese glyphs, so the fallback shows 汉字 rather than boxes.
 * Linux asks fontconfig (`fc-list :lang=zh-cn`); Windows and macOS ship known fonts at known paths.
 * Colour emoji cannot be drawn by ffmpeg's drawtext at all: that is why the editor raster comes first.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ProcessRegistry } from '../ffmpeg/processes';
import type { Platform } from './device-types';
import { runTool } from './devices';

/** Preferred families first: complete CJK coverage and a Latin design that matches. */
const LINUX_PREFERENCE = [/NotoSansCJK-Regular/i, /NotoSansCJK/i, /SourceHanSans/i, /wqy-microhei/i, /wqy-zenhei/i, /DroidSansFallback/i];

/** Picks the best file from `fc-list :lang=zh-cn file` output. Pure (unit-tested). */
export function pickLinuxCjkFont(fcListOutput: string): string | null {
  const files = fcListOutput.split('\n').map((l) => l.replace(/:\s*$/, '').trim()).filter((l) => l.startsWith('/'));
  for (const re of LINUX_PREFERENCE) {
    const hit = files.find((f) => re.test(f) && !/Bold|Light|Thin|Black|Medium/i.test(path.basename(f)));
    if (hit) return hit;
  }
  return files.find((f) => /\.(ttc|otf|ttf)$/i.test(f)) ?? null;
}

export function knownCjkFonts(platform: Platform, env: NodeJS.ProcessEnv = process.env): string[] {
  if (platform === 'win32') {
    const fonts = path.win32.join(env.WINDIR ?? env.SystemRoot ?? 'C:\\Windows', 'Fonts');
    // Microsoft YaHei (Vista+), then SimHei/SimSun, then Japanese/Korean system fonts that also cover 汉字.
    return ['msyh.ttc', 'msyh.ttf', 'simhei.ttf', 'simsun.ttc', 'YuGothR.ttc', 'meiryo.ttc', 'malgun.ttf'].map((f) => path.win32.join(fonts, f));
  }
  if (platform === 'darwin') {
    return ['/System/Library/Fonts/PingFang.ttc', '/System/Library/Fonts/Hiragino Sans GB.ttc', '/System/Library/Fonts/STHeiti Light.ttc', '/Library/Fonts/Arial Unicode.ttf'];
  }
  return [];
}

/** Finds a CJK-capable font file on this machine, or null (the builder then keeps its default font). */
export async function findCjkFont(processes: ProcessRegistry, platform: Platform, exists: (p: string) => boolean = existsSync): Promise<string | null> {
  if (platform !== 'linux') return knownCjkFonts(platform).find((f) => exists(f)) ?? null;
  try {
    const r = await runTool(processes, 'fc-list', [':lang=zh-cn', 'file'], 5000);
    const file = r.code === 0 ? pickLinuxCjkFont(r.stdout) : null;
    return file && exists(file) ? file : null;
  } catch {
    return null; // no fontconfig tools: drawtext keeps fontconfig's default
  }
}
