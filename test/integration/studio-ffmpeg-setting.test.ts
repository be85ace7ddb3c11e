/**
 * The ffmpeg setting the README promises (issue 8): `--ffmpeg <path>` picks the studio's ffmpeg for a
 * run and the studio shows which one it uses; a path that does not run is refused in Settings.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StudioSnapshot } from '../../common/studio-api';
import { compose } from '../../main/composition';
import { locateFfmpeg } from '../../media/ffmpeg/locate';
import { memoryLogger } from '../../media/log';
import { startStudioProcess, type StudioProcess } from '../helpers/studio-process';

const tmp = mkdtempSync(path.join(tmpdir(), 'danmu-ffmpeg-'));
let studio: StudioProcess | null = null;
after(async () => {
  await studio?.kill();
  rmSync(tmp, { recursive: true, force: true });
});

// Debian's ffmpeg where installed (CI), else the bundled one: either way a real, second binary.
const chosen = existsSync('/usr/bin/ffmpeg') ? '/usr/bin/ffmpeg' : locateFfmpeg().path;

test('npm start -- --ffmpeg <path> runs the studio on that ffmpeg and says so', { timeout: 90_000 }, async () => {
  studio = await startStudioProcess({ dataDir: path.join(tmp, 'cli'), args: ['--ffmpeg', chosen] });
  const snap = await studio.call<StudioSnapshot>('getSnapshot');
  assert.equal(snap.relay.ffmpegOk, true);
  assert.ok(snap.relay.ffmpeg.includes(`setting: ${chosen}`), snap.relay.ffmpeg);
  assert.equal(snap.settings.ffmpegPath, null, 'a flag is for this run: nothing is saved');
});

test('Settings refuses an ffmpeg path that does not run and a recording folder it cannot use', async () => {
  const c = await compose({ dataDir: path.join(tmp, 'settings'), ports: { rtmp: 0, http: 0 }, log: memoryLogger() });
  try {
    await assert.rejects(c.core.updateSettings({ ffmpegPath: '/no/such/ffmpeg' }), (err: Error & { issues?: string[] }) => {
      assert.match(err.message, /not an ffmpeg this computer can run/);
      assert.ok(err.issues?.some((i) => i.startsWith('ffmpegPath:')));
      return true;
    });
    await assert.rejects(c.core.updateSettings({ ffmpegPath: '/bin/sh' }), /not an ffmpeg/);
    assert.equal((await c.core.getSnapshot()).settings.ffmpegPath, null, 'nothing was saved');
    const s = await c.core.updateSettings({ ffmpegPath: chosen });
    assert.equal(s.ffmpegPath, chosen);

    // The recording folder field (browser mode types it): a full path the studio can write to.
    const before = (await c.core.getSnapshot()).recordingFolder;
    assert.ok(before.endsWith('Danmu Studio'), before);
    await assert.rejects(c.core.updateSettings({ output: { recording: { directory: 'Videos/stream' } } }), /not a full path/);
    await assert.rejects(c.core.updateSettings({ output: { recording: { directory: '/proc/danmu' } } }), /cannot write/);
    const mine = path.join(tmp, 'my recordings');
    await c.core.updateSettings({ output: { recording: { directory: mine, fileName: 'Show {date}' } } });
    const snap = await c.core.getSnapshot();
    assert.equal(snap.recordingFolder, mine);
    assert.ok(existsSync(mine), 'created when chosen');
    await assert.rejects(c.core.updateSettings({ output: { recording: { fileName: 'a/b' } } }), /file name/);
  } finally {
    await c.dispose();
  }
});
