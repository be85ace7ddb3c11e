import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StudioError } from '../../common/studio-api';
import { defaultSettings, openSettingsStore } from '../../main/settings/store';
import { openScenesStore } from '../../main/studio/scenes-store';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'studio-settings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a fresh install starts from defaults without any note', (t) => {
  const store = openSettingsStore(path.join(tempDir(t), 'settings.json'));
  assert.equal(store.loadProblem, null);
  assert.deepEqual(store.get(), defaultSettings());
});

test('a corrupt settings file is kept as a backup, defaults are used and the note says where the file went', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'settings.json');
  writeFileSync(file, '{"room": {"id": "my room with spaces"');
  const store = openSettingsStore(file);
  assert.deepEqual(store.get(), defaultSettings());
  assert.match(store.loadProblem?.text ?? '', /could not be read/);
  const backups = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'));
  assert.equal(backups.length, 1);
  assert.ok(store.loadProblem?.text.includes(backups[0]!), 'the note names the backup file');
  assert.equal(readFileSync(path.join(dir, backups[0]!), 'utf8'), '{"room": {"id": "my room with spaces"', 'old content kept byte for byte');
});

test('a damaged file\'s bytes never reach the note: it says the file is not valid JSON', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'settings.json');
  writeFileSync(file, Buffer.from([0x4e, 0x59, 0xff, 0xfe, 0x35, 0x3a, 0x00, 0x8f, 0x38]));
  const store = openSettingsStore(file);
  assert.equal(store.loadProblem?.params?.reason, 'it is not valid JSON');
  assert.doesNotMatch(store.loadProblem?.text ?? '', /NY/);
});

test('a settings file with a wrong value is treated as corrupt too (validated, not trusted)', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'settings.json');
  writeFileSync(file, JSON.stringify({ ...defaultSettings(), relay: { rtmpPort: 'x', httpPort: 8000, publicHost: null } }));
  const store = openSettingsStore(file);
  assert.match(store.loadProblem?.text ?? '', /relay\.rtmpPort/);
  assert.equal(store.get().relay.rtmpPort, 1935);
});

test('a valid patch is saved atomically and survives a restart', (t) => {
  const file = path.join(tempDir(t), 'settings.json');
  const store = openSettingsStore(file);
  const next = store.update({ room: { title: '今晚直播' }, output: { video: { fps: 60 } } });
  assert.equal(next.room.title, '今晚直播');
  assert.equal(next.output.video.fps, 60);
  assert.equal(next.output.video.width, 1280, 'fields not in the patch are kept');
  const reopened = openSettingsStore(file);
  assert.equal(reopened.loadProblem, null);
  assert.deepEqual(reopened.get(), next);
});

test('a bad patch is refused with a readable reason and nothing is lost', (t) => {
  const file = path.join(tempDir(t), 'settings.json');
  const store = openSettingsStore(file);
  store.update({ room: { title: 'Keep me' } });
  const before = readFileSync(file, 'utf8');
  for (const bad of [
    { relay: { rtmpPort: 70000 } },
    { output: { video: { width: 1281 } } }, // odd width: H.264 refuses it
    { room: { id: 'has space' } },
    { unknownSection: true },
    'not an object',
  ]) {
    assert.throws(() => store.update(bad), (err: unknown) => {
      assert.ok(err instanceof StudioError);
      assert.equal(err.code, 'invalid');
      assert.match(err.message, /Nothing was changed/);
      return true;
    });
  }
  assert.equal(store.get().room.title, 'Keep me');
  assert.equal(readFileSync(file, 'utf8'), before, 'the file on disk is untouched');
});

test('scenes: saving keeps the active scene, an unknown scene cannot be activated, bad scenes are refused', (t) => {
  const file = path.join(tempDir(t), 'scenes.json');
  const store = openScenesStore(file);
  const initial = store.get();
  assert.equal(initial.activeSceneId, 'main');
  store.setActive('test');
  const saved = store.save(initial.scenes.map((s) => ({ ...s, name: s.name + ' 2' })));
  assert.equal(saved.activeSceneId, 'test');
  assert.throws(() => store.setActive('nope'), /no scene "nope"/);
  assert.throws(() => store.save([]), /at least one scene/);
  assert.equal(openScenesStore(file).get().scenes[0]!.name, 'Main 2');
});
