import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressKey, clientAddress, normalizeIp, PerAddressLimiter, validateTrustedProxies } from '../../media/net/client-address';

test('addressKey: IPv4 as is, IPv4-mapped IPv6 is the IPv4 address, IPv6 by its /64', () => {
  const cases: Array<[string | undefined, string]> = [
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:cb00:7107', '203.0.113.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002:ffff::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not-an-ip', 'invalid'],
    ['', 'invalid'],
    [undefined, 'invalid'],
  ];
  for (const [ip, key] of cases) assert.equal(addressKey(ip), key, String(ip));
  // every address of one /64 shares a bucket; a neighbouring /64 does not
  assert.equal(addressKey('2001:db8:1:2::a'), addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
  assert.notEqual(addressKey('2001:db8:1:2::a'), addressKey('2001:db8:1:3::a'));
});

test('normalizeIp strips ports and brackets that proxies put into X-Forwarded-For', () => {
  assert.equal(normalizeIp('198.51.100.1:4431'), '198.51.100.1');
  assert.equal(normalizeIp('[2001:db8::5]:443'), '2001:db8:0:0:0:0:0:5');
  assert.equal(normalizeIp(' 10.0.0.1 '), '10.0.0.1');
  assert.equal(normalizeIp('1.2.3.4.5'), '');
});

test('X-Forwarded-For is ignored unless the direct peer is a trusted proxy', () => {
  assert.equal(clientAddress('198.51.100.9', '1.1.1.1', []), '198.51.100.9');
  assert.equal(clientAddress('198.51.100.9', '1.1.1.1', ['127.0.0.1']), '198.51.100.9', 'untrusted peer: header is a claim');
  assert.equal(clientAddress('::ffff:127.0.0.1', '203.0.113.5', ['127.0.0.1']), '203.0.113.5');
  assert.equal(clientAddress('127.0.0.1', undefined, ['127.0.0.1']), '127.0.0.1', 'no header: the proxy itself');
});

test('the right-most untrusted hop is the client; spoofed hops to its left are ignored', () => {
  const trusted = ['10.0.0.0/8', '127.0.0.1'];
  // client sends a forged header "6.6.6.6"; nginx appends the real peer 203.0.113.5; an inner proxy 10.1.1.1 appends nginx
  assert.equal(clientAddress('127.0.0.1', '6.6.6.6, 203.0.113.5, 10.1.1.1', trusted), '203.0.113.5');
  assert.equal(clientAddress('127.0.0.1', ['6.6.6.6', '203.0.113.5'], trusted), '203.0.113.5', 'repeated header');
  assert.equal(clientAddress('127.0.0.1', '10.2.2.2, 10.1.1.1', trusted), '10.2.2.2', 'all trusted: the left-most');
  assert.equal(clientAddress('127.0.0.1', 'garbage', trusted), '127.0.0.1', 'garbage from a proxy: keep the proxy');
  assert.equal(clientAddress('127.0.0.1', '203.0.113.5:5555', trusted), '203.0.113.5');
  assert.equal(clientAddress('::1', '2001:db8::7', ['::1']), '2001:db8:0:0:0:0:0:7');
});

test('trusted proxy lists are validated', () => {
  validateTrustedProxies(['127.0.0.1', '::1', '10.0.0.0/8', 'fd00::/8']);
  assert.throws(() => validateTrustedProxies(['localhost']), /Not an IP/);
  assert.throws(() => validateTrustedProxies(['10.0.0.0/33']), /prefix/);
});

test('PerAddressLimiter caps concurrent holders per key and forgets released keys', () => {
  const lim = new PerAddressLimiter(2);
  const a1 = lim.acquire('a');
  const a2 = lim.acquire('a');
  assert.ok(a1 && a2);
  assert.equal(lim.acquire('a'), null, 'third concurrent holder is refused');
  assert.ok(lim.acquire('b'), 'another address is unaffected');
  a1();
  a1(); // idempotent
  assert.equal(lim.count('a'), 1);
  assert.ok(lim.acquire('a'));
  a2();
  assert.throws(() => new PerAddressLimiter(0));
  const l2 = new PerAddressLimiter(1);
  const r = l2.acquire('x')!;
  r();
  assert.equal(l2.size, 0, 'no entry kept for idle keys');
});
