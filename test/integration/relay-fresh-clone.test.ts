/**
 * `npm run relay` on a fresh clone (issue 8: /room/<room> and /overlay/<room> answered 503 "not
 * built"): in a copy of the repository without dist/, the relay builds its pages first, prints only
 * its one JSON line on stdout with --json, and then serves the viewer page and the overlay.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cloneWithoutDist } from '../helpers/clone';

test('npm run relay on a clone without dist/ builds the pages, keeps --json to one stdout line, serves /room and /overlay', { timeout: 300_000 }, async (t) => {
  // The build of the pages is most of this test's time: ~35 s on an idle machine, 99 s seen at load
  // 15-20 on 2 cores, so the bound (a stuck build, not a slow one) is far above either.
  const clone = cloneWithoutDist('relay-clone-');
  t.after(() => rmSync(clone, { recursive: true, force: true }));
  assert.ok(!existsSync(path.join(clone, 'dist')), 'no build in the clone');

  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(npm, ['run', '--silent', 'relay', '--', '--json', '--host', '127.0.0.1', '--rtmp-port', '0', '--http-port', '0', '--room', 'main', '--data-dir', path.join(clone, 'data')], { cwd: clone, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((r) => child.once('exit', r));
  t.after(async () => {
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ }
    await exited;
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => { if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n'))); });
    child.once('exit', (code) => reject(new Error(`the relay exited (${code}) before printing its JSON line:\n${stderr}`)));
  });
  const info = JSON.parse(line) as { viewer: string; overlay: string; httpPort: number };
  assert.match(stderr, /Building the viewer, overlay and console pages/, 'it said it was building');
  // zod's misplaced @__PURE__ comments printed two multi-line Rollup warnings a newcomer read as errors
  assert.doesNotMatch(stderr, /annotation that Rollup cannot interpret/, 'no dependency annotation noise in the build output');
  assert.ok(existsSync(path.join(clone, 'dist', 'web', 'viewer', 'index.html')), 'the pages were built in the clone');

  for (const url of [info.viewer, info.overlay, `http://127.0.0.1:${info.httpPort}/room/main`]) {
    const r = await fetch(url);
    assert.equal(r.status, 200, `${url}: ${r.status} ${r.status === 200 ? '' : await r.text()}`);
    assert.match(await r.text(), /<html/i);
  }
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(stdout.trim().split('\n').length, 1, `stdout is the JSON line only:\n${stdout}`);
});
