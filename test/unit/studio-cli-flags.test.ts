import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseCliFlags } from '../../main/studio/cli-flags';

test('valid flags are parsed into typed values', () => {
  const r = parseCliFlags(['--web', '--json', '--rtmp-port', '0', '--http-port=8080', '--host', '127.0.0.1', '--data-dir', '/tmp/x']);
  assert.ok(r.ok);
  assert.deepEqual(r.flags, { web: true, json: true, help: false, rtmpPort: 0, httpPort: 8080, host: '127.0.0.1', dataDir: '/tmp/x' });
  assert.deepEqual(parseCliFlags([]), { ok: true, flags: { web: false, json: false, help: false } });
});

test('bad flags get a message naming the flag and the usage', () => {
  for (const [argv, reason] of [
    [['--rtmp-port', 'abc'], /--rtmp-port: must be a port number/],
    [['--http-port', '70000'], /--http-port: must be 0-65535/],
    [['--http-port', ''], /--http-port/],
    [['--host', 'my laptop'], /--host: must be an IP address/],
    [['--webb'], /Unknown option '--webb'/],
    [['stray'], /positional/i],
  ] as const) {
    const r = parseCliFlags([...argv]);
    assert.equal(r.ok, false, argv.join(' '));
    if (!r.ok) {
      assert.match(r.message, reason);
      assert.match(r.message, /Usage: npm start/);
    }
  }
});

test('npm start with a bad flag exits 2 with the reason on stderr', () => {
  const root = path.resolve(__dirname, '../..');
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'main/cli.ts'), '--rtmp-port', 'nope'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--rtmp-port: must be a port number/);
  assert.equal(r.stdout, '');
});

test('--ffmpeg takes an executable program and refuses anything else with a message', () => {
  const ok = parseCliFlags(['--ffmpeg', process.execPath]);
  assert.ok(ok.ok);
  if (ok.ok) assert.equal(ok.flags.ffmpeg, process.execPath);
  for (const bad of ['/no/such/ffmpeg', path.dirname(process.execPath), '']) {
    const r = parseCliFlags(['--ffmpeg', bad]);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.match(r.message, /--ffmpeg/);
  }
});
