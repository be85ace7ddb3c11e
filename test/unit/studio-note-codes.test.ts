/**
 * Studio notes in the user's language (issue 8: "Recording saved", the corrupt-settings notice and
 * the history notes stayed English in 中文): each note the core raises carries a code + params, and
 * both catalogs render it with every param filled in (no English left in the Chinese text but paths).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { STUDIO_NOTE_CODES, type CodedMessage } from '../../common/studio-api';
import { loadJsonFile } from '../../main/settings/json-file';
import { openHistoryDatabase } from '../../main/history/open';
import { HistoryService } from '../../main/history/service';
import { HistoryStore } from '../../main/history/store';
import { recordingSavedNote } from '../../main/studio/recording-note';
import { hasMessage, translateCoded } from '../../renderer/shared/i18n';

function renders(m: CodedMessage | null, zhWords: RegExp, enWords: RegExp): void {
  assert.ok(m, 'a problem was reported');
  assert.ok(STUDIO_NOTE_CODES.includes(m.code), m.code);
  assert.ok(hasMessage(`studioNote.${m.code}`), `catalog key studioNote.${m.code}`);
  const zh = translateCoded('zh-CN', 'studioNote', m);
  const en = translateCoded('en', 'studioNote', m);
  assert.match(zh, zhWords);
  assert.match(en, enWords);
  for (const text of [zh, en]) {
    assert.doesNotMatch(text, /\{\w+/, `every placeholder filled: ${text}`);
    for (const v of Object.values(m.params ?? {})) if (typeof v === 'string') assert.ok(text.includes(v), `${text} names ${v}`);
  }
}

test('every note code has a message in both catalogs', () => {
  for (const code of STUDIO_NOTE_CODES) assert.ok(hasMessage(`studioNote.${code}`), code);
});

test('"Recording saved" is coded: 录像已保存 with the path, length and size', () => {
  const note = recordingSavedNote({ path: '/home/a/Videos/Danmu Studio/x.mp4', bytes: 12_345_678, durationSec: 61.4 });
  renders(note, /^录像已保存：\/home\/a\/Videos\/Danmu Studio\/x\.mp4（61 秒，12\.3 MB）。$/, /^Recording saved: .*x\.mp4 \(61 s, 12\.3 MB\)\.$/);
  assert.equal(note.text, 'Recording saved: /home/a/Videos/Danmu Studio/x.mp4 (61 s, 12.3 MB).');
});

test('a corrupt settings (or scenes) file is coded, with the reason and the backup path', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'note-codes-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const what of ['settings', 'scenes'] as const) {
    const file = path.join(dir, `${what}.json`);
    writeFileSync(file, '{ not json');
    const loaded = loadJsonFile(file, z.object({}), () => ({}), what);
    assert.equal(loaded.problem?.code, `${what}-unreadable`);
    assert.equal(loaded.problem?.params?.backup, loaded.backup);
    renders(loaded.problem, what === 'settings' ? /^设置文件无法读取/ : /^场景文件无法读取/, new RegExp(`^Your ${what} file could not be read`));
  }
});

test('a history file moved aside, and history writes that fail, are coded', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'note-codes-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'history.sqlite');
  writeFileSync(file, 'this is not a database, it is a plain text file of some length '.repeat(100));
  const opened = openHistoryDatabase(file);
  opened.db.close();
  assert.equal(opened.problem?.code, 'history-moved-aside');
  renders(opened.problem, /^房间历史文件 .* 无法使用.*已被移到/, /could not be used .* moved to /);

  // A store that cannot write any more (closed under the writer): the streamer hears it once, coded.
  const store = new HistoryStore(':memory:');
  const history = new HistoryService(store, { room: () => 'main' });
  const problems: CodedMessage[] = [];
  history.onProblem((m) => problems.push(m));
  store.close();
  for (let seq = 1; seq <= 3; seq++) {
    history.record('main', { seq, ts: Date.now(), user: { id: 'v', name: 'V', role: 'viewer' }, type: 'danmaku', text: 'hi', color: '#ffffff', mode: 'scroll' });
  }
  // Writes are batched: wait for the report (however the batch is flushed), then a moment for repeats.
  for (const end = Date.now() + 10_000; problems.length === 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(problems.length, 1, 'told once');
  assert.equal(problems[0]!.code, 'history-write-failed');
  renders(problems[0]!, /^3 条房间事件暂未能保存到历史记录.*每隔几秒重新保存/, /^3 room events are waiting to be saved.*saved again every few seconds/);
});
