/**
 * State that survives (issue 8): after a restart of the studio its feed starts with the room's recent
 * events from the local history, and the history view answers even while the relay is down.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { ROOM_NAMESPACE, type Ack, type Welcome } from '../../common/room-protocol';
import type { StudioEvent } from '../../common/studio-api';
import { memoryLogger } from '../../media/log';
import { compose } from '../../main/composition';
import { HistoryService } from '../../main/history/service';
import { HistoryStore } from '../../main/history/store';
import { StudioCore } from '../../main/studio/core';
import { openScenesStore } from '../../main/studio/scenes-store';
import { fakeRelayParts } from '../helpers/studio-fakes';
import { openSettingsStore } from '../../main/settings/store';

test('after a restart the feed shows the recent events from history, and sessions are listed with the relay down', { timeout: 90_000 }, async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'history-restart-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: 0 }, log: memoryLogger() });
  let sentSeq = 0;
  try {
    const shown: number[] = [];
    first.core.onEvent((e: StudioEvent) => { if (e.type === 'room.event') shown.push(e.event.seq); });
    const origin = new URL(first.core.relayState().urls!.api).origin;
    const viewer = io(origin + ROOM_NAMESPACE, { auth: { room: 'studio', name: '老观众' }, transports: ['websocket'], reconnection: false });
    await new Promise<Welcome>((resolve, reject) => { viewer.once('welcome', resolve); viewer.once('connect_error', reject); });
    const ack = (await viewer.timeout(5000).emitWithAck('danmaku', { text: '重启之前的弹幕 before the restart' })) as Ack;
    assert.ok(ack.ok);
    sentSeq = ack.seq;
    const end = Date.now() + 15_000;
    while (!shown.includes(sentSeq) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.ok(shown.includes(sentSeq), 'the studio showed the danmaku');
    viewer.close();
  } finally {
    await first.dispose();
  }

  const second = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: 0 }, log: memoryLogger() });
  try {
    const snap = await second.core.getSnapshot();
    const seeded = snap.room.recentEvents.find((e) => e.seq === sentSeq);
    assert.ok(seeded && seeded.type === 'danmaku' && seeded.text === '重启之前的弹幕 before the restart', 'the feed starts with it');
    assert.equal(new Set(snap.room.recentEvents.map((e) => e.seq)).size, snap.room.recentEvents.length, 'each event once');
  } finally {
    await second.dispose();
  }

  // The relay cannot start (no ffmpeg): the history still answers from the local file.
  const store = new HistoryStore(path.join(dataDir, 'history.sqlite'));
  // A session in the file, as a Go Live -> Stop would leave it.
  const sys = { id: 'system', name: 'System', role: 'owner' as const };
  store.addMany('studio', [
    { seq: sentSeq + 1, ts: Date.now() - 60_000, user: sys, type: 'system', text: 'The stream started', code: 'live', params: {} },
    { seq: sentSeq + 2, ts: Date.now() - 1000, user: sys, type: 'system', text: 'The stream ended', code: 'offline', params: {} },
  ]);
  const history = new HistoryService(store, { room: () => 'studio' });
  const settings = openSettingsStore(path.join(dataDir, 'settings.json'));
  const core = new StudioCore({
    log: memoryLogger(), settings, scenes: openScenesStore(path.join(dataDir, 'scenes.json')), history,
    ...fakeRelayParts(settings, undefined, new Error('ffmpeg was not found')),
  });
  try {
    await core.start();
    assert.equal(core.relayState().status, 'error');
    const sessions = await core.history.sessions();
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0]!.open, false);
    assert.ok((await core.getSnapshot()).room.recentEvents.some((e) => e.seq === sentSeq), 'the feed is seeded with the relay down too');
  } finally {
    await core.dispose();
  }
});
