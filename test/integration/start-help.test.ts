/**
 * A newcomer's first command on a fresh clone, `npm start -- --help`, printed the flags only after
 * building the whole studio (100 s on a busy machine), as if it were starting. Help needs no build
 * (the relay's script already skipped it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cloneWithoutDist } from '../helpers/clone';

test('npm start -- --help on a clone without dist/ prints the flags without building', { timeout: 120_000 }, (t) => {
  const clone = cloneWithoutDist('start-help-');
  t.after(() => rmSync(clone, { recursive: true, force: true }));
  for (const flag of ['--help']) {
    // Bounded well below a build (35 s idle, 100 s loaded): tsx loading the CLI is a few seconds.
    const r = spawnSync(process.execPath, ['scripts/start.mjs', flag], { cwd: clone, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `${flag}: exit ${r.status} ${r.signal ?? ''}\n${r.stderr}`);
    assert.match(r.stdout, /Usage: npm start/, flag);
    assert.doesNotMatch(r.stderr, /Building/, `${flag} built the studio first:\n${r.stderr}`);
    assert.ok(!existsSync(path.join(clone, 'dist')), `${flag} left a build in the clone`);
  }
});
