import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRelayFlags } from '../../media/cli/relay-flags';

test('defaults: loopback, RTMP 1935, HTTP 8000, room main', () => {
  const r = parseRelayFlags([]);
  assert.ok(r.ok);
  assert.equal(r.flags.host, '127.0.0.1');
  assert.equal(r.flags.rtmpPort, 1935);
  assert.equal(r.flags.httpPort, 8000);
  assert.deepEqual(r.flags.rooms, ['main']);
  assert.equal(r.flags.json, false);
});

test('repeatable rooms, key, json', () => {
  const r = parseRelayFlags(['--room', 'a', '--room', 'b-2', '--room', 'a', '--key', 'abcdefgh12', '--json', '--rtmp-port', '0', '--http-port', '0']);
  assert.ok(r.ok);
  assert.deepEqual(r.flags.rooms, ['a', 'b-2']);
  assert.equal(r.flags.key, 'abcdefgh12');
  assert.equal(r.flags.json, true);
});

for (const [argv, expected] of [
  [['--rtmp-port', 'abc'], /--rtmp-port must be a number/],
  [['--http-port', '70000'], /--http-port must be 0-65535/],
  [['--room', '../etc'], /--room must be/],
  [['--key', 'short'], /--key must be/],
  [['--bogus'], /Unknown option '--bogus'/],
  [['--rtmp-port', '8000', '--http-port', '8000'], /must differ/],
  [['stray'], /positional/i],
] as const) {
  test(`refuses ${argv.join(' ')} with a clear message`, () => {
    const r = parseRelayFlags([...argv]);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, expected);
  });
}
