import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomEvent, RoomUser } from '../../common/room-protocol';
import { sampleBatch } from '../../media/room/batch-sampler';
import { ComboTracker } from '../../media/room/combo-tracker';
import { GiftCatalog } from '../../media/room/gift-catalog';
import { TokenSigner } from '../../media/room/identity';
import { LikeAggregator } from '../../media/room/like-aggregator';
import { RateLimiter } from '../../media/room/rate-limiter';
import { normaliseName, normaliseText } from '../../media/room/text';

const user: RoomUser = { id: 'v_1', name: 'a', role: 'viewer' };

describe('normaliseText', () => {
  it('removes control and bidi characters, collapses whitespace, keeps markup as plain text', () => {
    assert.deepEqual(normaliseText('  hi\u0000\n\n there\u202E <img src=x> ', 60), { ok: true, text: 'hi there <img src=x>' });
  });
  it('counts code points, so Chinese and emoji count one each', () => {
    assert.deepEqual(normaliseText('主播好🎉', 4), { ok: true, text: '主播好🎉' });
    assert.equal(normaliseText('主播好🎉!', 4).ok, false);
    const r = normaliseText('x'.repeat(61), 60);
    assert.equal(!r.ok && r.code, 'too_long');
  });
  it('refuses text that is empty after cleaning', () => {
    const r = normaliseText(' \u0007\t ', 60);
    assert.equal(!r.ok && r.code, 'invalid');
  });
  it('cuts names instead of refusing them', () => {
    assert.equal(normaliseName('a'.repeat(30), 20), 'a'.repeat(20));
    assert.equal(normaliseName('\u0000 ', 20), undefined);
  });
});

describe('RateLimiter', () => {
  it('allows the burst, then refills at the rate, per key', () => {
    let t = 0;
    const rl = new RateLimiter({ perSecond: 1, burst: 3 }, () => t);
    assert.deepEqual([1, 2, 3, 4].map(() => rl.take('a')), [true, true, true, false]);
    assert.equal(rl.take('b'), true, 'another key has its own bucket');
    t = 999;
    assert.equal(rl.take('a'), false);
    t = 1000;
    assert.equal(rl.peek('a'), true);
    assert.equal(rl.take('a'), true);
    assert.equal(rl.take('a'), false);
  });
  it('forgets full buckets on sweep', () => {
    let t = 0;
    const rl = new RateLimiter({ perSecond: 1, burst: 2 }, () => t);
    rl.take('a');
    rl.take('b');
    t = 500;
    rl.sweep();
    assert.equal(rl.size, 2);
    t = 2000;
    rl.sweep();
    assert.equal(rl.size, 0);
  });
});

describe('ComboTracker', () => {
  it('continues a combo within the window, per user and gift', () => {
    let t = 0;
    const c = new ComboTracker(5000, () => t);
    assert.equal(c.hit('u', 'rocket'), 1);
    t = 4000;
    assert.equal(c.hit('u', 'rocket'), 2);
    assert.equal(c.hit('u', 'heart'), 1);
    assert.equal(c.hit('w', 'rocket'), 1);
    t = 9001;
    assert.equal(c.hit('u', 'rocket'), 1, 'a pause longer than the window starts over');
  });
});

describe('LikeAggregator', () => {
  it('sums clicks per room and user and keeps every ack', () => {
    const agg = new LikeAggregator<string>(100);
    agg.add('main', user, 3, 'a');
    agg.add('main', user, 90, 'b');
    agg.add('main', user, 90, 'c');
    agg.add('other', user, 1, 'd');
    const out = agg.drain();
    assert.deepEqual(out.map((p) => [p.room, p.count, p.acks]), [['main', 100, ['a', 'b', 'c']], ['other', 1, ['d']]]);
    assert.equal(agg.drain().length, 0);
  });
});

describe('sampleBatch', () => {
  const ev = (seq: number, type: 'danmaku' | 'gift' | 'system'): RoomEvent =>
    type === 'danmaku' ? { seq, ts: 0, user, type, text: `${seq}`, color: '#ffffff', mode: 'scroll' }
      : type === 'gift' ? { seq, ts: 0, user, type, giftId: 'heart', name: 'h', count: 1, value: 1, combo: 1 }
        : { seq, ts: 0, user, type, text: 'x', code: 'live', params: {} };

  it('passes small batches untouched', () => {
    const events = [ev(1, 'danmaku'), ev(2, 'gift')];
    assert.deepEqual(sampleBatch(events, 10), events);
  });
  it('keeps every gift and system event, samples danmaku evenly, preserves order', () => {
    const events: RoomEvent[] = [];
    for (let i = 1; i <= 100; i++) events.push(ev(i, i % 25 === 0 ? 'gift' : i === 50 ? 'system' : 'danmaku'));
    const out = sampleBatch(events, 20);
    assert.equal(out.length, 20);
    assert.deepEqual(out.filter((e) => e.type !== 'danmaku').map((e) => e.seq), [25, 50, 75, 100]);
    const seqs = out.map((e) => e.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
    const danmaku = out.filter((e) => e.type === 'danmaku').map((e) => e.seq);
    assert.ok(danmaku[0]! < 10 && danmaku.at(-1)! > 85, `spread over the batch: ${danmaku.join(',')}`);
  });
  it('never drops priority events even above the cap', () => {
    const events = Array.from({ length: 30 }, (_, i) => ev(i + 1, 'gift'));
    assert.equal(sampleBatch(events, 10).length, 30);
  });
});

describe('GiftCatalog', () => {
  it('ships a default catalog with a big gift and refuses duplicate ids', () => {
    const c = new GiftCatalog();
    assert.ok(c.items.length >= 6);
    assert.ok(c.items.some((g) => g.price >= 1000));
    assert.throws(() => new GiftCatalog([{ id: 'a', name: 'A', price: 1, icon: 'x' }, { id: 'a', name: 'B', price: 2, icon: 'y' }]), /unique/);
    assert.throws(() => new GiftCatalog([{ id: 'a', name: 'A', price: -1, icon: 'x' }]), /price/);
  });
});

describe('TokenSigner', () => {
  it('verifies its own tokens and rejects tampered or foreign ones', () => {
    const s = new TokenSigner(Buffer.alloc(32, 1));
    const token = s.sign({ v: 1, sub: 'v_abc', role: 'viewer', iat: 1 });
    assert.equal(s.verify(token)?.sub, 'v_abc');
    assert.equal(new TokenSigner(Buffer.alloc(32, 2)).verify(token), null);
    const [h, , mac] = token.split('.');
    const body = Buffer.from(JSON.stringify({ v: 1, sub: 'v_x', role: 'viewer', iat: 1 })).toString('base64url');
    assert.equal(s.verify(`${h}.${body}.${mac}`), null);
    assert.equal(s.verify('garbage'), null);
  });
});
