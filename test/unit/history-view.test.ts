import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { barGeometry, dayBound, formatDuration, historyHash, niceMax, pagesFor, parseHistoryHash, peakIndex } from '../../renderer/studio/logic/history-view';

describe('history view logic', () => {
  it('routes round-trip through the URL hash; anything else is the studio or the list', () => {
    for (const r of [{ view: 'sessions' }, { view: 'search' }, { view: 'session', id: 'studio/17', at: null }, { view: 'session', id: 'studio/17', at: 250 }] as const) {
      assert.deepEqual(parseHistoryHash(historyHash(r)), r);
    }
    assert.equal(parseHistoryHash(''), null);
    assert.equal(parseHistoryHash('#/settings'), null);
    assert.deepEqual(parseHistoryHash('#/history/session/../etc/1'), { view: 'sessions' }, 'a bad session id falls back to the list');
  });

  it('finds the peak, scales bars and pages the event list', () => {
    assert.equal(peakIndex([0, 3, 9, 9, 1]), 2);
    assert.equal(peakIndex([0, 0]), null, 'nothing happened: no peak to mark');
    assert.deepEqual([niceMax(0), niceMax(7), niceMax(40), niceMax(101)], [1, 10, 50, 200]);
    const bars = barGeometry([0, 5, 10], 300, 100);
    assert.deepEqual(bars.map((b) => b.height), [0, 50, 100]);
    assert.deepEqual(bars.map((b) => b.x), [0, 100, 200]);
    assert.deepEqual(pagesFor(0, 30), [0]);
    assert.deepEqual(pagesFor(190, 410), [0, 1, 2]);
    assert.equal(formatDuration(3_725_000), '1:02:05');
    assert.equal(dayBound('2026-01-02', false), new Date(2026, 0, 2).getTime());
    assert.equal(dayBound('2026-01-02', true), new Date(2026, 0, 2, 23, 59, 59, 999).getTime());
    assert.equal(dayBound('', false), undefined);
  });
});
