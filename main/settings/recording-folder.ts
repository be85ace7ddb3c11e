/**
 * Where recordings go when the streamer has not chosen a folder: the user's Videos folder (as the OS
 * names it) plus "Danmu Studio", created on the first recording. Linux asks xdg-user-dir, which
 * follows a localised desktop (e.g. ~/视频); Windows %USERPROFILE%\Videos; macOS ~/Movies.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { StudioError } from '../../common/studio-api';
import { mkdirp } from '../../media/mkdirp';
import path from 'node:path';
import { PRODUCT_NAME } from './paths';

export function defaultRecordingFolder(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  xdgVideos: () => string | null = xdgUserDirVideos,
): string {
  const home = env.HOME && platform !== 'win32' ? env.HOME : homedir();
  if (platform === 'win32') return path.join(env.USERPROFILE ?? home, 'Videos', PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Movies', PRODUCT_NAME);
  const videos = xdgVideos();
  // xdg-user-dir answers $HOME when the folder is not configured: then ~/Videos, as GNOME would create.
  const base = videos && path.isAbsolute(videos) && path.resolve(videos) !== path.resolve(home) ? videos : path.join(home, 'Videos');
  return path.join(base, PRODUCT_NAME);
}

function xdgUserDirVideos(): string | null {
  try {
    return execFileSync('xdg-user-dir', ['VIDEOS'], { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null; // not installed (servers, minimal systems)
  }
}

/**
 * A recording folder typed in Settings must be a full path we can write to (created when missing),
 * so Go Live never finds out later. Throws StudioError('invalid') naming the field.
 */
export function refuseUnusableFolder(patch: unknown): void {
  const dir = (patch as { output?: { recording?: { directory?: unknown } } } | null)?.output?.recording?.directory;
  if (typeof dir !== 'string') return;
  let problem: string | null = null;
  if (!path.isAbsolute(dir)) problem = `"${dir}" is not a full path: give the whole folder path, e.g. ${defaultRecordingFolder()}.`;
  else {
    try {
      mkdirp(dir);
      if (!statSync(dir).isDirectory()) problem = `${dir} is a file, not a folder.`;
      else accessSync(dir, constants.W_OK);
    } catch (err) {
      problem ??= `The studio cannot write to ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): choose a folder you own.`;
    }
  }
  if (problem) throw new StudioError('invalid', `Settings not saved: ${problem}`, [`output.recording.directory: ${problem}`], { code: 'recording-folder-unusable', params: { folder: dir } });
}
