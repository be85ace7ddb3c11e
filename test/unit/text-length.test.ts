import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countChars, MAX_DANMAKU_CHARS } from '../../common/text-length';
import { DEFAULT_LIMITS } from '../../common/room-protocol';
import { normaliseText } from '../../media/room/text';
import { parseStudioRequest } from '../../main/studio/api-schemas';

test('one length rule: code points after the hub\'s normalisation', () => {
  assert.equal(MAX_DANMAKU_CHARS, DEFAULT_LIMITS.textMaxLength);
  assert.equal(countChars('你好🎉'), 3, 'an emoji is one, not two UTF-16 units');
  assert.equal(countChars('  a \n\t b  '), 3, 'whitespace collapsed and trimmed as the hub stores it');
  assert.equal(countChars('e\u0301'), 1, 'NFC: e + combining accent is one é');
  assert.equal(countChars('a\u202Eb'), 2, 'bidi overrides do not count (the hub removes them)');
});

test('the hub, the studio API and the counters agree at the limit', () => {
  const sixty = '🎉'.repeat(60);
  const sixtyOne = '🎉'.repeat(61);
  assert.equal(normaliseText(sixty, DEFAULT_LIMITS.textMaxLength).ok, true);
  assert.equal(normaliseText(sixtyOne, DEFAULT_LIMITS.textMaxLength).ok, false);
  assert.equal(parseStudioRequest('room.send', { text: sixty }).text, sixty, 'the studio accepts what a viewer may send');
  assert.throws(() => parseStudioRequest('room.send', { text: sixtyOne }), /longer than 60/);
});
