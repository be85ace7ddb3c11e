import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Sequencer } from '../../main/room/sequencer';

const ev = (seq: number) => ({ seq });
const seqs = (es: { seq: number }[]) => es.map((e) => e.seq);

describe('Sequencer', () => {
  it('delivers in order and drops duplicates and old events', () => {
    const s = new Sequencer(0);
    assert.deepEqual(seqs(s.push(ev(1), ev(2))), [1, 2]);
    assert.deepEqual(seqs(s.push(ev(2), ev(1))), []);
    assert.deepEqual(seqs(s.push(ev(3))), [3]);
    assert.equal(s.lastSeq, 3);
  });

  it('buffers events behind a gap and releases them when it is filled', () => {
    const s = new Sequencer(10);
    assert.deepEqual(seqs(s.push(ev(13), ev(12))), []);
    assert.deepEqual(s.waitingFor, { after: 10, upTo: 13 });
    assert.deepEqual(seqs(s.push(ev(12))), [], 'a duplicate while buffered is ignored');
    assert.equal(s.buffered, 2);
    assert.deepEqual(seqs(s.push(ev(11))), [11, 12, 13]);
    assert.equal(s.waitingFor, null);
  });

  it('handles a history page overlapping live events', () => {
    const s = new Sequencer(0);
    s.push(ev(5), ev(6));
    const page = Array.from({ length: 6 }, (_, i) => ev(i + 1));
    assert.deepEqual(seqs(s.push(...page)), [1, 2, 3, 4, 5, 6]);
  });

  it('reset moves the start point and discards what it covers', () => {
    const s = new Sequencer(0);
    s.push(ev(3), ev(8));
    s.reset(5);
    assert.deepEqual(seqs(s.push(ev(6), ev(7))), [6, 7, 8]);
  });

  it('clear() starts over: buffered events of the old numbering are forgotten', () => {
    const s = new Sequencer(10);
    s.push(ev(12));
    s.clear(0);
    assert.equal(s.waitingFor, null);
    assert.deepEqual(seqs(s.push(ev(1), ev(2))), [1, 2]);
  });
});
