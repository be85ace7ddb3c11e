import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RoomRegistry } from '../../media/relay/rooms';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'danmu-rooms-'));

test('a generated stream key survives a restart, so OBS keeps working', () => {
  const file = path.join(tmp(), 'rooms.json');
  const a = new RoomRegistry(file, [{ id: 'main' }]);
  const key = a.key('main')!;
  assert.ok(key.length >= 16);
  const b = new RoomRegistry(file, [{ id: 'main' }, { id: 'second' }]);
  assert.equal(b.key('main'), key);
  assert.notEqual(b.key('second'), key);
  assert.ok(b.verifyKey('main', key));
});

test('an explicit key wins and wrong, missing or foreign keys are refused', () => {
  const r = new RoomRegistry(null, [{ id: 'main', key: 'abcdefgh12' }, { id: 'other', key: 'zzzzzzzz99' }]);
  assert.ok(r.verifyKey('main', 'abcdefgh12'));
  assert.equal(r.verifyKey('main', 'abcdefgh13'), false);
  assert.equal(r.verifyKey('main', 'abcdefgh1'), false);
  assert.equal(r.verifyKey('main', undefined), false);
  assert.equal(r.verifyKey('main', ['abcdefgh12']), false);
  assert.equal(r.verifyKey('other', 'abcdefgh12'), false);
  assert.equal(r.verifyKey('nope', 'abcdefgh12'), false);
});

test('an invalid room id is refused with a clear error', () => {
  assert.throws(() => new RoomRegistry(null, [{ id: 'a/b' }]), /Room id "a\/b" is invalid/);
});

test('a corrupt rooms file is reported with what to do, and not overwritten', () => {
  const file = path.join(tmp(), 'rooms.json');
  writeFileSync(file, '{not json');
  assert.throws(() => new RoomRegistry(file, [{ id: 'main' }]), /Fix or delete the file/);
  assert.equal(readFileSync(file, 'utf8'), '{not json');
  writeFileSync(file, JSON.stringify({ rooms: { main: { key: 1 } } }));
  assert.throws(() => new RoomRegistry(file, [{ id: 'main' }]), /not a valid rooms file/);
});
