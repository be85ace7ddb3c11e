import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryLogger } from '../../media/log';
import { DEFAULT_LIMITS, resolveLimits } from '../../media/relay/limits';
import { LogThrottle } from '../../media/relay/log-throttle';
import type { NmsSession } from '../../media/relay/nms-internals';
import { capSendBuffer } from '../../media/relay/send-cap';

test('a flood of warnings becomes at most `burst` lines per window plus one summary', () => {
  const log = memoryLogger();
  let now = 0;
  const w = new LogThrottle(log, 3, 10_000, () => now);
  for (let i = 0; i < 100; i++) w.warn(`bad ${i}`);
  assert.deepEqual(log.lines, ['warn bad 0', 'warn bad 1', 'warn bad 2']);
  now = 10_000;
  w.warn('later');
  assert.deepEqual(log.lines.slice(3), ['warn (97 similar relay warnings left out in the last 10 s)', 'warn later']);
});

test('a subscriber is dropped once its unsent bytes pass the cap; the join burst is allowed on top', () => {
  let pending = 0;
  const sent: number[] = [];
  const session = { sendBuffer: (b: Buffer) => { sent.push(b.length); pending += b.length; } } as unknown as NmsSession;
  const drops: number[] = [];
  const cap = capSendBuffer(session, () => pending, 1000, (p) => drops.push(p));
  cap.joining(() => { for (let i = 0; i < 5; i++) session.sendBuffer(Buffer.alloc(400)); }); // a 2000-byte GOP at join
  assert.equal(sent.length, 5, 'the whole join burst is sent');
  session.sendBuffer(Buffer.alloc(500)); // 2500 pending ≤ 1000 + 2000
  assert.equal(drops.length, 0);
  session.sendBuffer(Buffer.alloc(600)); // 3100 > 3000
  assert.deepEqual(drops, [2500]);
  session.sendBuffer(Buffer.alloc(1));
  assert.equal(sent.length, 6, 'nothing more is sent to a dropped subscriber');
});

test('a throwing subscriber is dropped instead of disturbing the publisher', () => {
  const session = { sendBuffer: () => { throw new Error('write after end'); } } as unknown as NmsSession;
  const drops: number[] = [];
  capSendBuffer(session, () => 0, 1000, (p) => drops.push(p));
  assert.doesNotThrow(() => session.sendBuffer(Buffer.alloc(10)));
  assert.deepEqual(drops, [0]);
});

test('limits: defaults, overrides and refusal of nonsense', () => {
  assert.deepEqual(resolveLimits(), DEFAULT_LIMITS);
  assert.equal(resolveLimits({ viewerMaxPendingBytes: 2048, rtmpConnectionsPerAddress: undefined }).viewerMaxPendingBytes, 2048);
  assert.equal(resolveLimits({ rtmpConnectionsPerAddress: undefined }).rtmpConnectionsPerAddress, 10);
  assert.throws(() => resolveLimits({ httpHeadersTimeoutMs: 0 }), /must be a positive number/);
  assert.throws(() => resolveLimits({ rtmpMaxMessageBytes: Number.NaN }), /must be a positive number/);
});
