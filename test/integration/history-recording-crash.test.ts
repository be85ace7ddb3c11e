/**
 * A studio killed while recording leaves its recording row without an end. Seen by hand: after a
 * SIGKILL mid-stream and a restart, the session's page said "no recording" although the .ts file was
 * on disk (an unfinished row counted as ending where it started, so it overlapped no session). The next
 * run ends such rows at the file's last write, so the session finds its recording again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RoomEvent, RoomUser } from '../../common/room-protocol';
import { HistoryService } from '../../main/history/service';
import { HistoryStore } from '../../main/history/store';

const ROOM = 'studio';
const sys: RoomUser = { id: 'system', name: 'System', role: 'owner' };
const fan: RoomUser = { id: 'v_1', name: '观众甲', role: 'viewer' };

test('after a crash mid-recording, the next run links the session to its recording file (and never to a file that is gone)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'history-rec-crash-'));
  try {
    const file = path.join(dir, 'history.sqlite');
    const t0 = Date.now() - 10 * 60_000;
    // First run: recording starts a moment before the relay's live mark, events come in, then the process dies
    // (no offline mark, the recording row never gets its end).
    let store = new HistoryStore(file);
    const recording = path.join(dir, 'Danmu studio crashed.ts');
    writeFileSync(recording, Buffer.alloc(188 * 10));
    const gone = path.join(dir, 'Danmu studio remuxed-away.ts');
    store.addRecording(ROOM, recording, t0 - 800);
    store.addRecording(ROOM, gone, t0 - 900);
    const events: RoomEvent[] = [
      { seq: 1, ts: t0, user: sys, type: 'system', text: 'The stream started', code: 'live', params: {} },
      { seq: 2, ts: t0 + 30_000, user: fan, type: 'danmaku', text: '哈哈哈 主播好', color: '#ffffff', mode: 'scroll' },
      { seq: 3, ts: t0 + 60_000, user: fan, type: 'danmaku', text: 'still here', color: '#ffffff', mode: 'scroll' },
    ];
    store.addMany(ROOM, events);
    store.close();
    // The file was last written when the process died, a minute after the live mark.
    utimesSync(recording, new Date(t0 + 61_000), new Date(t0 + 61_000));

    // Next run.
    store = new HistoryStore(file);
    const service = new HistoryService(store, { room: () => ROOM });
    const [session] = service.sessions();
    assert.ok(session, 'the interrupted session is listed');
    assert.ok(session.recording, 'the session has its recording (it said "no recording" before)');
    assert.equal(session.recording.path, recording);
    assert.equal(session.recording.missing, false);
    // A row whose file is gone stays unfinished: it must not claim later sessions.
    store.addMany(ROOM, [
      { seq: 4, ts: t0 + 5 * 60_000, user: sys, type: 'system', text: 'The stream started', code: 'live', params: {} },
      { seq: 5, ts: t0 + 6 * 60_000, user: sys, type: 'system', text: 'The stream ended', code: 'offline', params: {} },
    ]);
    const later = service.sessions().find((s) => s.startSeq === 4);
    assert.ok(later);
    assert.equal(later.recording, null, 'a session without a recording shows none, not an earlier file');
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
