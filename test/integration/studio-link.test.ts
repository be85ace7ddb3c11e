/**
 * State that survives (issue 8): the browser-mode studio link (token and port) stays valid across
 * restarts until the streamer resets it; the token file is private (0600); a reset locks out the old
 * link at once.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BRIDGE_CALL_PATH, BRIDGE_TOKEN_HEADER } from '../../common/studio-api';
import { startStudioProcess, type StudioProcess } from '../helpers/studio-process';

const dataDir = mkdtempSync(path.join(tmpdir(), 'danmu-link-'));
let studio: StudioProcess | null = null;
after(async () => {
  await studio?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

async function status(link: string, method = 'getSnapshot'): Promise<number> {
  const u = new URL(link);
  const res = await fetch(`${u.origin}${BRIDGE_CALL_PATH}${method}`, {
    method: 'POST', headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: u.searchParams.get('token')! }, body: '{}',
  });
  await res.arrayBuffer();
  return res.status;
}

test('the studio link survives a restart, is stored 0600, and a reset refuses the old one', { timeout: 120_000 }, async () => {
  studio = await startStudioProcess({ dataDir });
  const first = studio.info.studio;
  assert.equal(await status(first), 200);
  const file = path.join(dataDir, 'bridge.json');
  if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600, 'the token file is readable by its owner only');
  assert.ok(readFileSync(file, 'utf8').includes(new URL(first).searchParams.get('token')!));

  await studio.kill();
  studio = await startStudioProcess({ dataDir });
  assert.equal(studio.info.studio, first, 'same link after a restart');
  assert.equal(await status(first), 200);

  const { url } = await studio.call<{ url: string }>('resetStudioLink');
  assert.notEqual(url, first);
  assert.equal(new URL(url).port, new URL(first).port, 'the port stays; only the token changes');
  assert.equal(await status(first), 401, 'the old link is refused at once');
  assert.equal(await status(url), 200);
  if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);

  await studio.kill();
  studio = await startStudioProcess({ dataDir });
  assert.equal(studio.info.studio, url, 'the reset link is the one that survives the next restart');
  assert.equal(await status(first), 401);
});
