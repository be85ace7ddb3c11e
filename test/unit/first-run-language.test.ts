/**
 * First run on a machine whose OS locale names no language (LANG=C.UTF-8, a container, a minimal Linux):
 * the studio page follows its browser, settles that language once (room title included), and an
 * explicit choice by the streamer always wins. Old settings files (no languageSource) still load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultSettings, openSettingsStore, osLanguage } from '../../main/settings/store';
import { pageLanguage } from '../../renderer/studio/logic/page-language';

test('the OS locale names a language, or nothing (C, POSIX, unset on Linux)', () => {
  assert.equal(osLanguage({ LANG: 'C.UTF-8' }, 'linux', 'en-US'), null);
  assert.equal(osLanguage({ LANG: 'POSIX' }, 'linux', 'en-US'), null);
  assert.equal(osLanguage({ LC_ALL: 'C' }, 'linux', 'en-US'), null);
  assert.equal(osLanguage({}, 'linux', 'en-US'), null, 'no locale variable on Linux: Intl says en-US by default only');
  assert.equal(osLanguage({ LANG: 'zh_CN.UTF-8' }, 'linux', 'en-US'), 'zh-CN');
  assert.equal(osLanguage({ LANG: 'C.UTF-8', LC_ALL: 'zh_CN.UTF-8' }, 'linux', 'en-US'), 'zh-CN', 'LC_ALL wins over LANG');
  assert.equal(osLanguage({ LANG: 'en_GB.UTF-8' }, 'linux', 'zh-CN'), 'en');
  assert.equal(osLanguage({}, 'win32', 'zh-CN'), 'zh-CN', 'Windows: no LANG, the system locale comes through Intl');
  assert.equal(osLanguage({}, 'darwin', 'en-US-u-va-posix'), null);
});

test('a first run with a C locale is "unknown" in English until the page settles; a zh_CN locale is Chinese', () => {
  const unknown = defaultSettings(null);
  assert.deepEqual(unknown.ui, { language: 'en', languageSource: 'unknown' });
  const zh = defaultSettings('zh-CN');
  assert.deepEqual(zh.ui, { language: 'zh-CN', languageSource: 'system' });
  assert.equal(zh.room.title, '我的直播间');
});

test('the page follows a zh-CN browser while nobody named a language, and not after a choice', () => {
  assert.deepEqual(pageLanguage({ language: 'en', languageSource: 'unknown' }, ['zh-CN', 'en']), { lang: 'zh-CN', settle: true });
  assert.deepEqual(pageLanguage({ language: 'en', languageSource: 'unknown' }, ['en-US']), { lang: 'en', settle: false });
  assert.deepEqual(pageLanguage({ language: 'en', languageSource: 'chosen' }, ['zh-CN']), { lang: 'en', settle: false });
  assert.deepEqual(pageLanguage({ language: 'zh-CN', languageSource: 'system' }, ['en-US']), { lang: 'zh-CN', settle: false });
});

test('settling the browser language renames the default room title once; a choice wins and is never undone by a page', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'first-run-language-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = openSettingsStore(path.join(dir, 'settings.json'), () => defaultSettings(null));
  assert.equal(store.get().room.title, 'My live room');
  const settled = store.update({ ui: { language: 'zh-CN', languageSource: 'browser' } });
  assert.deepEqual(settled.ui, { language: 'zh-CN', languageSource: 'browser' });
  assert.equal(settled.room.title, '我的直播间', 'nobody has seen the room yet: its default title follows');
  // the streamer chooses English: the public title stays, and a stale page cannot switch back
  const chosen = store.update({ ui: { language: 'en' } });
  assert.deepEqual(chosen.ui, { language: 'en', languageSource: 'chosen' });
  assert.equal(chosen.room.title, '我的直播间');
  assert.deepEqual(store.update({ ui: { language: 'zh-CN', languageSource: 'browser' } }).ui, { language: 'en', languageSource: 'chosen' });
  // a title the streamer typed is never renamed by settling
  const other = openSettingsStore(path.join(dir, 'other.json'), () => ({ ...defaultSettings(null), room: { id: 'studio', title: 'Friday games' } }));
  assert.equal(other.update({ ui: { language: 'zh-CN', languageSource: 'browser' } }).room.title, 'Friday games');
  assert.throws(() => store.update({ ui: { languageSource: 'made-up' } }), /Settings not saved/);
});

test('a settings file from before languageSource loads, its language standing as chosen', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'first-run-language-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'settings.json');
  const old = defaultSettings('en') as unknown as { ui: Record<string, unknown> };
  old.ui = { language: 'en' };
  writeFileSync(file, JSON.stringify(old));
  const store = openSettingsStore(file, () => defaultSettings('zh-CN'));
  assert.equal(store.loadProblem, null);
  assert.deepEqual(store.get().ui, { language: 'en', languageSource: 'chosen' });
});
