/**
 * Recording works by default (issue 8): on a fresh install with recording switched on, Go Live is not
 * refused; the file lands in the user's Videos folder under "Danmu Studio", named with the room and
 * the date, and after Stop it is an MP4 with video and audio of the length that was live.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { StudioSnapshot } from '../../common/studio-api';
import { locateFfprobe } from '../../media/ffmpeg/locate';
import { waitFor } from '../helpers/media';
import { startStudioProcess, type StudioProcess } from '../helpers/studio-process';

const execFileP = promisify(execFile);
const home = mkdtempSync(path.join(tmpdir(), 'danmu-home-'));
let studio: StudioProcess | null = null;
after(async () => {
  await studio?.kill();
  rmSync(home, { recursive: true, force: true });
});

// Debian's ffprobe (an independent build) where installed, as CI has it.
const ffprobe = existsSync('/usr/bin/ffprobe') ? '/usr/bin/ffprobe' : locateFfprobe().path;

test('fresh install, recording on, default scene: Go Live works and Stop leaves an MP4 in Videos/Danmu Studio', { skip: process.platform !== 'linux', timeout: 150_000 }, async () => {
  mkdirSync(path.join(home, '.config'), { recursive: true });
  // A fresh user: no user-dirs.dirs, so the Videos folder is ~/Videos (not there yet).
  studio = await startStudioProcess({ dataDir: path.join(home, 'data'), xvfb: true, env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') } });
  const s = studio;
  await s.call('updateSettings', { output: { recording: { enabled: true } } });
  assert.equal((await s.call<StudioSnapshot>('getSnapshot')).activeSceneId, 'main', 'the default scene');
  await s.call('goLive');
  await waitFor('live', async () => (await s.call<StudioSnapshot>('getSnapshot')).pipeline.state.status === 'live', 60_000);
  const liveFrom = Date.now();
  await new Promise((r) => setTimeout(r, 6000));
  const liveMs = Date.now() - liveFrom;
  await s.call('stop');

  const folder = path.join(home, 'Videos', 'Danmu Studio');
  const mp4 = await waitFor('the MP4', () => readdirSync(folder).find((f) => f.endsWith('.mp4')), 30_000);
  assert.match(mp4, /^Danmu studio \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\.mp4$/);
  assert.deepEqual(readdirSync(folder).filter((f) => f.endsWith('.ts')), [], 'the crash-safe .ts is removed after the remux');

  const { stdout } = await execFileP(ffprobe, ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name:format=duration', '-of', 'json', path.join(folder, mp4)]);
  const probe = JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string }[]; format: { duration: string } };
  assert.deepEqual(probe.streams.map((x) => x.codec_type).sort(), ['audio', 'video']);
  const duration = Number(probe.format.duration);
  // It records from the encoder's start (a little before "live") to Stop: about the live time.
  assert.ok(duration >= liveMs / 1000 - 1.5 && duration <= liveMs / 1000 + 8, `recorded ${duration} s for ${liveMs} ms live`);

  const notes = (await s.call<StudioSnapshot>('getSnapshot')).notes.map((n) => n.text).join('\n');
  assert.ok(notes.includes(`Recording saved: ${path.join(folder, mp4)}`), notes);
});
