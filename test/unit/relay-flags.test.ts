import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitsFromFlags, parseRelayFlags, vodFromFlags } from '../../media/cli/relay-flags';

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

test('trusted proxies (repeatable, IP or CIDR) and limits', () => {
  const r = parseRelayFlags(['--trust-proxy', '127.0.0.1', '--trust-proxy', '10.0.0.0/8', '--trust-proxy', '::1', '--rtmp-per-address', '4', '--http-per-address', '500', '--viewer-buffer-kb', '2048']);
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.deepEqual(r.flags.trustProxy, ['127.0.0.1', '10.0.0.0/8', '::1']);
  assert.deepEqual(limitsFromFlags(r.flags), { rtmpConnectionsPerAddress: 4, httpConnectionsPerAddress: 500, viewerMaxPendingBytes: 2048 * 1024 });
  const d = parseRelayFlags([]);
  assert.ok(d.ok);
  assert.deepEqual(d.flags.trustProxy, []);
  assert.deepEqual(limitsFromFlags(d.flags), { rtmpConnectionsPerAddress: undefined, httpConnectionsPerAddress: undefined, viewerMaxPendingBytes: undefined });
});

for (const [argv, expected] of [
  [['--trust-proxy', 'localhost'], /--trust-proxy: Not an IP address or CIDR range: "localhost"/],
  [['--trust-proxy', '10.0.0.0/40'], /--trust-proxy: Bad prefix length/],
  [['--rtmp-per-address', '0'], /--rtmp-per-address must be 1-10000/],
  [['--http-per-address', 'many'], /--http-per-address must be a number/],
  [['--viewer-buffer-kb', '1.5'], /--viewer-buffer-kb must be a whole number/],
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

test('replay flags: on by default keeping everything; retention limits; --no-replays; bad values refused', () => {
  const d = parseRelayFlags([]);
  assert.ok(d.ok);
  assert.deepEqual(vodFromFlags(d.flags), { enabled: true, retention: {} });
  const r = parseRelayFlags(['--replay-max-days', '30', '--replay-max-gb', '2.5']);
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.deepEqual(vodFromFlags(r.flags), { enabled: true, retention: { maxAgeDays: 30, maxBytes: 2_500_000_000 } });
  const off = parseRelayFlags(['--no-replays']);
  assert.ok(off.ok);
  assert.equal(vodFromFlags(off.flags).enabled, false);
  for (const [args, message] of [[['--replay-max-days', '0'], /--replay-max-days must be more than 0/], [['--replay-max-gb', 'lots'], /--replay-max-gb must be a number/]] as const) {
    const bad = parseRelayFlags([...args]);
    assert.ok(!bad.ok && message.test(bad.error), bad.ok ? 'accepted' : bad.error);
  }
});
