import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zhCN } from '../../renderer/shared/i18n/zh-CN';
import { en } from '../../renderer/shared/i18n/en';
import { PIPELINE_NOTE_CODES } from '../../common/pipeline';
import { detectLang, placeholdersOf, translateCoded, getLang, interpolate, normalizeLang, onLangChange, setLang, t, translate, type MessageKey } from '../../renderer/shared/i18n';

const placeholders = placeholdersOf;

test('both catalogs have exactly the same keys (TypeScript enforces it; this guards casts)', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zhCN).sort());
});

test('every message uses the same placeholders in both languages and none is empty', () => {
  for (const key of Object.keys(zhCN) as MessageKey[]) {
    assert.ok(zhCN[key].trim(), `zh-CN ${key} is empty`);
    assert.ok(en[key].trim(), `en ${key} is empty`);
    assert.deepEqual(placeholders(en[key]), placeholders(zhCN[key]), `placeholders differ for ${key}`);
  }
});

test('the Chinese catalog is actually Chinese where it is prose', () => {
  const untranslated = (Object.keys(zhCN) as MessageKey[]).filter((k) => /[a-z]{4,}/i.test(zhCN[k]) && !/[\u4e00-\u9fff]/.test(zhCN[k]));
  // product names and URLs may stay Latin; anything else is a missed translation
  assert.deepEqual(untranslated.filter((k) => !['picker.imagePathPlaceholder', 'feed.filteredCount', 'viewer.language'].includes(k)), []);
});

test('language tags normalize to a supported language', () => {
  assert.equal(normalizeLang('zh'), 'zh-CN');
  assert.equal(normalizeLang('zh-TW'), 'zh-CN');
  assert.equal(normalizeLang('ZH-hans-CN'), 'zh-CN');
  assert.equal(normalizeLang('en-GB'), 'en');
  assert.equal(normalizeLang('ja'), 'en');
  assert.equal(normalizeLang(undefined), 'en');
});

test('a saved choice wins over the browser language list', () => {
  assert.equal(detectLang('en', ['zh-CN']), 'en');
  assert.equal(detectLang(null, ['zh-CN', 'en']), 'zh-CN');
  assert.equal(detectLang('fr', ['de-DE']), 'en', 'an unknown saved value is ignored');
  assert.equal(detectLang(null, []), 'en');
});

test('interpolation fills params, localizes numbers and leaves unknown placeholders visible', () => {
  assert.equal(interpolate('en', '{n} new messages', { n: 12345 }), '12,345 new messages');
  assert.equal(interpolate('en', 'Hi {name}, {missing}', { name: 'Alice' }), 'Hi Alice, {missing}');
  assert.equal(translate('zh-CN', 'feed.newMessages', { n: 3 }), '3 条新消息');
  assert.equal(translate('en', 'feed.newMessages', { n: 3 }), '3 new messages');
});

test('t() follows the current language and notifies listeners', () => {
  const seen: string[] = [];
  const off = onLangChange((l) => seen.push(l));
  setLang('zh-CN');
  assert.equal(getLang(), 'zh-CN');
  assert.equal(t('golive.go'), '开始直播');
  setLang('zh-CN'); // no change, no event
  setLang('en');
  assert.equal(t('golive.go'), 'Go Live');
  off();
  setLang('zh-CN');
  assert.deepEqual(seen, ['zh-CN', 'en']);
  setLang('en');
});

test('every note code the pipeline emits reads in both languages; an unknown code falls back to the English text', () => {
  for (const code of PIPELINE_NOTE_CODES) {
    assert.ok(`pipelineNote.${code}` in zhCN, `zh-CN pipelineNote.${code}`);
    assert.ok(`pipelineNote.${code}` in en, `en pipelineNote.${code}`);
  }
  const note = { layerId: 'cam', code: 'camera-missing', text: 'Camera "C920" is not connected: its layer is left out.', params: { device: 'C920' } };
  assert.equal(translateCoded('zh-CN', 'pipelineNote', note), '摄像头“C920”未连接，该图层已跳过。');
  assert.equal(translateCoded('en', 'pipelineNote', note), note.text);
  assert.equal(translateCoded('zh-CN', 'pipelineNote', { code: 'from-a-newer-core', text: 'Something new.' }), 'Something new.');
});

test('plural forms follow each language\'s rules: "1 like", "2 likes", one form in Chinese', () => {
  assert.equal(translate('en', 'viewer.likes', { n: 1 }), '1 like');
  assert.equal(translate('en', 'viewer.likes', { n: 0 }), '0 likes');
  assert.equal(translate('en', 'viewer.likes', { n: 1234 }), '1,234 likes');
  assert.equal(translate('zh-CN', 'viewer.likes', { n: 1 }), '1 赞');
  assert.equal(interpolate('en', '{n, plural, =0 {none} one {# item} other {# items}}', { n: 0 }), 'none');
  assert.deepEqual(placeholdersOf('{n, plural, one {# like} other {# likes}} by {user}'), ['n', 'user']);
});

test('English counts agree with their number: never "1 gifts", "1 coins", "1 events" (plural forms where a count can be 1)', () => {
  const units = new Set(['fps', 'kbps', 'ms']);
  const wrong: string[] = [];
  for (const key of Object.keys(en) as MessageKey[]) {
    // Counts are 1; anything else (names, paths) is a word, so "Ann was muted" is not read as a count.
    const params = Object.fromEntries(placeholders(en[key]).map((name) => [name, /^(n|count|coins|total|max|limit|used)$/.test(name) ? 1 : 'Ann']));
    const text = translate('en', key, params);
    for (const m of text.matchAll(/\b1 (?:new )?([a-z]+s)\b/gi)) if (!units.has(m[1]!.toLowerCase())) wrong.push(`${key}: "${text}"`);
  }
  assert.deepEqual(wrong, []);
});
