/**
 * Finds the ffmpeg binary in one documented order and says which one won:
 *   1. an explicit setting (studio settings, `--ffmpeg`), 2. the DANMU_FFMPEG environment variable,
 *   3. ffmpeg-static (only where its binary was actually downloaded), 4. @ffmpeg-installer/ffmpeg
 *   (ships its binary inside the npm package), 5. `ffmpeg` on PATH.
 * ffprobe (tests and diagnostics only): setting, DANMU_FFPROBE, then PATH (Debian's ffmpeg package);
 * the registry's ffprobe packages segfault here, so none is bundled.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, accessSync, constants } from 'node:fs';
import path from 'node:path';

export type BinarySource = 'setting' | 'env' | 'ffmpeg-static' | '@ffmpeg-installer/ffmpeg' | 'PATH';

export interface ResolvedBinary {
  path: string;
  source: BinarySource;
  version: string;
}

export class FfmpegNotFoundError extends Error {
  constructor(readonly tool: 'ffmpeg' | 'ffprobe', readonly tried: string[]) {
    super(
      `${tool} was not found (tried: ${tried.join('; ')}). ` +
        `Fix: run "npm ci" to restore the bundled binary, install ${tool} (e.g. "apt-get install ffmpeg"), ` +
        `or point ${tool === 'ffmpeg' ? 'DANMU_FFMPEG' : 'DANMU_FFPROBE'} at an executable.`,
    );
    this.name = 'FfmpegNotFoundError';
  }
}

/** Inside a packaged Electron app binaries live in app.asar.unpacked, not in the archive. */
export function unpackedPath(p: string): string {
  return p.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
}

function isExecutable(p: string | undefined): p is string {
  if (!p) return false;
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fromPackage(load: () => unknown): string | undefined {
  try {
    const mod = load();
    const p = typeof mod === 'string' ? mod : (mod as { path?: string } | null)?.path;
    return p ? unpackedPath(p) : undefined;
  } catch {
    return undefined; // package not installed: fall through to the next candidate
  }
}

function onPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of envPath.split(path.delimiter)) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (dir && existsSync(candidate) && isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** First line of `-version`, e.g. "ffmpeg version 4.1 ...". */
export function probeVersion(binary: string): string {
  const out = execFileSync(binary, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 10_000 });
  // "ffmpeg version 4.1 https://… Copyright (c) …": the build's name is all a person needs.
  return (out.split('\n')[0] ?? '').replace(/\s+(https?:\/\/\S+\s+)?Copyright.*$/, '').trim();
}

interface Candidate {
  source: BinarySource;
  path: string | undefined;
}

function resolve(tool: 'ffmpeg' | 'ffprobe', candidates: Candidate[]): ResolvedBinary {
  const tried: string[] = [];
  for (const c of candidates) {
    if (!c.path) {
      tried.push(`${c.source}: not present`);
      continue;
    }
    if (!isExecutable(c.path)) {
      tried.push(`${c.source}: ${c.path} is not executable`);
      continue;
    }
    try {
      return { path: c.path, source: c.source, version: probeVersion(c.path) };
    } catch (err) {
      tried.push(`${c.source}: ${c.path} failed to run (${(err as Error).message.split('\n')[0]})`);
    }
  }
  throw new FfmpegNotFoundError(tool, tried);
}

export interface LocateOptions {
  /** Explicit path from settings or a CLI flag; wins over everything else. */
  setting?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export function locateFfmpeg(opts: LocateOptions = {}): ResolvedBinary {
  const env = opts.env ?? process.env;
  const candidates: Candidate[] = [];
  if (opts.setting) candidates.push({ source: 'setting', path: opts.setting });
  if (env.DANMU_FFMPEG) candidates.push({ source: 'env', path: env.DANMU_FFMPEG });
  candidates.push(
    { source: 'ffmpeg-static', path: fromPackage(() => require('ffmpeg-static')) },
    { source: '@ffmpeg-installer/ffmpeg', path: fromPackage(() => require('@ffmpeg-installer/ffmpeg')) },
    { source: 'PATH', path: onPath('ffmpeg', env.PATH) },
  );
  return resolve('ffmpeg', candidates);
}

export function locateFfprobe(opts: LocateOptions = {}): ResolvedBinary {
  const env = opts.env ?? process.env;
  const candidates: Candidate[] = [];
  if (opts.setting) candidates.push({ source: 'setting', path: opts.setting });
  if (env.DANMU_FFPROBE) candidates.push({ source: 'env', path: env.DANMU_FFPROBE });
  candidates.push(
    { source: 'PATH', path: onPath('ffprobe', env.PATH) },
  );
  return resolve('ffprobe', candidates);
}

export function describeBinary(b: ResolvedBinary): string {
  return `${b.version} (${b.source}: ${b.path})`;
}
