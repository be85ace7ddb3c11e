import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FloodDetector } from '../../media/room/moderation/flood-detector';
import { IdentityBurstDetector } from '../../media/room/moderation/identity-burst';
import { WaveDetector, type WaveAlert } from '../../media/room/moderation/wave-detector';
import { botWave, mixChat, ordinaryChat, type ScriptedMessage } from '../helpers/chat-script';

/** Feeds a script through a detector as the hub does (observe per message, sweep every second). */
function run(chat: ScriptedMessage[], d = new WaveDetector()): { flagged: Set<string>; alerts: WaveAlert[] } {
  const flagged = new Set<string>();
  const alerts: WaveAlert[] = [];
  const take = (a: WaveAlert | null) => { if (a) { alerts.push(a); for (const u of a.users) flagged.add(u); } };
  let tick = 0;
  for (const m of chat) {
    while (tick + 1000 <= m.at) { tick += 1000; d.sweep(tick).forEach(take); }
    take(d.observe(m));
  }
  d.sweep(tick + 5000).forEach(take);
  return { flagged, alerts };
}

describe('bot-wave detector', () => {
  it('flags >= 90 % of a 30-account bot wave and <= 2 % of 200 ordinary accounts (fixed seeds)', () => {
    const normal = ordinaryChat(20261201, 200, 300, 3);
    const bots = botWave(4242, 30, 120_000, 40_000);
    const { flagged, alerts } = run(mixChat(normal, bots));
    const botAccounts = new Set(bots.map((m) => m.userId));
    const recall = [...botAccounts].filter((u) => flagged.has(u)).length / botAccounts.size;
    const falsePositive = [...new Set(normal.map((m) => m.userId))].filter((u) => flagged.has(u)).length / 200;
    assert.ok(recall >= 0.9, `recall ${recall}`);
    assert.ok(falsePositive <= 0.02, `false positives ${falsePositive}`);
    assert.ok(alerts.length >= 3 && alerts.length < 40, `one alert per template, a few follow-ups (${alerts.length})`);
    assert.ok(alerts.every((a) => a.score >= 0.6 && a.score <= 1));
  });

  it('raises nothing on ordinary chat alone', () => {
    const { alerts } = run(ordinaryChat(7, 200, 180, 3));
    assert.deepEqual(alerts.map((a) => a.sample), []);
  });

  it('ignores short reactions that crowds repeat ("666", "哈哈哈")', () => {
    const chat = Array.from({ length: 60 }, (_, i) => ({ userId: `u${i}`, text: i % 2 ? '666666' : '哈哈哈哈哈', at: i * 100, bot: false }));
    assert.equal(run(chat).alerts.length, 0);
  });

  it('groups disguised copies into one wave with one id, and re-alerts as it grows', () => {
    const variants = ['加微信 abc123 领福利', '加 微 信 abc777 領福利🎁', '加微信ａｂｃ８８８领福利！！', '加微信 аbс000 领 福 利', '【福利】加微信abc5领福利'];
    const chat = Array.from({ length: 20 }, (_, i) => ({ userId: `b${i}`, text: variants[i % variants.length]!, at: i * 1000, bot: true }));
    const { alerts } = run(chat);
    assert.ok(alerts.length >= 2, 'a first alert and a follow-up');
    assert.equal(new Set(alerts.map((a) => a.cluster)).size, 1);
    assert.equal(alerts.at(-1)!.users.length, 20);
  });

  it('forgets messages after the window and caps its memory', () => {
    const d = new WaveDetector({ maxMessages: 50 });
    for (let i = 0; i < 200; i++) d.observe({ userId: `u${i}`, text: `message number ${i} about things`, at: i });
    assert.equal(d.size, 50);
    d.sweep(10_000_000);
    assert.equal(d.size, 0);
  });
});

describe('burst detectors', () => {
  it('alerts on a burst of new identities well above the usual rate, listing them', () => {
    const d = new IdentityBurstDetector();
    let alerts = 0;
    // ten minutes of a normal trickle: one new identity every 5 s
    for (let t = 0; t < 600_000; t += 5000) if (d.observe(`n${t}`, t)) alerts++;
    assert.equal(alerts, 0);
    const burst = Array.from({ length: 60 }, (_, i) => d.observe(`x${i}`, 600_000 + i * 200)).filter((a) => a !== null);
    assert.ok(burst.length >= 1);
    assert.ok(burst[0]!.users.every((u) => u.startsWith('x') || u.startsWith('n')));
    assert.ok(burst[0]!.users.filter((u) => u.startsWith('x')).length >= 25);
    assert.ok(burst[0]!.score >= 4);
  });

  it('alerts on a chat flood, naming the loudest accounts first', () => {
    const d = new FloodDetector({ minCount: 100 });
    let first = null;
    for (let t = 0; t < 120_000; t += 500) d.observe(`u${t % 7}`, 'hi', t);
    for (let i = 0; i < 300 && !first; i++) first = d.observe(i % 3 ? `loud` : `p${i}`, 'spam', 120_000 + i * 10);
    assert.ok(first);
    assert.equal(first.users[0], 'loud');
  });
});
