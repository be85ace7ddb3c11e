import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findLinks } from '../../media/room/moderation/links';
import { defaultRules, RulePipeline } from '../../media/room/moderation/rules/pipeline';
import type { PostContext } from '../../media/room/moderation/rules/types';
import { DEFAULT_SETTINGS, settingsPatchSchema, type ModerationSettings } from '../../media/room/moderation/settings';

const held = new Set<string>();
const ctx = (over: Partial<PostContext> & { s?: Partial<ModerationSettings> } = {}): PostContext => {
  const { s, ...rest } = over;
  return { room: 'r', userId: 'v1', role: 'viewer', text: 'hello', at: 1_000_000, accountCreatedAt: 0, settings: { ...DEFAULT_SETTINGS, ...s }, ...rest };
};

describe('moderation rule pipeline', () => {
  it('lets an ordinary message through with nothing fired', () => {
    const p = new RulePipeline(defaultRules(() => false));
    assert.deepEqual(p.decide(ctx()), { action: 'allow', text: 'hello', fired: [] });
  });

  it('refuses while chat is paused, naming the rule; staff still post', () => {
    const p = new RulePipeline(defaultRules(() => false));
    const d = p.decide(ctx({ s: { chatPaused: true } }));
    assert.equal(d.action, 'refuse');
    assert.equal(d.action === 'refuse' && d.code, 'paused');
    assert.deepEqual(d.fired.map((f) => f.rule), ['chat-paused']);
    assert.equal(p.decide(ctx({ role: 'moderator', s: { chatPaused: true } })).action, 'allow');
  });

  it('slow mode: one post per window per viewer; refused attempts do not restart the wait', () => {
    const p = new RulePipeline(defaultRules(() => false));
    const s = { slowModeSeconds: 10 };
    assert.equal(p.decide(ctx({ at: 0, s })).action, 'allow');
    const d = p.decide(ctx({ at: 4000, s }));
    assert.equal(d.action === 'refuse' && d.code, 'slow_mode');
    assert.equal(d.action === 'refuse' && d.retryAfterMs, 6000);
    assert.equal(p.decide(ctx({ at: 4000, userId: 'v2', s })).action, 'allow', 'per viewer');
    assert.equal(p.decide(ctx({ at: 10_000, s })).action, 'allow', 'the wait runs from the last accepted post');
  });

  it('refuses identities younger than the minimum age', () => {
    const p = new RulePipeline(defaultRules(() => false));
    const s = { minAccountAgeSeconds: 600 };
    const d = p.decide(ctx({ at: 100_000, accountCreatedAt: 40_000, s }));
    assert.equal(d.action === 'refuse' && d.code, 'too_new');
    assert.equal(d.action === 'refuse' && d.retryAfterMs, 540_000);
    assert.equal(p.decide(ctx({ at: 700_000, accountCreatedAt: 40_000, s })).action, 'allow');
    assert.equal(p.decide(ctx({ accountCreatedAt: undefined, s })).action, 'refuse', 'unknown age counts as new');
  });

  it('masks, then holds for a later rule, reporting both', () => {
    const p = new RulePipeline(defaultRules(() => false));
    const d = p.decide(ctx({ text: '傻 逼 go to boostfans dot com', s: { blockedTerms: [{ term: '傻逼', action: 'mask' }], linkPolicy: 'hold' } }));
    assert.equal(d.action, 'hold');
    assert.equal(d.action === 'hold' && d.text, '* * go to boostfans dot com');
    assert.deepEqual(d.fired.map((f) => [f.rule, f.action]), [['blocked-terms', 'mask'], ['links', 'hold']]);
  });

  it('a refusing term wins over a hold, and refused posts do not count for slow mode', () => {
    const p = new RulePipeline(defaultRules(() => false));
    const s = { slowModeSeconds: 30, blockedTerms: [{ term: 'spam', action: 'refuse' as const }], linkPolicy: 'hold' as const };
    const d = p.decide(ctx({ at: 0, text: 'ＳＰＡＭ www.x.com', s }));
    assert.equal(d.action === 'refuse' && d.code, 'blocked');
    assert.equal(p.decide(ctx({ at: 1, s })).action, 'allow');
  });

  it('holds every post of a user under review', () => {
    held.add('v9');
    const p = new RulePipeline(defaultRules((_r, u) => held.has(u)));
    assert.equal(p.decide(ctx({ userId: 'v9' })).action, 'hold');
    assert.equal(p.decide(ctx({ userId: 'v8' })).action, 'allow');
  });

  it('link policy refuse, with the usual disguises', () => {
    const p = new RulePipeline(defaultRules(() => false));
    for (const text of ['see https://x.io', 'www.abc.cn', 'boostfans dot com', 'ｂｏｏｓｔｆａｎｓ．ｃｏｍ', 'bооstfans . cоm', 'abc[.]xyz', 'abc点com']) {
      assert.equal(p.decide(ctx({ text, s: { linkPolicy: 'refuse' } })).action, 'refuse', text);
    }
    for (const text of ['1.5倍速', 'no.1', 'e.g. this', '快点来', 'v1.2.3']) assert.deepEqual(findLinks(text), [], text);
  });
});

describe('moderation settings', () => {
  it('accepts partial updates and refuses unusable terms with a reason', () => {
    assert.ok(settingsPatchSchema.safeParse({ slowModeSeconds: 5 }).success);
    const bad = settingsPatchSchema.safeParse({ blockedTerms: [{ term: '!!!', action: 'mask' }] });
    assert.equal(bad.success, false);
    assert.match(bad.error!.issues[0]!.message, /no letters or digits/);
    assert.equal(settingsPatchSchema.safeParse({ slowModeSeconds: -1 }).success, false);
    assert.equal(settingsPatchSchema.safeParse({ linkPolicy: 'maybe' }).success, false);
    assert.equal(settingsPatchSchema.safeParse({ extra: 1 }).success, false);
  });
});
