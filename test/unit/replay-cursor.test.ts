/** The replay page's comment cursor: each comment once as the playhead passes it; seeks start afresh. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReplayComment } from '../../common/replay';
import { CommentCursor } from '../../renderer/replay/cursor';

const c = (id: string, t: number): ReplayComment => ({ id, t, text: id, color: '#ffffff', mode: 'scroll', live: true });
const ids = (r: { due: ReplayComment[] }) => r.due.map((x) => x.id);

test('playback hands over each comment once, in order, when its moment passes', () => {
  const cur = new CommentCursor([c('b', 1.0), c('a', 0.5), c('c', 1.0), c('d', 3)]);
  assert.deepEqual(ids(cur.advance(0.4)), []);
  assert.deepEqual(ids(cur.advance(1.0)), ['a', 'b', 'c']);
  assert.deepEqual(ids(cur.advance(1.0)), [], 'paused: nothing again');
  assert.deepEqual(ids(cur.advance(2.2)), []);
  assert.deepEqual(ids(cur.advance(3.1)), ['d']);
});

test('a seek (back, or further than playback goes in a frame) skips the stretch and replays from there', () => {
  const cur = new CommentCursor([c('a', 1), c('b', 5), c('c', 6)]);
  cur.advance(0.5);
  const jump = cur.advance(5.5);
  assert.equal(jump.seeked, true);
  assert.deepEqual(ids(jump), [], 'nothing between 0.5 and 5.5 floods the screen');
  assert.deepEqual(ids(cur.advance(6.2)), ['c']);
  const back = cur.advance(0.9);
  assert.equal(back.seeked, true);
  assert.deepEqual(ids(cur.advance(1.2)), ['a'], 'after seeking back, an earlier comment plays again');
});

test('a comment posted at the playhead is not replayed to its sender now, but is after a seek back', () => {
  const cur = new CommentCursor([c('a', 1)]);
  cur.advance(2);
  cur.insert(c('mine', 2.01));
  assert.deepEqual(ids(cur.advance(2.5)), [], 'already shown by the page');
  assert.equal(cur.size, 2);
  cur.advance(1.9);
  assert.deepEqual(ids(cur.advance(2.3)), ['mine']);
});
