/**
 * Moderation against the real hub with real socket.io clients: timeouts, address-wide bans, slow
 * mode, pause, blocked terms, held-for-review, alerts with one-click actions, and the audit log.
 * Viewers come from distinct addresses through a trusted proxy header, as they would behind nginx.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry, HeldMessage, RoomAlert, RoomEvent, RoomSettings, ReviewedEvent } from '../../common/room-protocol';
import { assertFail, connect, OWNER_KEY, routedServer, send, startHub, tmpDir, until, type Client } from '../helpers/room-hub';

const proxied = { trustedProxies: ['127.0.0.1'] };
const from = (address: string) => ({ 'X-Forwarded-For': address });

/** Staff packets that are not room events. */
function staffInbox(c: Client) {
  const box = { held: [] as HeldMessage[], reviewed: [] as ReviewedEvent[], alerts: [] as RoomAlert[], audit: [] as AuditEntry[], settings: [] as RoomSettings[] };
  c.socket.on('held', (h: HeldMessage) => box.held.push(h));
  c.socket.on('reviewed', (r: ReviewedEvent) => box.reviewed.push(r));
  c.socket.on('alert', (a: RoomAlert) => box.alerts.push(a));
  c.socket.on('audit', (a: AuditEntry) => box.audit.push(a));
  c.socket.on('room-settings', (s: RoomSettings) => box.settings.push(s));
  return box;
}
const danmakuSeqs = (events: RoomEvent[]) => events.filter((e) => e.type === 'danmaku').map((e) => e.seq);

