import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { locateFfmpeg, locateFfprobe, FfmpegNotFoundError } from '../../media/ffmpeg/locate';

/** A fake "ffmpeg" that prints a recognisable version line, to see which candidate won. */
function fakeBinary(dir: string, name: string, version: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, `#!/bin/sh\necho "${version}"\n`);
  chmodSync(p, 0o755);
  return p;
}

test('an explicit setting wins over the environment and the bundled binary', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ff-'));
  const setting = fakeBinary(dir, 'ff-setting', 'ffmpeg version setting');
  const env = fakeBinary(dir, 'ff-env', 'ffmpeg version env');
  const r = locateFfmpeg({ setting, env: { DANMU_FFMPEG: env, PATH: '' } });
  assert.equal(r.source, 'setting');
  assert.equal(r.version, 'ffmpeg version setting');
});

test('DANMU_FFMPEG wins over the bundled binary', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ff-'));
  const env = fakeBinary(dir, 'ff-env', 'ffmpeg version env');
  const r = locateFfmpeg({ env: { DANMU_FFMPEG: env, PATH: '' } });
  assert.deepEqual([r.source, r.path], ['env', env]);
});

test('without settings the registry-shipped ffmpeg is used (ffmpeg-static has no binary here) and it really runs', () => {
  const r = locateFfmpeg({ env: { PATH: '' } });
  assert.ok(['ffmpeg-static', '@ffmpeg-installer/ffmpeg'].includes(r.source), r.source);
  assert.match(r.version, /^ffmpeg version /);
});

test('a broken setting falls through to the next candidate and says why', () => {
  const r = locateFfmpeg({ setting: '/nonexistent/ffmpeg', env: { PATH: '' } });
  assert.notEqual(r.source, 'setting');
});

test('ffprobe is found too', () => {
  assert.match(locateFfprobe({ env: { PATH: process.env.PATH } }).version, /^ffprobe version /);
});

test('the not-found error names what was tried and how to fix it', () => {
  // Only the setting and an empty PATH: hide the packages by pointing at a non-executable file.
  const dir = mkdtempSync(path.join(tmpdir(), 'ff-'));
  const notExec = path.join(dir, 'ffmpeg');
  writeFileSync(notExec, 'not a program');
  const err = new FfmpegNotFoundError('ffmpeg', [`setting: ${notExec} is not executable`]);
  assert.match(err.message, /ffmpeg was not found/);
  assert.match(err.message, /npm ci/);
  assert.match(err.message, /DANMU_FFMPEG/);
});
