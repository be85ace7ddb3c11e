import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultViewerName, defaultViewerTag } from '../../common/room-protocol';
import { giftName, userName } from '../../renderer/shared/i18n/room-events';

// An English viewer used to see every anonymous neighbour as "观众ab12" and every gift as "小心心".
test('a default viewer name reads in the reader\'s language; a chosen name never changes', () => {
  const name = defaultViewerName('v_Ab3-xyz');
  assert.equal(name, '观众Ab3-');
  assert.equal(userName('en', name), 'Viewer Ab3-');
  assert.equal(userName('zh-CN', name), '观众Ab3-');
  for (const chosen of ['Alice', '观众', '观众12345', '小明观众ab12', 'Viewer ab12']) {
    assert.equal(defaultViewerTag(chosen), null, chosen);
    assert.equal(userName('en', chosen), chosen);
  }
});

test('built-in gifts are translated; a streamer\'s own names are shown as written', () => {
  assert.equal(giftName('en', 'heart', '小心心'), 'Heart');
  assert.equal(giftName('zh-CN', 'heart', '小心心'), '小心心');
  assert.equal(giftName('en', 'rocket', '火箭'), 'Rocket');
  // A custom catalog that reuses an id with its own name keeps that name.
  assert.equal(giftName('en', 'heart', '爱心'), '爱心');
  assert.equal(giftName('en', 'dragon', '神龙'), '神龙');
});
