import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlockedTermMatcher, mask, validateTerms } from '../../media/room/moderation/blocked-terms';
import { fold, foldToString } from '../../media/room/moderation/fold';

describe('fold', () => {
  it('reads width, case, accents, spacing, punctuation, emoji and look-alikes as the same text', () => {
    const same = ['spam', 'SPAM', 'ＳＰＡＭ', 's p a m', 's.p.a.m', 'ѕраm', 'spáм', 's😀p🎉a💥m', 's\u200bp\u2060a\u180em', '$pam', 'sp4m', 'spaaaam', '𝐬𝐩𝐚𝐦', 'ⓢⓟⓐⓜ'];
    for (const s of same) assert.equal(foldToString(s), 'spam', JSON.stringify(s));
  });
  it('folds Chinese variants: spacing, full-width punctuation, emoji, traditional forms and Kangxi radicals', () => {
    assert.equal(foldToString('加 微 信'), '加微信');
    assert.equal(foldToString('加，微。信！'), '加微信');
    assert.equal(foldToString('免費領'), '免费领');
    assert.equal(foldToString('⼝'), '口');
    assert.equal(foldToString('哈哈哈哈'), '哈');
  });
  it('folds digit runs to one class in similarity mode, so random numbers do not tell variants apart', () => {
    assert.equal(foldToString('abc888', { digits: 'class' }), 'abc0');
    assert.equal(foldToString('abc1234', { digits: 'class' }), 'abc0');
  });
  it('maps each folded character back to its span of the original', () => {
    const f = fold('a b');
    assert.deepEqual(f.chars, ['a', 'b']);
    assert.deepEqual([f.start, f.end], [[0, 2], [1, 3]]);
    assert.deepEqual(f.wordStart, [true, true]);
    assert.deepEqual(fold('ab').wordStart, [true, false]);
  });
});

describe('BlockedTermMatcher', () => {
  const matcher = new BlockedTermMatcher([
    { term: '傻逼', action: 'mask' },
    { term: 'spam', action: 'mask' },
    { term: '加*信', action: 'hold' },
    { term: 'kill yourself', action: 'refuse' },
    { term: 'ass', action: 'mask', wholeWord: true },
  ]);

  it('masks look-alike, spaced, width and punctuation variants, keeping the rest of the text', () => {
    assert.deepEqual(matcher.check('你是傻逼吧'), { action: 'mask', text: '你是**吧', hits: [{ term: '傻逼', action: 'mask', start: 2, end: 4 }] });
    for (const [input, masked] of [
      ['你 是 傻 逼', '你 是 * *'],
      ['傻.逼', '***'],
      ['buy ＳＰＡＭ now', 'buy **** now'],
      ['ѕраm!', '****!'],
      ['s p a m', '* * * *'],
      ['s😀pam', '*****'],
    ]) {
      const v = matcher.check(input!);
      assert.equal(v.action, 'mask', input);
      assert.equal(v.action === 'mask' && v.text, masked, input);
    }
  });
  it('holds and refuses per term; the most severe hit wins', () => {
    assert.equal(matcher.check('加V信 abc').action, 'hold');
    assert.equal(matcher.check('加 微 信').action, 'hold');
    assert.equal(matcher.check('加信').action, 'hold');
    assert.equal(matcher.check('加一二三四五信').action, 'allow', 'the gap is bounded');
    assert.equal(matcher.check('傻逼 kill  your-self').action, 'refuse');
    assert.equal(matcher.check('KILL YØURSELF').action, 'refuse');
  });
  it('whole-word terms leave longer words alone but still catch spaced letters', () => {
    assert.equal(matcher.check('first class').action, 'allow');
    assert.equal(matcher.check('what an ass').action, 'mask');
    assert.equal(matcher.check('a s s').action, 'mask');
    assert.equal(matcher.check('A$$!').action, 'mask');
  });
  it('lets ordinary chat through', () => {
    for (const s of ['主播好', 'hello everyone', '666', '这首歌叫什么名字', 'signal is good']) assert.deepEqual(matcher.check(s), { action: 'allow' });
  });
  it('treats regular-expression characters in terms as text', () => {
    const m = new BlockedTermMatcher([{ term: 'a+b(c', action: 'refuse' }, { term: '.*', action: 'refuse' }]);
    assert.equal(m.size, 1, 'a term with nothing to match is skipped');
    assert.equal(m.check('a b c').action, 'refuse');
    assert.equal(m.check('aaab').action, 'allow');
  });
  it('validates term lists with readable problems', () => {
    assert.deepEqual(validateTerms([{ term: 'ok', action: 'mask' }]), []);
    assert.equal(validateTerms([{ term: '!!!', action: 'mask' }]).length, 1);
    assert.equal(validateTerms([{ term: 'x'.repeat(51), action: 'mask' }]).length, 1);
  });
  it('stays fast with 200 terms', () => {
    const many = new BlockedTermMatcher(Array.from({ length: 200 }, (_, i) => ({ term: `词${i}条*目${i}`, action: 'mask' as const })));
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) many.check(`这是一条普通的弹幕消息 number ${i} 主播加油`);
    const perMessageUs = ((performance.now() - t0) / 2000) * 1000;
    assert.ok(perMessageUs < 2000, `${perMessageUs.toFixed(0)} µs per message`);
  });
  it('mask keeps spaces and handles overlapping hits', () => {
    assert.equal(mask('ab cd', [{ term: 'x', action: 'mask', start: 0, end: 4 }, { term: 'y', action: 'mask', start: 3, end: 5 }]), '** **');
  });
});
