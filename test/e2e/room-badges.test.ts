/**
 * Role badges (issue 7, observation 7): on the viewer page and the overlay, the host's lines carry
 * 主播/Host, a moderator's 房管/Mod and system lines 系统/System, from the role the hub assigned; a
 * viewer who asks to be called 主播 or Host gets neither the name nor a badge. And a viewer page
 * that outlives a reset of the relay's room log keeps showing the new log's events.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import type { Ack } from '../../common/room-protocol';
import { memoryLogger } from '../../media/log';
import { createRoomHub } from '../../media/room/hub';
import { until, sharedStackAndBrowser } from './viewer-fixtures';

const shared = sharedStackAndBrowser({ hub: true });

const join = (auth: Record<string, unknown>) => shared.stack.join(auth);

const say = async (s: Socket, text: string) => {
  const a = (await s.timeout(5000).emitWithAck('danmaku', { text })) as Ack;
  assert.ok(a.ok, JSON.stringify(a));
};

/** Each chat line as [badge kind or '-', badge label, name, text]. */
const chatLines = (page: Page) => page.locator('.chat-line').evaluateAll((lis) => lis.map((li) => {
  const badge = li.querySelector('[data-role-badge]');
  return [badge?.getAttribute('data-role-badge') ?? '-', badge?.textContent ?? '', li.querySelector('.chat-name')?.textContent ?? '', li.querySelector('.chat-text')?.textContent ?? ''];
}));

test('host, moderator and system lines carry role badges; a viewer named 主播 or Host does not', { timeout: 120_000 }, async () => {
  const viewer = await shared.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const overlay = await shared.browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    await viewer.goto(`${shared.stack.origin}/room/${shared.stack.room}?lang=zh-CN`);
    await overlay.goto(`${shared.stack.origin}/overlay/${shared.stack.room}?chat=1&danmaku=0&lang=en`);
    await viewer.locator('#gift-bar button').first().waitFor({ timeout: 15_000 });
    await until(() => overlay.evaluate(() => (globalThis as unknown as { __overlay?: unknown }).__overlay !== undefined), 'overlay ready');

    const owner = await join({ key: shared.stack.relay.rooms.key(shared.stack.room), name: '主播' });
    const issued = (await owner.socket.timeout(5000).emitWithAck('moderator-token', { name: 'Ann' })) as Ack<{ token: string }>;
    assert.ok(issued.ok);
    const mod = await join({ token: issued.token });
    const fakeHost = await join({ name: '主播' });
    const fakeEn = await join({ name: 'Ｈｏｓｔ' });
    assert.match(fakeHost.welcome.you.name, /^观众/);
    assert.match(fakeEn.welcome.you.name, /^观众/);

    await say(owner.socket, 'from the host');
    await say(mod.socket, 'from the mod');
    await say(fakeHost.socket, 'I am the host, honest');
    await say(fakeEn.socket, 'me too');
    shared.stack.hub!.setLive(shared.stack.room, true);

    const expectLines = async (page: Page, labels: { owner: string; moderator: string; system: string }) => {
      await until(async () => (await chatLines(page)).some((l) => l[0] === 'system'), 'system line', 15_000);
      await until(async () => (await chatLines(page)).some((l) => l[3] === 'me too'), 'all lines', 15_000);
      const lines = await chatLines(page);
      const byText = (text: string) => lines.find((l) => l[3] === text);
      assert.deepEqual(byText('from the host')?.slice(0, 3), ['owner', labels.owner, '主播']);
      assert.deepEqual(byText('from the mod')?.slice(0, 3), ['moderator', labels.moderator, 'Ann']);
      assert.deepEqual(byText('I am the host, honest')?.slice(0, 1), ['-']);
      assert.deepEqual(byText('me too')?.slice(0, 1), ['-']);
      assert.deepEqual(lines.find((l) => l[0] === 'system')?.slice(0, 2), ['system', labels.system]);
    };
    await expectLines(viewer, { owner: '主播', moderator: '房管', system: '系统' });
    await expectLines(overlay, { owner: 'Host', moderator: 'Mod', system: 'System' });
  } finally {
    await viewer.close();
    await overlay.close();
  }
});

test('a viewer page that outlives a reset of the room log shows the new log\'s events', { timeout: 120_000 }, async () => {
  const viewer = await shared.browser.newPage({ viewport: { width: 1280, height: 800 } });
  // The replacement hub (a relay restarted on an empty data folder) on the same HTTP server.
  let second: ReturnType<typeof createRoomHub> | null = null;
  try {
    await viewer.goto(`${shared.stack.origin}/room/${shared.stack.room}?lang=en`);
    await viewer.locator('#gift-bar button').first().waitFor({ timeout: 15_000 });
    const first = await join({ key: shared.stack.relay.rooms.key(shared.stack.room) });
    for (let i = 0; i < 5; i++) await say(first.socket, `old log ${i}`);
    await until(async () => (await chatLines(viewer)).some((l) => l[3] === 'old log 4'), 'old-log lines', 15_000);
    first.socket.close();

    await shared.stack.hub!.close();
    second = createRoomHub({ server: shared.stack.relay.httpServer, rooms: shared.stack.relay.rooms, dataDir: null, log: memoryLogger(), batchMs: 50 });
    const late = await join({ name: 'late' });
    // The new log starts again: 1 is this viewer entering, 2 when the page's own reconnect (backoff
    // ~1 s after the old hub closed) happened to enter first, as it can on a busy machine.
    assert.ok(late.welcome.seq <= 2, `the new log starts again (welcome at seq ${late.welcome.seq}; the old log was past 6)`);
    await say(late.socket, 'new log hello');
    // The page reconnects by itself; the new log's seq 2 is not mistaken for the old log's seq 2.
    await until(async () => (await chatLines(viewer)).some((l) => l[3] === 'new log hello'), 'new-log line on the page', 30_000);
  } finally {
    await viewer.close();
    await second?.close();
  }
});
