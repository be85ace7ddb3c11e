import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '../../common/room-protocol';
import { findLinks } from '../../media/room/moderation/links';
import { moderationRules } from '../../media/room/moderation/rules';
import { DEFAULT_SETTINGS, settingsPatchSchema, type ModerationSettings } from '../../media/room/moderation/settings';
import { runRules, type PostContext } from '../../media/room/rules/types';

/** The moderation rules alone, in hub order, with settings and held users the test controls. */
function pipeline(s: Partial<ModerationSettings> = {}, held: ReadonlySet<string> = new Set()) {
  const settings = { ...DEFAULT_SETTINGS, ...s };
  const r = moderationRules(() => settings, (_room, u) => held.has(u), () => 0);
  const rules = [...r.gates, ...r.content];
  return (o: { text?: string; at?: number; userId?: string; role?: Role; createdAt?: number; kind?: PostContext['kind'] } = {}) => runRules(rules, {
    kind: o.kind ?? 'danmaku', now: o.at ?? 1_000_000, text: o.text ?? 'hello',
    caller: { room: 'r', user: { id: o.userId ?? 'v1', name: 'n', role: o.role ?? 'viewer' }, address: '10.0.0.1', client: 'viewer', createdAt: o.createdAt ?? 0 },
  });
}
const names = (d: ReturnType<ReturnType<typeof pipeline>>) => d.fired.map((f) => [f.rule, f.action]);

describe('moderation rules', () => {
  it('let an ordinary message through with nothing fired', () => {
    assert.deepEqual(pipeline()(), { action: 'allow', text: 'hello', fired: [] });
  });

  it('refuse while chat is paused, naming the rule; staff, gifts and likes still go through', () => {
    const run = pipeline({ chatPaused: true });
    const d = run();
    assert.equal(d.action === 'refuse' && d.code, 'paused');
    assert.deepEqual(names(d), [['chat-paused', 'refuse']]);
    assert.equal(run({ role: 'moderator' }).action, 'allow');
    assert.equal(run({ kind: 'gift', text: undefined }).action, 'allow');
  });

  it('slow mode: one post per window per viewer; refused attempts do not restart the wait', () => {
    const run = pipeline({ slowModeSeconds: 10 });
    assert.equal(run({ at: 0 }).action, 'allow');
    const d = run({ at: 4000 });
    assert.equal(d.action === 'refuse' && d.code, 'slow_mode');
    assert.equal(d.action === 'refuse' && d.retryAfterMs, 6000);
    assert.equal(run({ at: 4000, userId: 'v2' }).action, 'allow', 'per viewer');
    assert.equal(run({ at: 10_000 }).action, 'allow', 'the wait runs from the last accepted post');
  });

  it('refuse identities younger than the minimum age', () => {
    const run = pipeline({ minAccountAgeSeconds: 600 });
    const d = run({ at: 100_000, createdAt: 40_000 });
    assert.equal(d.action === 'refuse' && d.code, 'too_new');
    assert.equal(d.action === 'refuse' && d.retryAfterMs, 540_000);
    assert.equal(run({ at: 700_000, createdAt: 40_000 }).action, 'allow');
  });

  it('mask, then hold for a later rule, reporting both', () => {
    const d = pipeline({ blockedTerms: [{ term: '傻逼', action: 'mask' }], linkPolicy: 'hold' })({ text: '傻 逼 go to boostfans dot com' });
    assert.equal(d.action, 'hold');
    assert.equal(d.action === 'hold' && d.text, '* * go to boostfans dot com');
    assert.deepEqual(names(d), [['blocked-terms', 'mask'], ['links', 'hold']]);
  });

  it('a refusing term wins over a hold, and refused posts do not count for slow mode', () => {
    const run = pipeline({ slowModeSeconds: 30, blockedTerms: [{ term: 'spam', action: 'refuse' }], linkPolicy: 'hold' });
    const d = run({ at: 0, text: 'ＳＰＡＭ www.x.com' });
    assert.equal(d.action === 'refuse' && d.code, 'blocked');
    assert.equal(run({ at: 1 }).action, 'allow');
  });

  it('hold every post of a user under review', () => {
    const run = pipeline({}, new Set(['v9']));
    assert.equal(run({ userId: 'v9' }).action, 'hold');
    assert.equal(run({ userId: 'v8' }).action, 'allow');
  });

  it('link policy refuse, with the usual disguises', () => {
    const run = pipeline({ linkPolicy: 'refuse' });
    for (const text of ['see https://x.io', 'www.abc.cn', 'boostfans dot com', 'ｂｏｏｓｔｆａｎｓ．ｃｏｍ', 'bооstfans . cоm', 'abc[.]xyz', 'abc点com']) {
      assert.equal(run({ text }).action, 'refuse', text);
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
