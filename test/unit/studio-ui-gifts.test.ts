import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GiftEvent, RoomUser } from '../../common/room-protocol';
import { isBigGift, mergeGifts } from '../../renderer/studio/logic/gift-combos';
import { giftIcon } from '../../renderer/studio/logic/gift-icon';
import { EMPTY_TALLY, addGifts, rankSupporters } from '../../renderer/studio/logic/top-supporters';

const a: RoomUser = { id: 'a', name: 'A', role: 'viewer' };
const b: RoomUser = { id: 'b', name: 'B', role: 'viewer' };
let seq = 0;
const gift = (user: RoomUser, giftId: string, ts: number, count = 1, price = 10): GiftEvent => ({
  type: 'gift', seq: ++seq, ts, user, giftId, name: giftId, count, value: count * price, combo: 1,
});

test('same viewer + gift within the window merges into one row with summed count and value', () => {
  let rows = mergeGifts([], [gift(a, 'heart', 0), gift(a, 'heart', 1000, 2)]);
  assert.equal(rows.length, 1);
  assert.deepEqual([rows[0]!.count, rows[0]!.value], [3, 30]);
  // the window runs from the last update, so a steady stream keeps one combo going
  rows = mergeGifts(rows, [gift(a, 'heart', 5500), gift(a, 'heart', 10_000)]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.count, 5);
});

test('a pause longer than the window, another gift or another viewer starts a new row, newest first', () => {
  let rows = mergeGifts([], [gift(a, 'heart', 0)]);
  rows = mergeGifts(rows, [gift(a, 'heart', 6000)]);
  assert.equal(rows.length, 2);
  rows = mergeGifts(rows, [gift(a, 'rocket', 6100), gift(b, 'heart', 6200)]);
  assert.deepEqual(rows.map((r) => `${r.user.id}:${r.giftId}`), ['b:heart', 'a:rocket', 'a:heart', 'a:heart']);
});

test('a continued combo moves back to the top and keeps its React key', () => {
  let rows = mergeGifts([], [gift(a, 'heart', 0), gift(b, 'rose', 100)]);
  const key = rows.find((r) => r.user.id === 'a')!.key;
  rows = mergeGifts(rows, [gift(a, 'heart', 200)]);
  assert.equal(rows[0]!.user.id, 'a');
  assert.equal(rows[0]!.key, key);
  assert.equal(rows[0]!.count, 2);
});

test('rows are capped and an empty batch returns the same array', () => {
  const many = Array.from({ length: 30 }, (_, i) => gift({ id: `u${i}`, name: `u${i}`, role: 'viewer' }, 'x', i));
  const rows = mergeGifts([], many, 5000, 10);
  assert.equal(rows.length, 10);
  assert.equal(rows[0]!.user.id, 'u29');
  assert.equal(mergeGifts(rows, []), rows);
});

test('big gifts are flagged from the threshold up', () => {
  assert.equal(isBigGift({ value: 999 }), false);
  assert.equal(isBigGift({ value: 1000 }), true);
  assert.equal(isBigGift({ value: 50 }, 50), true);
});

test('top supporters rank by coins, ties going to who got there first, with the session total', () => {
  let t = addGifts(EMPTY_TALLY, [gift(a, 'x', 0, 1, 100), gift(b, 'x', 1, 1, 50)]);
  t = addGifts(t, [gift(b, 'x', 2, 1, 50)]);
  assert.equal(t.totalCoins, 200);
  assert.equal(t.giftCount, 3);
  const top = rankSupporters(t);
  assert.deepEqual(top.map((s) => [s.user.id, s.coins]), [['a', 100], ['b', 100]]);
  assert.equal(rankSupporters(t, 1).length, 1);
  assert.equal(EMPTY_TALLY.byUser.size, 0, 'the empty tally is never mutated');
});

test('gift icons from the catalog: emoji drawn as text, http(s) as images, anything else falls back', () => {
  const catalog = [
    { id: 'rose', name: '鲜花', price: 5, icon: '🌹' },
    { id: 'flag', name: 'Flag', price: 5, icon: '🏳️‍🌈' },
    { id: 'pic', name: 'Pic', price: 5, icon: 'https://cdn.example/rocket.png' },
    { id: 'evil', name: 'Evil', price: 5, icon: 'javascript:alert(1)' },
    { id: 'file', name: 'File', price: 5, icon: 'file:///etc/passwd' },
    { id: 'words', name: 'Words', price: 5, icon: 'a long sentence, not an icon' },
    { id: 'blank', name: 'Blank', price: 5, icon: '  ' },
  ];
  assert.deepEqual(giftIcon(catalog, 'rose'), { kind: 'emoji', text: '🌹' });
  assert.deepEqual(giftIcon(catalog, 'flag'), { kind: 'emoji', text: '🏳️‍🌈' });
  assert.deepEqual(giftIcon(catalog, 'pic'), { kind: 'image', src: 'https://cdn.example/rocket.png' });
  for (const id of ['evil', 'file', 'words', 'blank', 'not-in-catalog']) assert.equal(giftIcon(catalog, id), null, id);
});
