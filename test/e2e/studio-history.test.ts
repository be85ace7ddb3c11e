/**
 * The history view in Chromium (browser mode, as `npm start -- --web` runs it): yesterday's session,
 * written through the studio's own history store, is listed after a restart with the relay's room
 * empty; the feed starts with its last events; a search finds a message (Chinese, 2 and 3+
 * characters) and jumps to its moment; a chart's peak opens the messages around it.
 * HISTORY_SHOTS=<dir> saves screenshots at 1440×900 and 360 px in both languages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { RoomEvent, RoomUser } from '../../common/room-protocol';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { HistoryService } from '../../main/history/service';
import { HistoryStore } from '../../main/history/store';
import { startBrowserModeStudio } from '../helpers/studio';
import { waitFor } from '../helpers/media';

const built = existsSync(path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html'));
const SHOTS = process.env.HISTORY_SHOTS;
const ROOM = 'studio';
const NEEDLE = '找到我了 find-me';

/** Yesterday 20:00-20:40 local time: viewers rise and fall, chat peaks at 20:25, a big gift at 20:30. */
function seedYesterday(file: string): { needleSeq: number; lastText: string } {
  const store = new HistoryStore(file);
  const history = new HistoryService(store, { room: () => ROOM });
  const start = new Date();
  start.setDate(start.getDate() - 1);
  start.setHours(20, 0, 0, 0);
  const t0 = start.getTime();
  const sys: RoomUser = { id: 'system', name: 'System', role: 'owner' };
  const users: RoomUser[] = Array.from({ length: 12 }, (_, i) => ({ id: `v_${i}`, name: i % 2 ? `观众${i}` : `fan_${i}`, role: 'viewer' }));
  const events: RoomEvent[] = [{ seq: 1, ts: t0, user: sys, type: 'system', text: 'The stream started', code: 'live', params: {} }];
  let needleSeq = 0;
  type Draft = RoomEvent extends infer E ? (E extends RoomEvent ? Omit<E, 'seq'> : never) : never;
  const push = (e: Draft) => events.push({ ...e, seq: events.length + 1 } as RoomEvent);
  for (let min = 0; min < 40; min++) {
    const perMinute = min === 25 ? 40 : 4 + (min % 5);
    for (let k = 0; k < perMinute; k++) {
      const user = users[(min + k) % users.length]!;
      const ts = t0 + min * 60_000 + k * 1000 + 500;
      const text = min === 12 && k === 1 ? NEEDLE : k % 3 === 0 ? `哈哈哈 主播太强了 ${min}` : `第${min}分钟 message ${k}`;
      push({ ts, user, type: 'danmaku', text, color: '#ffffff', mode: 'scroll' });
      if (text === NEEDLE) needleSeq = events.length;
    }
    if (min % 7 === 0) push({ ts: t0 + min * 60_000 + 50_000, user: users[min % 12]!, type: 'gift', giftId: 'heart', name: '小心心', count: 5, value: 5, combo: 1 });
    push({ ts: t0 + min * 60_000 + 55_000, user: users[(min * 5) % 12]!, type: 'like', count: 3 + min });
    history.recordViewers(ROOM, Math.round(20 + 30 * Math.sin((min / 40) * Math.PI)), t0 + min * 60_000);
  }
  push({ ts: t0 + 30 * 60_000 + 58_000, user: users[3]!, type: 'gift', giftId: 'rocket', name: '火箭', count: 1, value: 1000, combo: 1 });
  const lastText = '明天见 see you tomorrow';
  push({ ts: t0 + 40 * 60_000, user: users[1]!, type: 'danmaku', text: lastText, color: '#ffffff', mode: 'scroll' });
  push({ ts: t0 + 40 * 60_000 + 1000, user: sys, type: 'system', text: 'The stream ended', code: 'offline', params: {} });
  store.addMany(ROOM, events);
  // The audit log the studio cached from the hub that evening: one ban during the session.
  store.audit.add(ROOM, [{ id: 1, at: t0 + 10 * 60_000, actor: 'owner', actorName: '主播', action: 'ban', targetUserId: 'v_7', targetName: '刷屏怪 spammer', reason: 'spam' }]);
  history.close();
  return { needleSeq, lastText };
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/**
 * Each chart's y-axis maximum ("上限 5") sits at the top-left of its plot, not on the x-axis row
 * between the two times, where it read as a time.
 */
async function yMaxAtTopLeft(page: Page, shotName: string): Promise<void> {
  await page.getByTestId('chart-viewers').scrollIntoViewIfNeeded();
  await shot(page, shotName);
  for (const id of ['chart-viewers', 'chart-danmaku', 'chart-gifts', 'chart-likes']) {
    const [ymax, svg, xaxis] = await Promise.all([`${id}-ymax`, id, `${id}-xaxis`].map(async (tid, i) =>
      (i === 1 ? page.getByTestId(tid).locator('svg') : page.getByTestId(tid)).boundingBox()));
    assert.ok(ymax && svg && xaxis, `${id}: max label, plot and x axis are shown`);
    assert.match(await page.getByTestId(`${id}-ymax`).innerText(), /\d/);
    assert.ok(Math.abs(ymax.y - svg.y) <= 2, `${id}: the max label is at the top of the plot (${ymax.y} vs ${svg.y})`);
    assert.ok(ymax.x - svg.x <= 2 && ymax.x >= svg.x - 1, `${id}: the max label is at the left of the plot (${ymax.x} vs ${svg.x})`);
    assert.ok(ymax.y + ymax.height <= svg.y + svg.height / 2, `${id}: the max label stays in the plot's upper half`);
    assert.ok(ymax.y + ymax.height <= xaxis.y, `${id}: the max label is not on the x-axis row`);
    assert.doesNotMatch(await page.getByTestId(`${id}-xaxis`).innerText(), /上限|max/i, `${id}: the x axis shows only times`);
  }
}

/** The history page (fixed over the studio, whose own layout starts at 1024 px) never scrolls sideways. */
async function noHorizontalScroll(page: Page): Promise<void> {
  const over = await page.evaluate(`(() => {
    const h = document.querySelector('[data-testid=history-view]');
    const c = h.querySelector('.history__content');
    return [h.scrollWidth - h.clientWidth, c.scrollWidth - c.clientWidth, h.getBoundingClientRect().width - window.innerWidth];
  })()`) as number[];
  assert.ok(over.every((x) => x <= 1), `no horizontal overflow (${over.join(', ')})`);
}

test('the history view lists yesterday\'s session after a restart; search finds a message and jumps to it', { skip: !built && 'run "node scripts/build.mjs" first', timeout: 150_000 }, async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'studio-history-e2e-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const { needleSeq, lastText } = seedYesterday(path.join(dataDir, 'history.sqlite'));
  const stack = await startBrowserModeStudio('studio-history-e2e-', { dataDir });
  t.after(() => stack.stop());
  const page = await stack.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(stack.bridge.url);

  // The feed after the restart starts with the room's last events from the history.
  const feed = page.getByTestId('danmaku-feed');
  await feed.waitFor({ state: 'visible', timeout: 30_000 });
  await waitFor('the last message of yesterday in the feed', async () => (await feed.getByText(lastText).count()) === 1, 15_000);

  for (const lang of ['en', 'zh-CN'] as const) {
    await page.getByTestId(`lang-${lang}`).first().click();
    await page.getByTestId('open-history').click();
    const rows = page.getByTestId('history-session-row');
    await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await rows.count(), 1, 'one session: yesterday\'s');
    const yesterday = await page.evaluate(`(() => { const d = new Date(); d.setDate(d.getDate() - 1); d.setHours(20, 0, 0, 0); return new Intl.DateTimeFormat('${lang}', { dateStyle: 'medium', timeStyle: 'short' }).format(d); })()`) as string;
    assert.match(await rows.first().innerText(), new RegExp(yesterday.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await shot(page, `sessions-1440-${lang}`);
    await page.getByTestId('history-close').click();
    await page.getByTestId('history-view').waitFor({ state: 'detached' });
  }

  // Search (Chinese, three or more characters: full-text index) and jump to the moment.
  await page.getByTestId('open-history').click();
  await page.getByTestId('history-tab-search').click();
  await page.getByTestId('history-search-text').fill('找到我');
  await page.getByTestId('history-search-go').click();
  const results = page.getByTestId('history-result');
  await waitFor('one search result', async () => (await results.count()) === 1, 15_000);
  assert.equal(await results.first().locator('mark').innerText(), '找到我');
  await shot(page, 'search-1440-zh-CN');
  await results.first().click();
  const focused = page.locator(`[data-testid=history-events] .feed-row.is-focused[data-seq="${needleSeq}"]`);
  await focused.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await focused.innerText(), /找到我了 find-me/);
  // The relay's room log here is new (seq 0) while the history ends at seq ~330: the studio takes it for
  // a reset log and keeps yesterday under the archive "studio~1" (still listed, searchable, linked).
  const sessionId = await page.getByTestId('history-session').getAttribute('data-session');
  assert.match(sessionId ?? '', new RegExp(`^${ROOM}(~1)?/1$`));
  await waitFor('the moment in the address (reload, back button)', () => page.url().endsWith(`#/history/session/${sessionId}@${needleSeq}`), 10_000)
    .catch((e: Error) => assert.fail(`${e.message}: ${page.url()}`));
  // The session's moderation section lists the cached audit log (kept with the archive too).
  const audit = page.getByTestId('history-audit');
  await audit.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await audit.innerText(), /主播.*ban.*刷屏怪 spammer.*spam/s);
  await shot(page, 'session-1440-zh-CN');

  // Two Chinese characters (below the trigram index's three): still found, marked.
  await page.getByTestId('history-tab-search').click();
  await page.getByTestId('history-search-text').fill('哈哈');
  await page.getByTestId('history-search-go').click();
  await waitFor('many 哈哈 results', async () => (await results.count()) > 10, 15_000);
  assert.equal(await results.first().locator('mark').first().innerText(), '哈哈');

  // A chart's peak is one click from its messages: danmaku peaked at 20:25.
  await page.goto(`${new URL(stack.bridge.url).origin}/#/history/session/${sessionId}`);
  const peak = page.getByTestId('chart-danmaku-peak');
  await peak.waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await peak.innerText(), /20:25/);
  await peak.click();
  const atPeak = page.locator('[data-testid=history-events] .feed-row.is-focused');
  await atPeak.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await atPeak.innerText(), /^20:25:/);

  const hv = page.getByTestId('history-view');
  await hv.getByTestId('lang-en').click();
  await page.waitForTimeout(300);
  await shot(page, 'session-1440-en');
  await noHorizontalScroll(page);
  await yMaxAtTopLeft(page, 'charts-1440-en');
  await page.setViewportSize({ width: 360, height: 780 });
  await page.waitForTimeout(300);
  await noHorizontalScroll(page);
  await yMaxAtTopLeft(page, 'charts-360-en');
  await shot(page, 'session-360-en');
  await hv.getByTestId('lang-zh-CN').click();
  await page.waitForTimeout(300);
  await shot(page, 'session-360-zh-CN');
  await page.getByTestId('history-tab-sessions').click();
  await page.getByTestId('history-session-row').first().waitFor({ state: 'visible' });
  await noHorizontalScroll(page);
  await shot(page, 'sessions-360-zh-CN');
  await hv.getByTestId('lang-en').click();
  await page.waitForTimeout(300);
  await shot(page, 'sessions-360-en');
});
