import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretEquals } from '../../media/net/secret';

test('secretEquals accepts only the exact string, whatever the type or length of the input', () => {
  assert.ok(secretEquals('s3cret-key', 's3cret-key'));
  for (const given of ['s3cret-ke', 's3cret-key ', 'S3cret-key', '', 'x'.repeat(5000), undefined, null, 42, ['s3cret-key'], { toString: () => 's3cret-key' }]) {
    assert.equal(secretEquals('s3cret-key', given), false, String(given));
  }
  assert.equal(secretEquals('', ''), false, 'an empty secret never matches');
});
