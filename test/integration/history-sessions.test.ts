/**
 * Sessions as the studio records them from a real room hub: the hub restarts mid-stream (no offline
 * mark), the studio's room client catches up, and the history splits and closes sessions right, with
 * viewers, supporters, search across sessions, a session's charts and its exports.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import type { Ack, Welcome } from '../../common/room-protocol';
import { parseCsv } from '../../main/history/export';
import { HistoryService } from '../../main/history/service';
import { HistoryStore } from '../../main/history/store';
import { RoomClient } from '../../main/room/client';
import { memoryLogger } from '../../media/log';
import { RoomRegistry } from '../../media/relay/rooms';
import { createRoomHub, type RoomHub } from '../../media/room/hub';

const KEY = 'history-key-123456';
const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

it('sessions split and close right across a hub restart; search, charts and exports cover them', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'history-sessions-'));
  dirs.push(dir);
  let hub: RoomHub | null = null;
  const server = http.createServer((req, res) => {
    void Promise.resolve(hub?.httpRoute(req, res, new URL(req.url ?? '/', 'http://x')) ?? false).then((ok) => { if (!ok) res.writeHead(404).end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const generous = { perSecond: 10_000, burst: 10_000 };
  const startHub = () => {
    // The relay's durable room log lives in `dir`: a restarted hub continues the seq numbering.
    hub = createRoomHub({ server, rooms: new RoomRegistry(null, [{ id: 'main', key: KEY }]), dataDir: path.join(dir, 'relay'), log: memoryLogger(), batchMs: 20, danmakuRate: generous, addressRate: generous, messageRate: generous });
    return hub;
  };
  const store = new HistoryStore(path.join(dir, 'history.sqlite'));
  const history = new HistoryService(store, { room: () => 'main' });
  const client = new RoomClient({ url, room: 'main', key: KEY, name: 'Host', fromSeq: 0 });
  let stored = 0;
  client.on('event', (e) => history.record('main', e, () => { stored = Math.max(stored, e.seq); }));
  client.on('viewers', (n) => history.recordViewers('main', n));
  const viewers: Socket[] = [];
  const join = async (name: string) => {
    const s = io(`${url}/room`, { auth: { room: 'main', name }, transports: ['websocket'], forceNew: true });
    viewers.push(s);
    const welcome = await new Promise<Welcome>((r) => s.once('welcome', r));
    // the same person after a reconnect (the hub's identity token), as the viewer page keeps it
    if (welcome.token) s.auth = { room: 'main', name, token: welcome.token };
    return { s, welcome };
  };
  const say = async (s: Socket, text: string) => {
    const a = (await s.timeout(5000).emitWithAck('danmaku', { text })) as Ack;
    assert.ok(a.ok, JSON.stringify(a));
    return a.seq;
  };
  const gift = async (s: Socket, giftId: string, count: number) => {
    const a = (await s.timeout(5000).emitWithAck('gift', { giftId, count })) as Ack;
    assert.ok(a.ok, JSON.stringify(a));
    return a.seq;
  };
  try {
    let h = startHub();
    client.connect();
    await until(() => client.state === 'live', 'the studio following the room');
    const { s: alice, welcome } = await join('Alice');
    const { s: bob } = await join('小王');
    await until(() => client.viewers === 2, 'two viewers');
    h.setLive('main', true);
    await say(alice, '主播今天唱歌真好听');
    await say(bob, 'hello from the first stream');
    const giftFirst = await gift(bob, welcome.gifts[0]!.id, 2);
    await until(() => stored >= giftFirst, 'the first stream stored');

    // The relay dies mid-stream: no offline mark. It comes back and the stream publishes again.
    await h.close();
    await until(() => !alice.connected && !bob.connected && client.state !== 'live', 'everyone to notice');
    h = startHub();
    await until(() => client.state === 'live' && alice.connected && bob.connected, 'everyone back after the restart');
    h.setLive('main', true);
    await say(alice, '哈哈哈 welcome back');
    await say(bob, '主播加油');
    await gift(bob, welcome.gifts[0]!.id, 1); // bob gives again: a returning supporter
    const removed = await say(alice, 'spam spam spam');
    assert.ok((await client.deleteEvent(removed)).ok, 'the host removes a message');
    h.setLive('main', false);
    await until(() => stored >= removed + 2, 'the removal and the offline mark stored');

    const sessions = history.sessions();
    assert.equal(sessions.length, 2, 'two sessions: the restart split them');
    const [second, first] = sessions;
    assert.equal(first!.interrupted, true, 'the first ended by the restart');
    assert.equal(first!.open, false);
    assert.equal(second!.interrupted, false);
    assert.equal(second!.open, false, 'the second closed by its offline mark');
    assert.equal(first!.endSeq, second!.startSeq - 1, 'the first ends just before the second starts');
    assert.deepEqual([first!.danmaku, second!.danmaku], [2, 3]);
    assert.deepEqual(history.session(second!.id).moderation.map((e) => e.type === 'system' && e.code === 'delete' && e.params.seq), [removed], 'the session\'s moderation');
    assert.deepEqual(history.session(first!.id).moderation, []);
    assert.equal(history.search({ text: 'spam spam' }).total, 0, 'a removed message is not found');
    assert.equal(first!.giftValue > 0 && first!.topSupporter?.user.name, '小王');
    assert.ok(second!.giftValue > 0);
    assert.deepEqual([history.session(second!.id).analytics.returningSupporters, history.session(first!.id).analytics.returningSupporters], [1, 0]);
    assert.equal(first!.uniqueChatters, 2);
    assert.ok(first!.peakViewers >= 2, `peak viewers ${first!.peakViewers}`);
    assert.ok(first!.start <= first!.end && first!.end <= second!.start);

    // Search across sessions: Chinese substrings (2 characters via the fallback), English words.
    const zhubo = history.search({ text: '主播' });
    assert.deepEqual(zhubo.events.map((e) => [e.type === 'danmaku' && e.text, e.session]), [['主播加油', second!.id], ['主播今天唱歌真好听', first!.id]]);
    assert.deepEqual(zhubo.events[0]!.highlights, [[0, 2]]);
    assert.deepEqual(history.search({ text: '哈哈' }).events.map((e) => e.session), [second!.id]);
    assert.deepEqual(history.search({ text: 'HELLO from' }).events.map((e) => e.session), [first!.id]);
    assert.equal(history.search({ text: '主播', session: first!.id }).total, 1);
    assert.deepEqual(history.search({ user: '小王', types: ['danmaku'] }).events.map((e) => e.type === 'danmaku' && e.text), ['主播加油', 'hello from the first stream']);

    const page = history.session(first!.id);
    assert.equal(page.minutes.reduce((n, m) => n + m.danmaku, 0) >= 2, true);
    assert.equal(page.analytics.supporters, 1);
    assert.equal(page.analytics.revenueByGift.length, 1);
    assert.deepEqual(page.topChatters.map((c) => c.danmaku), [1, 1]);
    const rows = parseCsv(history.export({ session: first!.id, format: 'csv' }).content);
    assert.equal(rows.length - 1, first!.endSeq - first!.startSeq + 1, 'every event of the session in the CSV');
    const events = history.events({ session: second!.id });
    assert.deepEqual(events.events.map((e) => e.seq)[0], second!.startSeq);
    assert.equal(events.events.at(-1)!.seq, second!.endSeq);
  } finally {
    for (const v of viewers) v.close();
    client.close();
    await (hub as RoomHub | null)?.close();
    history.close();
    server.close();
  }
});