describe('room moderation', () => {
  it('a timeout mutes at once, says so, and ends by itself on time', async () => {
    const h = await startHub(proxied);
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const v = await connect(h.url, { room: 'main', name: 'loud' }, from('203.0.113.1'));
      const t0 = Date.now();
      assert.ok((await send(owner, 'timeout', { userId: v.welcome.you.id, seconds: 2, reason: 'caps' })).ok);
      const refused = await send(v, 'danmaku', { text: 'still here?' });
      assertFail(refused, 'timed_out');
      assert.ok(!refused.ok && refused.retryAfterMs! > 0 && refused.retryAfterMs! <= 2000);
      assertFail(await send(v, 'gift', { giftId: 'heart', count: 1 }), 'timed_out');
      await until(() => owner.events.some((e) => e.type === 'system' && e.code === 'timeout-ended'), 'timeout-ended', 6000);
      const ended = Date.now() - t0;
      assert.ok(ended >= 1900 && ended < 5000, `ended after ${ended} ms`);
      assert.ok((await send(v, 'danmaku', { text: 'back' })).ok);
      const sys = owner.events.filter((e) => e.type === 'system').map((e) => e.type === 'system' && [e.code, (e.params as { name?: string }).name]);
      assert.deepEqual(sys, [['timeout', 'loud'], ['timeout-ended', 'loud']]);
      // the viewer's page learns it too (batched)
      await until(() => v.events.some((e) => e.type === 'system' && e.code === 'timeout-ended'), 'viewer sees the end');
      const bans = await send<{ bans: unknown[] }>(owner, 'bans', {});
      assert.ok(bans.ok && bans.bans.length === 0, 'gone from the ban list');
    } finally {
      await h.stop();
    }
  });

  it('a timeout "for this stream" ends when the stream does', async () => {
    const h = await startHub(proxied);
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const v = await connect(h.url, { room: 'main' }, from('203.0.113.2'));
      h.hub.setLive('main', true);
      assert.ok((await send(owner, 'timeout', { userId: v.welcome.you.id, seconds: 'stream' })).ok);
      const bans = await send<{ bans: { userId: string; untilStreamEnds?: boolean }[] }>(owner, 'bans', {});
      assert.ok(bans.ok && bans.bans[0]?.untilStreamEnds === true);
      assertFail(await send(v, 'danmaku', { text: 'x' }), 'timed_out');
      h.hub.setLive('main', false);
      assert.ok((await send(v, 'danmaku', { text: 'free again' })).ok);
    } finally {
      await h.stop();
    }
  });

  it('a ban covers the address: a new anonymous identity from it cannot post; others can', async () => {
    const dataDir = tmpDir();
    const server = routedServer();
    const first = await startHub({ ...proxied, dataDir }, server);
    const troll = '198.51.100.66';
    const owner = await connect(first.url, { room: 'main', key: OWNER_KEY });
    const neighbour = await connect(first.url, { room: 'main' }, from(troll)); // same NAT, there before the ban
    const bad = await connect(first.url, { room: 'main', name: 'troll' }, from(troll));
    assert.ok((await send(owner, 'ban', { userId: bad.welcome.you.id, reason: 'spam' })).ok);
    bad.socket.close();
    // clears its token and comes back as a brand-new anonymous viewer from the same address
    const again = await connect(first.url, { room: 'main', name: 'innocent' }, from(troll));
    assert.notEqual(again.welcome.you.id, bad.welcome.you.id);
    assertFail(await send(again, 'danmaku', { text: 'hi again' }), 'banned');
    assert.ok((await send(neighbour, 'danmaku', { text: 'I was here before' })).ok);
    const elsewhere = await connect(first.url, { room: 'main' }, from('198.51.100.67'));
    assert.ok((await send(elsewhere, 'danmaku', { text: 'different network' })).ok);
    for (const c of [owner, neighbour, again, elsewhere]) c.socket.close();
    await first.hub.close();

    // after a restart the address is still covered
    const second = await startHub({ ...proxied, dataDir }, server);
    try {
      const third = await connect(second.url, { room: 'main' }, from(troll));
      assertFail(await send(third, 'danmaku', { text: 'after restart' }), 'banned');
      const owner2 = await connect(second.url, { room: 'main', key: OWNER_KEY });
      assert.ok((await send(owner2, 'unban', { userId: bad.welcome.you.id })).ok);
      assert.ok((await send(third, 'danmaku', { text: 'unbanned, address too' })).ok);
    } finally {
      await second.stop();
    }
  });

  it('slow mode, pause and blocked terms (look-alike and spaced variants) are enforced; settings reach everyone and persist', async () => {
    const dataDir = tmpDir();
    const server = routedServer();
    const h = await startHub({ ...proxied, dataDir }, server);
    const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
    const staff = staffInbox(owner);
    const v = await connect(h.url, { room: 'main' }, from('203.0.113.10'));
    const watcher = await connect(h.url, { room: 'main' }, from('203.0.113.11'));
    let seen: RoomSettings | null = null;
    watcher.socket.on('room-settings', (s: RoomSettings) => { seen = s; });
    assert.equal(v.welcome.settings.slowModeSeconds, 0);

    assertFail(await send(v, 'room-settings', { slowModeSeconds: 5 }), 'forbidden');
    assertFail(await send(owner, 'room-settings', { blockedTerms: [{ term: '!!!', action: 'mask' }] }), 'invalid');
    const set = await send<{ settings: RoomSettings }>(owner, 'room-settings', {
      slowModeSeconds: 30, blockedTerms: [{ term: '傻逼', action: 'mask' }, { term: 'spam', action: 'hold' }, { term: '加*信', action: 'refuse' }],
    });
    assert.ok(set.ok && set.settings.slowModeSeconds === 30);
    await until(() => seen !== null, 'room-settings event to viewers');

    // slow mode
    const first = await send(v, 'danmaku', { text: '你 是 傻.逼' });
    assert.ok(first.ok);
    const slowed = await send(v, 'danmaku', { text: 'again' });
    assertFail(slowed, 'slow_mode');
    assert.ok(!slowed.ok && slowed.retryAfterMs! > 25_000);
    await until(() => owner.events.some((e) => e.seq === first.seq), 'masked danmaku');
    const masked = owner.events.find((e) => e.seq === first.seq);
    assert.equal(masked?.type === 'danmaku' && masked.text, '你 是 ***');

    // blocked terms, each viewer's first message (slow mode)
    const others = await Promise.all(['203.0.113.12', '203.0.113.13', '203.0.113.14'].map((a) => connect(h.url, { room: 'main' }, from(a))));
    const held = await send(others[0]!, 'danmaku', { text: 'buy ｓ ｐ ａ ｍ now' });
    assert.ok(held.ok, 'a held message is answered as sent');
    await until(() => staff.held.length === 1, 'held event to staff');
    assert.deepEqual([staff.held[0]!.holdId, staff.held[0]!.rule, staff.held[0]!.detail], [held.seq, 'blocked-terms', 'spam']);
    assertFail(await send(others[1]!, 'danmaku', { text: '加 V 信 abc' }), 'blocked');
    const cyrillic = await send(others[2]!, 'danmaku', { text: 'ѕраm ѕраm' });
    assert.ok(cyrillic.ok);
    await until(() => staff.held.length === 2, 'look-alike spam held too');

    // pause
    assert.ok((await send(owner, 'room-settings', { chatPaused: true, slowModeSeconds: 0 })).ok);
    assertFail(await send(watcher, 'danmaku', { text: 'hello?' }), 'paused');
    assert.ok((await send(owner, 'danmaku', { text: 'staff still talk' })).ok);
    await until(() => owner.events.some((e) => e.type === 'system' && e.code === 'chat-rules' && e.params.chatPaused), 'pause announced');

    // viewers never got the held ones
    await new Promise((r) => setTimeout(r, 150));
    for (const c of [watcher, v]) assert.ok(!c.events.some((e) => e.seq === held.seq || e.seq === cyrillic.seq));
    for (const c of [owner, v, watcher, ...others]) c.socket.close();
    await h.hub.close();

    const again = await startHub({ ...proxied, dataDir }, server);
    try {
      const v2 = await connect(again.url, { room: 'main' }, from('203.0.113.20'));
      assert.equal(v2.welcome.settings.chatPaused, true, 'settings survive a restart');
      assert.deepEqual(v2.welcome.settings.blockedTerms.map((t) => t.term), ['傻逼', 'spam', '加*信']);
      const owner2 = await connect(again.url, { room: 'main', key: OWNER_KEY });
      const queue = await send<{ held: HeldMessage[] }>(owner2, 'held-list', {});
      assert.ok(queue.ok);
      assert.deepEqual(queue.held.map((x) => x.holdId), [held.seq, cyrillic.seq], 'the review queue survives a restart');
    } finally {
      await again.stop();
    }
  });

  it('an approved held message reaches viewers in its place in the order; a denied one never does', async () => {
    const h = await startHub(proxied);
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const staff = staffInbox(owner);
      const viewer = await connect(h.url, { room: 'main' }, from('203.0.113.30'));
      const a = await connect(h.url, { room: 'main' }, from('203.0.113.31'));
      const b = await connect(h.url, { room: 'main' }, from('203.0.113.32'));
      assert.ok((await send(owner, 'room-settings', { linkPolicy: 'hold' })).ok);
      const good = await send(a, 'danmaku', { text: 'my clip: clips.example.tv/123' });
      const bad = await send(b, 'danmaku', { text: 'cheap followers at boostfans . com' });
      assert.ok(good.ok && bad.ok);
      const after = await send(viewer, 'danmaku', { text: 'normal message' });
      assert.ok(after.ok && after.seq > bad.seq);
      await until(() => staff.held.length === 2, 'two held');

      // staff see every seq (held ones marked), so their order has no gaps
      const staffHist = await send<{ events: RoomEvent[] }>(owner, 'history', { since: 0, limit: 500 });
      assert.ok(staffHist.ok);
      assert.deepEqual(staffHist.events.filter((e) => e.type === 'danmaku').map((e) => e.type === 'danmaku' && [e.seq, e.held ?? null]), [[good.seq, 'pending'], [bad.seq, 'pending'], [after.seq, null]]);
      // viewers (and bots) do not
      const viewerHist = await send<{ events: RoomEvent[] }>(viewer, 'history', { since: 0, limit: 500 });
      assert.ok(viewerHist.ok);
      assert.deepEqual(danmakuSeqs(viewerHist.events), [after.seq]);

      assertFail(await send(viewer, 'review', { holdId: good.seq, approve: true }), 'forbidden');
      assert.ok((await send(owner, 'review', { holdId: good.seq, approve: true })).ok);
      assert.ok((await send(owner, 'review', { holdId: bad.seq, approve: false })).ok);
      assertFail(await send(owner, 'review', { holdId: bad.seq, approve: true }), 'not_found');
      await until(() => viewer.events.some((e) => e.seq === good.seq), 'approved danmaku reaches viewers');
      const delivered = viewer.events.find((e) => e.seq === good.seq);
      assert.equal(delivered?.type === 'danmaku' && delivered.text, 'my clip: clips.example.tv/123');
      assert.equal(delivered?.type === 'danmaku' && delivered.held, undefined);
      assert.deepEqual(staff.reviewed.map((r) => [r.holdId, r.approve]), [[good.seq, true], [bad.seq, false]]);

      // in its place: history now has it before the message that followed it; the denied one never
      const hist = await send<{ events: RoomEvent[] }>(viewer, 'history', { since: 0, limit: 500 });
      assert.ok(hist.ok);
      assert.deepEqual(danmakuSeqs(hist.events), [good.seq, after.seq]);
      const http = await (await fetch(`${h.url}/api/rooms/main/events?since=0`)).json() as { events: RoomEvent[] };
      assert.deepEqual(danmakuSeqs(http.events), [good.seq, after.seq]);
      await new Promise((r) => setTimeout(r, 150));
      assert.ok(!viewer.events.some((e) => e.seq === bad.seq), 'the denied one never reaches viewers');
      const queue = await send<{ held: HeldMessage[] }>(owner, 'held-list', {});
      assert.ok(queue.ok && queue.held.length === 0);
    } finally {
      await h.stop();
    }
  });

  it('a forged staff message from a viewer is refused and audited; the owner reads the audit over HTTP with the key', async () => {
    const h = await startHub(proxied);
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const staff = staffInbox(owner);
      const v = await connect(h.url, { room: 'main', name: 'sneaky' }, from('203.0.113.40'));
      const victim = await connect(h.url, { room: 'main' }, from('203.0.113.41'));
      for (const [name, payload] of [
        ['ban', { userId: victim.welcome.you.id }],
        ['timeout', { userId: victim.welcome.you.id, seconds: 600 }],
        ['room-settings', { chatPaused: true }],
        ['bulk', { action: 'ban', userIds: [victim.welcome.you.id] }],
        ['audit', {}],
      ] as const) {
        assertFail(await send(v, name, payload), 'forbidden');
      }
      assert.ok((await send(victim, 'danmaku', { text: 'not banned' })).ok);
      assert.ok((await send(owner, 'timeout', { userId: v.welcome.you.id, seconds: 60, reason: 'forging' })).ok);
      await until(() => staff.audit.length >= 6, 'audit events to staff');

      const audit = await send<{ entries: AuditEntry[] }>(owner, 'audit', {});
      assert.ok(audit.ok);
      const forged = audit.entries.filter((e) => e.action === 'forbidden');
      assert.equal(forged.length, 5);
      assert.ok(forged.every((e) => e.actor === v.welcome.you.id && e.actorName === 'sneaky'));
      assert.match(forged[0]!.detail!, /"request":"ban"/);
      const t = audit.entries.find((e) => e.action === 'timeout');
      assert.deepEqual([t?.actor, t?.targetUserId, t?.targetName, t?.reason], ['owner', v.welcome.you.id, 'sneaky', 'forging']);

      const url = `${h.url}/api/rooms/main/audit?limit=500`;
      assert.equal((await fetch(url)).status, 401);
      assert.equal((await fetch(url, { headers: { Authorization: 'Bearer wrong-key-123456' } })).status, 401);
      assert.equal((await fetch(`${h.url}/api/rooms/nope/audit`, { headers: { Authorization: `Bearer ${OWNER_KEY}` } })).status, 401);
      const res = await fetch(url, { headers: { Authorization: `Bearer ${OWNER_KEY}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
      const body = await res.json() as { entries: AuditEntry[] };
      assert.deepEqual(body.entries.map((e) => e.id), audit.entries.map((e) => e.id));
      const since = await (await fetch(`${url}&since=${forged[2]!.id}`, { headers: { Authorization: `Bearer ${OWNER_KEY}` } })).json() as { entries: AuditEntry[] };
      assert.ok(since.entries.every((e) => e.id > forged[2]!.id) && since.entries.length > 0);
      assert.equal((await fetch(`${url}&limit=abc`, { headers: { Authorization: `Bearer ${OWNER_KEY}` } })).status, 400);
    } finally {
      await h.stop();
    }
  });

  it('automatic decisions are audited with the rule that fired', async () => {
    const h = await startHub(proxied);
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const v = await connect(h.url, { room: 'main' }, from('203.0.113.50'));
      assert.ok((await send(owner, 'room-settings', { blockedTerms: [{ term: 'darn', action: 'mask' }], minAccountAgeSeconds: 0 })).ok);
      const m = await send(v, 'danmaku', { text: 'D A R N it' });
      assert.ok(m.ok);
      const audit = await send<{ entries: AuditEntry[] }>(owner, 'audit', { since: 0 });
      assert.ok(audit.ok);
      const auto = audit.entries.find((e) => e.actor === 'rule:blocked-terms');
      assert.deepEqual([auto?.action, auto?.targetUserId, auto?.targetSeq, auto?.detail], ['mask', v.welcome.you.id, m.seq, 'danmaku: darn']);
      assert.ok(audit.entries.some((e) => e.action === 'room-settings' && e.actor === 'owner'));
    } finally {
      await h.stop();
    }
  });

  it('a bot wave raises an alert listing the accounts; one click holds them all', async () => {
    const h = await startHub({ ...proxied, alerts: { wave: { realertMs: 300 } } });
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const staff = staffInbox(owner);
      const variants = ['加微信 abc123 领福利', '加 微 信 abc777 領福利🎁', '加微信ａｂｃ８８８领福利！！', '加微信 аbс000 领 福 利', '【福利】加微信abc5领福利'];
      const bots = await Promise.all(Array.from({ length: 10 }, (_, i) => connect(h.url, { room: 'main' }, from(`192.0.2.${i + 1}`))));
      const human = await connect(h.url, { room: 'main' }, from('192.0.2.200'));
      assert.ok((await send(human, 'danmaku', { text: '主播今天唱什么歌' })).ok);
      for (const [i, b] of bots.entries()) assert.ok((await send(b, 'danmaku', { text: variants[i % variants.length]! })).ok);
      await until(() => staff.alerts.some((a) => a.kind === 'wave'), 'wave alert');
      await until(() => staff.alerts.at(-1)!.users.length === 10, 'follow-up alert lists every bot', 15_000);
      const alert = staff.alerts.at(-1)!;
      assert.deepEqual(new Set(alert.users.map((u) => u.id)), new Set(bots.map((b) => b.welcome.you.id)));
      assert.ok(alert.score > 0.5 && alert.sample.length > 0);

      const bulk = await send<{ done: string[] }>(owner, 'bulk', { action: 'hold', userIds: alert.users.map((u) => u.id) });
      assert.ok(bulk.ok && bulk.done.length === 10);
      await new Promise((r) => setTimeout(r, 1100)); // the bots' per-viewer rate limit refills
      const next = await send(bots[0]!, 'danmaku', { text: 'totally normal message' });
      assert.ok(next.ok);
      await until(() => staff.held.some((x) => x.holdId === next.seq && x.rule === 'held-user'), 'held as under review');
      assert.ok((await send(human, 'danmaku', { text: '好听' })).ok, 'others unaffected');

      const timeouts = await send<{ done: string[] }>(owner, 'bulk', { action: 'timeout', seconds: 600, userIds: alert.users.map((u) => u.id) });
      assert.ok(timeouts.ok && timeouts.done.length === 10);
      assertFail(await send(bots[1]!, 'danmaku', { text: 'x' }), 'timed_out');
    } finally {
      await h.stop();
    }
  });
});
