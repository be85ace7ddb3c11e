/**
 * The studio's history view publishes a session's replay for viewers (browser mode, Chromium): a
 * real publish to the studio's own relay becomes a history session; its page has the toggle; turning
 * it on makes the relay serve the VOD and the replay page, and the link points there; turning it off
 * makes them 404 again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RoomEventsResponse } from '../../common/room-protocol';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { publishTestPattern, waitFor } from '../helpers/media';
import { startBrowserModeStudio } from '../helpers/studio';

const built = existsSync(path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html'));

test('a history session gets a "publish replay" toggle that makes the relay serve it', { skip: !built && 'run "node scripts/build.mjs" first', timeout: 150_000 }, async (t) => {
  const stack = await startBrowserModeStudio('studio-replay-e2e-');
  t.after(() => stack.stop());
  const relay = await waitFor('the relay', () => stack.core.relayState().urls, 30_000);
  const room = stack.core.relayState().room;
  const origin = new URL(relay.viewer).origin;

  const publisher = publishTestPattern(stack.processes, `${relay.rtmp}/${relay.obsStreamKey}`, { size: '640x360', bitrate: '500k' });
  await waitFor('live', async () => (await (await fetch(relay.hls)).status) === 200, 30_000, 200);
  await new Promise((r) => setTimeout(r, 3000));
  await publisher.stop();
  const log = (await (await fetch(`${origin}/api/rooms/${room}/events?since=0&limit=500`)).json()) as RoomEventsResponse;
  const live = log.events.find((e) => e.type === 'system' && e.code === 'live');
  assert.ok(live, 'the publish made a live mark');
  const vod = `${origin}/vod/${room}/${live.seq}/index.m3u8`;
  assert.equal((await fetch(vod)).status, 404, 'private until published');

  const page = await stack.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${stack.bridge.url}#/history/session/${room}/${live.seq}`);
  const toggle = page.getByTestId('replay-publish').locator('input[type=checkbox]');
  // The archive is finished a moment after the publish ends: reload until the session is there.
  await waitFor('the replay toggle', async () => {
    if (await toggle.count()) return true;
    await page.reload();
    await page.getByTestId('replay-publish').waitFor({ timeout: 10_000 });
    return (await toggle.count()) > 0;
  }, 40_000, 500);
  assert.equal(await toggle.isChecked(), false);
  await toggle.check();
  const link = page.getByTestId('replay-publish').locator('a');
  await link.waitFor({ timeout: 10_000 });
  assert.equal(await link.getAttribute('href'), `${origin}/replay/${room}/${live.seq}`);
  await waitFor('the VOD served', async () => (await fetch(vod)).status === 200, 10_000);
  assert.equal((await fetch(`${origin}/replay/${room}/${live.seq}`)).status, 200);

  await toggle.uncheck();
  await waitFor('the VOD private again', async () => (await fetch(vod)).status === 404, 10_000);
  await page.close();
});
