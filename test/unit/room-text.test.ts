/**
 * Names and text cannot deceive (issue 7, observation 7): a table of Unicode names and danmaku as an
 * impersonator or a spammer would type them, and what the room stores.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identify, type IdentifyDeps } from '../../media/room/auth';
import { TokenSigner } from '../../media/room/identity';
import { isReservedName } from '../../media/room/reserved-names';
import { normaliseName, normaliseText } from '../../media/room/text';
import { countChars } from '../../common/text-length';

const MAX = 60;

describe('danmaku text', () => {
  // [what, input, stored text or the refusal code]
  const table: Array<[string, string, string | { refused: 'invalid' | 'too_long' }]> = [
    ['plain Chinese', '主播好！', '主播好!'],
    ['full-width letters fold (NFKC)', 'ｈｅｌｌｏ　ｗｏｒｌｄ', 'hello world'],
    ['only zero-width space', '\u200B\u200B', { refused: 'invalid' }],
    ['only Hangul filler U+3164', '\u3164\u3164\u3164', { refused: 'invalid' }],
    ['only halfwidth Hangul filler U+FFA0', '\uFFA0', { refused: 'invalid' }],
    ['only Hangul choseong/jungseong fillers', '\u115F\u1160', { refused: 'invalid' }],
    ['only Braille blank U+2800', '\u2800\u2800', { refused: 'invalid' }],
    ['only format characters', '\u200C\u200D\u2060\u180E\u200E\u200F\u061C\u2061\u2062\u2063\u2064\uFEFF\u00AD', { refused: 'invalid' }],
    ['only a standalone variation selector', '\uFE0F', { refused: 'invalid' }],
    ['only combining marks', '\u0301\u0301', { refused: 'invalid' }],
    ['only spaces of many kinds', ' \u3000\u00A0\u2003\n\t', { refused: 'invalid' }],
    ['ZWNJ, ZWJ, word joiner, MVS, LRM, RLM, ALM inside a word', 'h\u200Ce\u200Dl\u2060l\u180Eo\u200E!\u200F\u061C', 'hello!'],
    ['bidi override cannot flip the line', 'abc\u202Edef\u202C', 'abcdef'],
    ['Braille blank is a space', 'a\u2800\u2800b', 'a b'],
    ['Hangul filler between words is a space', 'hi\u3164there', 'hi there'],
    ['emoji with variation selector kept', '❤️', '❤️'],
    ['ZWJ family emoji kept', '👨‍👩‍👧', '👨‍👩‍👧'],
    ['skin-tone ZWJ sequence kept', '🧑🏽‍💻', '🧑🏽‍💻'],
    ['keycap kept', '1️⃣', '1️⃣'],
    ['Thai tone marks (two per base) kept', 'กั่', 'กั่'],
    ['Zalgo capped at two marks per base', 'Z\u0300\u0301\u0302\u0303\u0304a\u0305\u0306\u0307', 'Z\u0300\u0301a\u0305\u0306'],
    ['markup stays text', '<b>hi</b>', '<b>hi</b>'],
    ['61 characters', 'x'.repeat(61), { refused: 'too_long' }],
    ['60 emoji is within the limit', '🎉'.repeat(60), '🎉'.repeat(60)],
    ['invisible padding does not count', `${'好'.repeat(60)}${'\u200B'.repeat(40)}`, '好'.repeat(60)],
  ];
  for (const [what, input, expected] of table) {
    it(what, () => {
      const r = normaliseText(input, MAX);
      if (typeof expected === 'string') {
        assert.deepEqual(r, { ok: true, text: expected });
        assert.equal(countChars(input), [...expected].length, 'the pages count what the hub stores');
      } else {
        assert.equal(r.ok ? `stored ${JSON.stringify(r.text)}` : r.code, expected.refused);
      }
    });
  }
});

describe('display names', () => {
  // [what, asked name, stored name or 'default']
  const table: Array<[string, string, string]> = [
    ['an ordinary name', '小明', '小明'],
    ['主播', '主播', 'default'],
    ['Host', 'Host', 'default'],
    ['System', 'System', 'default'],
    ['房管', '房管', 'default'],
    ['管理员 (traditional 管理員)', '管理員', 'default'],
    ['系統 (traditional)', '系統', 'default'],
    ['Moderator', 'Moderator', 'default'],
    ['Admin with a digit one', 'Adm1n', 'default'],
    ['Owner with a zero', '0wner', 'default'],
    ['full-width ＨＯＳＴ', 'ＨＯＳＴ', 'default'],
    ['Greek and Cyrillic Ηοѕt', 'Ηοѕt', 'default'],
    ['Cyrillic Sуstеm', 'Sуstеm', 'default'],
    ['zero-width inside 主\u200B播', '主\u200B播', 'default'],
    ['zero-width inside H\u200Dost', 'H\u200Dost', 'default'],
    ['spaces inside 主 播', '主 播', 'default'],
    ['punctuation inside S.y.s.t.e.m', 'S.y.s.t.e.m', 'default'],
    ['accents Hóst', 'Hóst', 'default'],
    ['with filler words: System message', 'System message', 'default'],
    ['with filler words: 官方主播', '官方主播', 'default'],
    ['with filler words: the real host', 'the real host', 'default'],
    ['only U+3164', '\u3164\u3164', 'default'],
    ['only U+2800', '\u2800\u2800\u2800', 'default'],
    ['only zero-width characters', '\u200B\u200C\u200D', 'default'],
    ['containing a reserved word is fine', '主播的粉丝', '主播的粉丝'],
    ['a longer word is fine', 'Hostess', 'Hostess'],
    ['cut to 20 characters', '长'.repeat(30), '长'.repeat(20)],
  ];
  const signer = new TokenSigner(Buffer.alloc(32, 7));
  const deps: IdentifyDeps = {
    rooms: { has: () => true, verifyKey: (_room, key) => key === 'k' },
    signer, moderator: () => undefined, isBanned: () => false, nameMaxLength: 20, now: () => 0,
  };
  for (const [what, asked, expected] of table) {
    it(what, () => {
      const r = identify({ room: 'main', name: asked }, deps);
      assert.ok(r.ok);
      const name = r.identity.user.name;
      if (expected === 'default') assert.match(name, /^观众.{4}$/, `"${asked}" became "${name}"`);
      else assert.equal(name, expected);
    });
  }

  it('a reserved name in an old viewer token is not honoured either', () => {
    const token = signer.sign({ v: 1, sub: 'v_abcdefgh', role: 'viewer', name: '主播', iat: 0 });
    const r = identify({ room: 'main', token }, deps);
    assert.ok(r.ok);
    assert.equal(r.identity.user.name, '观众abcd');
  });

  it('the owner may be called 主播', () => {
    const r = identify({ room: 'main', key: 'k', name: '主播' }, deps);
    assert.ok(r.ok);
    assert.deepEqual(r.identity.user, { id: 'owner', name: '主播', role: 'owner' });
  });

  it('normaliseName gives undefined for names with nothing visible', () => {
    assert.equal(normaliseName('\u3164 \u2800', 20), undefined);
    assert.equal(isReservedName(''), false);
  });
});
