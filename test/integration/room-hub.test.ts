import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Ack, RoomEvent, RoomEventsResponse } from '../../common/room-protocol';
import { assertFail, connect, OWNER_KEY, routedServer, send, startHub, tmpDir, until } from '../helpers/room-hub';

describe('room hub', () => {
  it('delivers every event from 20 viewers to the owner once, in seq order, and batches to viewers', async () => {
    const h = await startHub({ addressRate: { perSecond: 1000, burst: 1000 } });
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      assert.equal(owner.welcome.you.role, 'owner');
      const viewers = await Promise.all(Array.from({ length: 20 }, (_, i) => connect(h.url, { room: 'main', name: `v${i}` })));
      const acks = await Promise.all(viewers.flatMap((v, i) => [0, 1, 2].map((j) => send(v, 'danmaku', { text: `hi ${i}-${j}` }))));
      assert.ok(acks.every((a) => a.ok), JSON.stringify(acks.find((a) => !a.ok)));
      const ackedSeqs = acks.map((a) => (a.ok ? a.seq : 0));
      assert.equal(new Set(ackedSeqs).size, 60);
      // 20 enters + 60 danmaku.
      await until(() => owner.events.length >= 80, 'owner events');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(owner.events.length, 80);
      assert.deepEqual(owner.events.map((e) => e.seq), Array.from({ length: 80 }, (_, i) => i + 1));
      const danmaku = owner.events.filter((e) => e.type === 'danmaku');
      assert.deepEqual(danmaku.map((e) => e.seq).sort((a, b) => a - b), ackedSeqs.sort((a, b) => a - b));
      // Viewers got batches (several events per packet), never single `event` packets.
      const last = viewers[19]!;
      await until(() => last.events.some((e) => e.type === 'danmaku' && e.text === 'hi 0-0'), 'viewer batch');
      assert.ok(last.batches.length < last.events.length, 'viewers receive events in batches');
      for (const v of viewers) v.socket.close();
      owner.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('refuses bad payloads with an error ack and keeps the connection', async () => {
    const h = await startHub();
    try {
      const v = await connect(h.url, { room: 'main' });
      assertFail(await send(v, 'danmaku', { text: 'x'.repeat(61) }), 'too_long');
      assertFail(await send(v, 'danmaku', { text: '好'.repeat(5000) }), 'too_long');
      assertFail(await send(v, 'danmaku', { text: 123 }), 'invalid');
      assertFail(await send(v, 'danmaku', 'hello'), 'invalid');
      assertFail(await send(v, 'danmaku', null), 'invalid');
      assertFail(await send(v, 'danmaku', { text: '  \n\t ' }), 'invalid');
      assertFail(await send(v, 'danmaku', { text: 'hi', color: 'red' }), 'invalid');
      assertFail(await send(v, 'danmaku', { text: 'hi', admin: true }), 'invalid');
      const huge = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
      assertFail(await send(v, 'gift', huge), 'invalid');
      assertFail(await send(v, 'gift', { giftId: 'diamond-car', count: 1 }), 'unknown_gift');
      assertFail(await send(v, 'gift', { giftId: 'rocket', count: -1 }), 'invalid');
      assertFail(await send(v, 'gift', { giftId: 'rocket', count: 1000 }), 'invalid');
      assertFail(await send(v, 'gift', { giftId: 'rocket', count: 1.5 }), 'invalid');
      assertFail(await send(v, 'gift', { giftId: 'rocket', count: 1, value: 0 }), 'invalid');
      assertFail(await send(v, 'history', { since: -1 }), 'invalid');
      assertFail(await send(v, 'history', { since: 0, limit: 501 }), 'invalid');
      // A request the protocol does not have is answered too (docs/protocol.md: every request is
      // acknowledged): a bot that sends 'title' instead of 'room-title' must not wait forever.
      for (const name of ['title', 'settings', 'nonexistent', '__proto__', 'constructor']) {
        const a = await v.socket.timeout(10_000).emitWithAck(name, {}).catch((e: Error) => ({ ok: false, code: `no answer: ${e.message}` }));
        assertFail(a as Ack<object>, 'not_found');
        assert.match((a as { message: string }).message, new RegExp(`no request "${name}"`));
      }
      v.socket.emit('nonexistent', {});
      // No ack callback at all: nothing is sent back, nothing breaks.
      v.socket.emit('danmaku', { text: 42 });
      v.socket.emit('gift');
      const ok = await send(v, 'danmaku', { text: '  hello\u0000 <b>world</b>\u202E  ' });
      assert.ok(ok.ok);
      const hist = await send<{ events: RoomEvent[] }>(v, 'history', { since: 0 });
      assert.ok(hist.ok);
      const stored = hist.events.filter((e) => e.type === 'danmaku');
      assert.equal(stored.length, 1, 'only the valid danmaku was stored');
      assert.equal(stored[0]?.type === 'danmaku' && stored[0].text, 'hello <b>world</b>');
      assert.ok(v.socket.connected);
      v.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('computes gift value from the catalog and counts combos', async () => {
    const h = await startHub();
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const v = await connect(h.url, { room: 'main' });
      for (const count of [2, 3]) assert.ok((await send(v, 'gift', { giftId: 'rocket', count })).ok);
      assert.ok((await send(v, 'gift', { giftId: 'heart', count: 1 })).ok);
      await until(() => owner.events.filter((e) => e.type === 'gift').length === 3, 'gifts');
      const gifts = owner.events.filter((e) => e.type === 'gift');
      assert.deepEqual(gifts.map((g) => g.type === 'gift' && [g.giftId, g.count, g.value, g.combo]), [
        ['rocket', 2, 10000, 1], ['rocket', 3, 15000, 2], ['heart', 1, 1, 1],
      ]);
      owner.socket.close();
      v.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('throttles a flooding viewer while other viewers keep posting', async () => {
    const h = await startHub({ addressRate: { perSecond: 1000, burst: 1000 } });
    try {
      const flooder = await connect(h.url, { room: 'main' });
      const calm = await connect(h.url, { room: 'main' });
      const flood = await Promise.all(Array.from({ length: 30 }, (_, i) => send(flooder, 'danmaku', { text: `spam ${i}` })));
      const accepted = flood.filter((a) => a.ok).length;
      assert.ok(accepted >= 1 && accepted <= 4, `flooder got ${accepted} through`);
      assert.ok(flood.some((a) => !a.ok && a.code === 'rate_limited'));
      assert.ok((await send(calm, 'danmaku', { text: 'hello' })).ok, 'a calm viewer is unaffected');
      // A fresh connection (well within its per-connection budget) still has a history budget.
      const reader = await connect(h.url, { room: 'main' });
      const pagesFrom = Date.now();
      const pages = await Promise.all(Array.from({ length: 15 }, () => send(reader, 'history', { since: 0 })));
      // Its burst of 10, plus what the default 2/s refills while the 15 are answered (none on an idle
      // machine; a loaded one can take a second or more over them).
      const refilled = Math.floor(((Date.now() - pagesFrom) / 1000) * 2);
      const served = pages.filter((a) => a.ok).length;
      assert.ok(served >= 10 && served <= 10 + refilled, `history paging by a viewer is limited to its burst: ${served} of 15 served in ${Date.now() - pagesFrom} ms`);
      reader.socket.close();
      assert.ok((await send(calm, 'history', { since: 0 })).ok);
      flooder.socket.close();
      calm.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('limits posts per address across identities', async () => {
    const h = await startHub({ addressRate: { perSecond: 0.1, burst: 3 } });
    try {
      const clients = await Promise.all(Array.from({ length: 5 }, () => connect(h.url, { room: 'main' })));
      const acks = await Promise.all(clients.map((c) => send(c, 'danmaku', { text: 'hi' })));
      assert.equal(acks.filter((a) => a.ok).length, 3);
      assert.ok(acks.some((a) => !a.ok && a.code === 'rate_limited'));
      for (const c of clients) c.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('aggregates likes into few events and acks every click', async () => {
    const h = await startHub({ likeFlushMs: 300 });
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const v = await connect(h.url, { room: 'main' });
      const acks = await Promise.all(Array.from({ length: 15 }, () => send(v, 'like', { count: 2 })));
      assert.ok(acks.every((a) => a.ok));
      const likeSum = () => owner.events.reduce((n, e) => n + (e.type === 'like' ? e.count : 0), 0);
      await until(() => likeSum() >= 30, 'likes at the owner');
      const likes = owner.events.filter((e) => e.type === 'like');
      assert.ok(likes.length >= 1 && likes.length <= 2, `${likes.length} like events`);
      assert.equal(likes.reduce((n, e) => n + (e.type === 'like' ? e.count : 0), 0), 30);
      assertFail(await send(v, 'like', { count: 0 }), 'invalid');
      owner.socket.close();
      v.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('lets owner and moderators ban, unban and delete; viewers cannot', async () => {
    const h = await startHub();
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const troll = await connect(h.url, { room: 'main', name: 'troll' });
      const other = await connect(h.url, { room: 'main' });
      const bad = await send(troll, 'danmaku', { text: 'bad words' });
      assert.ok(bad.ok);
      assertFail(await send(other, 'ban', { userId: troll.welcome.you.id }), 'forbidden');
      assertFail(await send(other, 'delete', { seq: bad.seq }), 'forbidden');
      assertFail(await send(other, 'moderator-token', { name: 'me' }), 'forbidden');

      const modToken = await send<{ token: string; userId: string }>(owner, 'moderator-token', { name: 'Mod Ann' });
      assert.ok(modToken.ok);
      const mod = await connect(h.url, { room: 'main', token: modToken.token });
      assert.deepEqual(mod.welcome.you, { id: modToken.userId, name: 'Mod Ann', role: 'moderator' });
      // A moderator token is bound to its room.
      const elsewhere = await connect(h.url, { room: 'other', token: modToken.token });
      assert.equal(elsewhere.welcome.you.role, 'viewer');
      elsewhere.socket.close();

      const del = await send(mod, 'delete', { seq: bad.seq });
      assert.ok(del.ok);
      assertFail(await send(mod, 'delete', { seq: 9999 }), 'not_found');
      const ban = await send(mod, 'ban', { userId: troll.welcome.you.id, reason: 'spam' });
      assert.ok(ban.ok);
      assertFail(await send(troll, 'danmaku', { text: 'again' }), 'banned');
      assertFail(await send(troll, 'gift', { giftId: 'heart', count: 1 }), 'banned');
      assertFail(await send(mod, 'ban', { userId: 'owner' }), 'forbidden');

      await until(() => owner.events.some((e) => e.seq === ban.seq), 'ban event');
      const delEvent = owner.events.find((e) => e.seq === del.seq);
      assert.equal(delEvent?.type, 'system');
      assert.deepEqual(delEvent?.type === 'system' && [delEvent.code, delEvent.target?.seq], ['delete', bad.seq]);
      const banEvent = owner.events.find((e) => e.seq === ban.seq);
      assert.deepEqual(banEvent?.type === 'system' && [banEvent.code, banEvent.target?.userId], ['ban', troll.welcome.you.id]);

      // History shows the deleted danmaku emptied.
      const res = await fetch(`${h.url}/api/rooms/main/events?since=0`);
      const body = (await res.json()) as RoomEventsResponse;
      const removed = body.events.find((e) => e.seq === bad.seq);
      assert.deepEqual(removed?.type === 'danmaku' && [removed.text, removed.deleted], ['', true]);

      assert.ok((await send(owner, 'unban', { userId: troll.welcome.you.id })).ok);
      assert.ok((await send(troll, 'danmaku', { text: 'sorry' })).ok);
      for (const c of [owner, troll, other, mod]) c.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('keeps an anonymous viewer the same person with their token; a forged token is not that person', async () => {
    const h = await startHub({ dataDir: tmpDir() });
    try {
      const first = await connect(h.url, { room: 'main', name: '小明' });
      const token = first.welcome.token;
      assert.ok(token);
      first.socket.close();
      const again = await connect(h.url, { room: 'main', token });
      assert.equal(again.welcome.you.id, first.welcome.you.id);
      assert.equal(again.welcome.you.name, '小明');
      assert.equal(again.welcome.token, undefined);
      again.socket.close();

      const [head, body] = token.split('.');
      const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
      const forgedBody = Buffer.from(JSON.stringify({ ...claims, sub: 'v_someoneelse' })).toString('base64url');
      const forged = await connect(h.url, { room: 'main', token: `${head}.${forgedBody}.${token.split('.')[2]}` });
      assert.notEqual(forged.welcome.you.id, 'v_someoneelse');
      assert.notEqual(forged.welcome.you.id, first.welcome.you.id);
      assert.ok(forged.welcome.token, 'a forged token gets a fresh identity');
      forged.socket.close();
      // A viewer cannot promote themselves to moderator by editing claims either.
      const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'moderator', room: 'main' })).toString('base64url');
      const p = await connect(h.url, { room: 'main', token: `${head}.${promoted}.${token.split('.')[2]}` });
      assert.equal(p.welcome.you.role, 'viewer');
      p.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('refuses unknown rooms, bad handshakes and wrong keys with a clear error', async () => {
    const h = await startHub();
    try {
      await assert.rejects(connect(h.url, { room: 'nope' }), (err: Error & { data?: { code: string } }) => {
        assert.equal(err.data?.code, 'unknown_room');
        assert.match(err.message, /nope/);
        return true;
      });
      await assert.rejects(connect(h.url, { room: 'main', key: 'wrong-key' }), (err: Error & { data?: { code: string } }) => err.data?.code === 'forbidden');
      await assert.rejects(connect(h.url, { room: 42 }), (err: Error & { data?: { code: string } }) => err.data?.code === 'invalid');
    } finally {
      await h.stop();
    }
  });

  it('broadcasts only to the room an event belongs to', async () => {
    const h = await startHub();
    try {
      const mainOwner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const otherViewer = await connect(h.url, { room: 'other' });
      const mainViewer = await connect(h.url, { room: 'main' });
      assert.ok((await send(otherViewer, 'danmaku', { text: 'only in other' })).ok);
      assert.ok((await send(mainViewer, 'danmaku', { text: 'only in main' })).ok);
      await until(() => otherViewer.events.some((e) => e.type === 'danmaku'), 'other batch');
      await until(() => mainOwner.events.some((e) => e.type === 'danmaku'), 'main event');
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(mainOwner.events.every((e) => !(e.type === 'danmaku' && e.text === 'only in other')));
      assert.ok(otherViewer.events.every((e) => !(e.type === 'danmaku' && e.text === 'only in main')));
      for (const c of [mainOwner, otherViewer, mainViewer]) c.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('records live/offline and reports viewer counts', async () => {
    const h = await startHub();
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      assert.equal(owner.welcome.live, false);
      h.hub.setLive('main', true);
      const counts: number[] = [];
      owner.socket.on('viewers', (v: { count: number }) => counts.push(v.count));
      const v1 = await connect(h.url, { room: 'main' });
      assert.equal(v1.welcome.live, true);
      const v2 = await connect(h.url, { room: 'main' });
      await until(() => counts.at(-1) === 2, 'viewer count 2');
      h.hub.setLive('main', false);
      await until(() => owner.events.some((e) => e.type === 'system' && e.code === 'offline'), 'offline event');
      assert.ok(owner.events.some((e) => e.type === 'system' && e.code === 'live'));
      for (const c of [owner, v1, v2]) c.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('serves history over HTTP with validated queries', async () => {
    const h = await startHub();
    try {
      const v = await connect(h.url, { room: 'main' });
      for (let i = 0; i < 3; i++) assert.ok((await send(v, 'danmaku', { text: `m${i}` })).ok);
      const ok = await fetch(`${h.url}/api/rooms/main/events?since=2&limit=1`);
      assert.equal(ok.status, 200);
      const body = (await ok.json()) as RoomEventsResponse;
      assert.equal(body.room, 'main');
      assert.equal(body.seq, 4);
      assert.deepEqual(body.events.map((e) => e.seq), [3]);
      const bad = await fetch(`${h.url}/api/rooms/main/events?since=abc`);
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as { error: string }).error, 'invalid');
      assert.equal((await fetch(`${h.url}/api/rooms/main/events?limit=100000`)).status, 400);
      const missing = await fetch(`${h.url}/api/rooms/ghost/events`);
      assert.equal(missing.status, 404);
      assert.equal(((await missing.json()) as { error: string }).error, 'not_found');
      v.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('continues seq and keeps history and bans after a restart on the same data dir', async () => {
    const dataDir = tmpDir();
    const server = routedServer();
    // behind a trusted proxy, so the fresh viewer below can come from another address than the banned one
    const first = await startHub({ dataDir, trustedProxies: ['127.0.0.1'] }, server);
    const owner = await connect(first.url, { room: 'main', key: OWNER_KEY });
    const v = await connect(first.url, { room: 'main' });
    const seqs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await send(v, 'danmaku', { text: `before ${i}` });
      assert.ok(a.ok);
      seqs.push(a.seq);
    }
    const ban = await send(owner, 'ban', { userId: v.welcome.you.id });
    assert.ok(ban.ok);
    owner.socket.close();
    v.socket.close();
    await first.hub.close();
    // The relay's own routes keep working without the hub.
    assert.equal((await fetch(`${first.url}/elsewhere`)).status, 404);

    // Same http server, new hub: the server is still usable for other routes and socket.io re-attaches.
    const second = await startHub({ dataDir, trustedProxies: ['127.0.0.1'] }, server);
    try {
      const owner2 = await connect(second.url, { room: 'main', key: OWNER_KEY });
      assert.equal(owner2.welcome.seq, ban.seq);
      const viewer = await connect(second.url, { room: 'main', token: v.welcome.token });
      assertFail(await send(viewer, 'danmaku', { text: 'still muted?' }), 'banned');
      const fresh = await connect(second.url, { room: 'main' }, { 'X-Forwarded-For': '198.51.100.7' });
      const next = await send(fresh, 'danmaku', { text: 'after' });
      assert.ok(next.ok);
      assert.ok(next.seq > ban.seq);
      const hist = await send<{ events: RoomEvent[] }>(owner2, 'history', { since: 0, limit: 500 });
      assert.ok(hist.ok);
      assert.deepEqual(hist.events.map((e) => e.seq), Array.from({ length: next.seq }, (_, i) => i + 1));
      assert.deepEqual(hist.events.filter((e) => e.type === 'danmaku').map((e) => e.type === 'danmaku' && e.text), ['before 0', 'before 1', 'before 2', 'after']);
      for (const c of [owner2, viewer, fresh]) c.socket.close();
    } finally {
      await second.stop();
    }
  });
});

describe('room protocol additions', () => {
  it('system events carry a code and params (with an English text fallback)', async () => {
    const h = await startHub();
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY, name: '阿明' });
      const troll = await connect(h.url, { room: 'main', name: 'troll' });
      const said = await send(troll, 'danmaku', { text: 'bad' });
      assert.ok(said.ok);
      const ban = await send(owner, 'ban', { userId: troll.welcome.you.id, reason: 'spam' });
      const del = await send(owner, 'delete', { seq: said.seq });
      h.hub.setLive('main', true);
      assert.ok(ban.ok && del.ok);
      await until(() => owner.events.some((e) => e.type === 'system' && e.code === 'live'), 'live event');
      const sys = owner.events.filter((e) => e.type === 'system');
      assert.deepEqual(sys.map((e) => [e.code, e.params]), [
        ['ban', { userId: troll.welcome.you.id, name: 'troll', by: '阿明', byRole: 'owner', reason: 'spam' }],
        ['delete', { seq: said.seq, userId: troll.welcome.you.id, by: '阿明', byRole: 'owner' }],
        ['live', {}],
      ]);
      assert.ok(sys.every((e) => typeof e.text === 'string' && e.text.length > 0 && e.user.id === 'system'));
      owner.socket.close();
      troll.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('an overlay is not a viewer: not counted, no enter event, cannot post, still gets the room', async () => {
    const h = await startHub();
    try {
      const owner = await connect(h.url, { room: 'main', key: OWNER_KEY });
      const counts: number[] = [];
      owner.socket.on('viewers', (v: { count: number }) => counts.push(v.count));
      const overlay = await connect(h.url, { room: 'main', client: 'overlay' });
      assert.equal(overlay.welcome.token, undefined, 'an overlay gets no identity');
      assert.equal(overlay.welcome.viewers, 0);
      assertFail(await send(overlay, 'danmaku', { text: 'hi' }), 'forbidden');
      assertFail(await send(overlay, 'like', { count: 1 }), 'forbidden');
      const v = await connect(h.url, { room: 'main' });
      assert.ok((await send(v, 'danmaku', { text: 'for the overlay' })).ok);
      await until(() => overlay.events.some((e) => e.type === 'danmaku' && e.text === 'for the overlay'), 'overlay batch');
      await until(() => counts.at(-1) === 1, 'viewer count');
      assert.deepEqual(owner.events.filter((e) => e.type === 'enter').map((e) => e.user.id), [v.welcome.you.id]);
      assert.ok((await send(overlay, 'history', { since: 0, limit: 1 })).ok, 'an overlay may read history');
      for (const c of [owner, overlay, v]) c.socket.close();
    } finally {
      await h.stop();
    }
  });

  it('the owner sets the room title: validated, in welcome, as an event, kept across restarts', async () => {
    const dataDir = tmpDir();
    const server = routedServer();
    // behind a trusted proxy, so the fresh viewer below can come from another address than the banned one
    const first = await startHub({ dataDir, trustedProxies: ['127.0.0.1'] }, server);
    const owner = await connect(first.url, { room: 'main', key: OWNER_KEY });
    const v = await connect(first.url, { room: 'main' });
    assert.equal(owner.welcome.title, '');
    assertFail(await send(v, 'room-title', { title: 'mine now' }), 'forbidden');
    assertFail(await send(owner, 'room-title', { title: '\u200B\u3164' }), 'invalid');
    assertFail(await send(owner, 'room-title', { title: '长'.repeat(41) }), 'too_long');
    assert.ok((await send(owner, 'room-title', { title: '  今晚\u200B 唱歌  ' })).ok);
    await until(() => v.events.some((e) => e.type === 'system' && e.code === 'title'), 'title event at the viewer');
    const ev = v.events.find((e) => e.type === 'system' && e.code === 'title');
    assert.deepEqual(ev?.type === 'system' && ev.params, { title: '今晚 唱歌', by: 'Host', byRole: 'owner' });
    owner.socket.close();
    v.socket.close();
    await first.hub.close();
    const second = await startHub({ dataDir }, server);
    try {
      const again = await connect(second.url, { room: 'main' });
      assert.equal(again.welcome.title, '今晚 唱歌');
      again.socket.close();
    } finally {
      await second.stop();
    }
  });

  it('bans lists who is banned, by whom and why, for staff only, after a restart too', async () => {
    const dataDir = tmpDir();
    const server = routedServer();
    const first = await startHub({ dataDir }, server);
    const owner = await connect(first.url, { room: 'main', key: OWNER_KEY, name: '主播本人' });
    const troll = await connect(first.url, { room: 'main', name: 'troll' });
    assert.ok((await send(troll, 'danmaku', { text: 'spam' })).ok);
    const trollId = troll.welcome.you.id;
    troll.socket.close();
    await until(() => owner.events.some((e) => e.type === 'danmaku'), 'danmaku');
    assert.ok((await send(owner, 'ban', { userId: trollId, reason: 'spam' })).ok);
    assertFail(await send(owner, 'bans', { extra: 1 }), 'invalid');
    owner.socket.close();
    await first.hub.close();
    const second = await startHub({ dataDir }, server);
    try {
      const o2 = await connect(second.url, { room: 'main', key: OWNER_KEY });
      const v = await connect(second.url, { room: 'main' });
      assertFail(await send(v, 'bans', {}), 'forbidden');
      const list = await send<{ bans: Array<Record<string, unknown>> }>(o2, 'bans', {});
      assert.ok(list.ok);
      assert.equal(list.bans.length, 1);
      const [b] = list.bans;
      assert.deepEqual({ ...b, at: typeof b?.at }, { userId: trollId, name: 'troll', by: '主播本人', reason: 'spam', at: 'number' });
      for (const c of [o2, v]) c.socket.close();
    } finally {
      await second.stop();
    }
  });

  it('welcome carries the log epoch: the same across restarts of one log, new for a new log', async () => {
    const dataDir = tmpDir();
    const server = routedServer();
    const first = await startHub({ dataDir }, server);
    const a = await connect(first.url, { room: 'main' });
    assert.match(a.welcome.epoch, /^[0-9a-f]{24}$/);
    a.socket.close();
    await first.hub.close();
    const second = await startHub({ dataDir }, server);
    const b = await connect(second.url, { room: 'main' });
    assert.equal(b.welcome.epoch, a.welcome.epoch);
    b.socket.close();
    await second.hub.close();
    const third = await startHub({ dataDir: tmpDir() }, server);
    try {
      const c = await connect(third.url, { room: 'main' });
      assert.notEqual(c.welcome.epoch, a.welcome.epoch);
      c.socket.close();
    } finally {
      await third.stop();
    }
  });
});
