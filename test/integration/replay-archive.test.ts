/**
 * The replay archive on real files, without a publisher: writes in flight are bounded (a slow disk
 * costs segments, marked as a discontinuity, never memory without end); retention removes the oldest
 * unpublished replays only; a crash leftover is finished from the segments that are whole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { memoryLogger } from '../../media/log';
import { VodArchive } from '../../media/replay/archive';
import { VodCatalog } from '../../media/replay/catalog';

const T0 = Date.UTC(2026, 10, 20, 20, 0, 0);

function setup() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'danmu-vod-'));
  const log = memoryLogger();
  const catalog = new VodCatalog(root, log);
  return { root, log, catalog, done: () => rmSync(root, { recursive: true, force: true }) };
}

/** One ~1 s segment of `bytes` (two parts) through the tap, as the packager would. */
function feed(archive: VodArchive, room: string, msn: number, bytes: number): void {
  const sink = archive.tap(room);
  sink.segmentStarted(msn, T0 + msn * 1000, false);
  for (let k = 0; k < 2; k++) sink.part({ msn, index: k, id: msn * 2 + k, durationSec: 0.5, independent: k === 0, data: Buffer.alloc(bytes / 2, msn) });
  sink.segmentEnded(msn, 1);
}

test('a disk that cannot keep up costs segments (marked as a discontinuity), not unbounded memory', async () => {
  const { root, log, catalog, done } = setup();
  try {
    const archive = new VodArchive({ catalog, log, maxPendingBytes: 300_000 });
    archive.begin('main', 7, T0);
    // Ten segments in one turn of the event loop: nothing has reached the disk yet.
    for (let msn = 0; msn < 10; msn++) feed(archive, 'main', msn, 100_000);
    await new Promise((r) => setTimeout(r, 200));
    for (let msn = 10; msn < 12; msn++) feed(archive, 'main', msn, 100_000);
    const meta = await archive.end('main', 9);
    assert.ok(meta);
    assert.equal(meta.segments.length, 5, 'three fit in the bound, seven were left out, two came after the disk caught up');
    assert.deepEqual(meta.segments.map((s) => !!s.disc), [false, false, false, true, false]);
    assert.deepEqual(meta.segments.map((s) => s.pdt), [0, 1, 2, 10, 11].map((n) => T0 + n * 1000));
    assert.equal(meta.endSeq, 9);
    assert.ok(log.lines.some((l) => /behind the disk/.test(l)), log.lines.join('\n'));
    const dir = path.join(root, 'main', '7');
    const playlist = readFileSync(path.join(dir, 'index.m3u8'), 'utf8');
    assert.equal(playlist.match(/#EXT-X-DISCONTINUITY\n/g)?.length, 1);
    for (let i = 0; i < 5; i++) assert.equal(statSync(path.join(dir, `${i}.ts`)).size, 100_000);
    assert.equal(existsSync(path.join(dir, '5.ts')), false);
    assert.deepEqual((await catalog.list('main')).map((m) => m.session), [7]);
  } finally {
    done();
  }
});

test('retention removes the oldest unpublished replays and never a published one', async () => {
  const { catalog, log, done } = setup();
  try {
    // Sessions 1..4, 40 days apart going back, 200 kB each.
    for (const [i, session] of [1, 2, 3, 4].entries()) {
      const start = T0 - (4 - i) * 40 * 86_400_000;
      const archive = new VodArchive({ catalog, log, now: () => start + 3_600_000 });
      archive.begin('main', session, start);
      feed(archive, 'main', 0, 200_000);
      await archive.end('main', null);
    }
    assert.equal((await catalog.list('main')).length, 4);
    const published = new Set([1]);
    const keep = (_room: string, s: number) => published.has(s);
    assert.deepEqual(await catalog.prune({}, keep, T0), [], 'no limits: everything is kept');
    // At most 450 kB: the oldest unpublished go until it fits; the published oldest stays.
    const removed = await catalog.prune({ maxBytes: 450_000 }, keep, T0);
    assert.deepEqual(removed.map((m) => m.session), [2, 3]);
    assert.deepEqual((await catalog.list('main')).map((m) => m.session).sort(), [1, 4]);
    // Age: the remaining unpublished one is younger than 200 days; the published one is older but kept.
    assert.deepEqual(await catalog.prune({ maxAgeDays: 200 }, keep, T0 + 86_400_000 * 100), []);
    published.delete(1);
    assert.deepEqual((await catalog.prune({ maxAgeDays: 200 }, keep, T0 + 86_400_000 * 100)).map((m) => m.session), [1], 'once unpublished, it may go');
  } finally {
    done();
  }
});

test('a crash leftover is finished from its whole segments; damaged files are never listed', async () => {
  const { root, log, catalog, done } = setup();
  try {
    const dir = path.join(root, 'main', '12');
    mkdirSync(dir, { recursive: true });
    const lines = [0, 1, 2].map((i) => ({ i, d: 1, pdt: T0 + i * 1000, bytes: 1000 }));
    for (const l of lines) writeFileSync(path.join(dir, `${l.i}.ts`), Buffer.alloc(l.i === 2 ? 500 : 1000)); // the third was cut short
    writeFileSync(path.join(dir, 'segments.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const bad = path.join(root, 'main', '13');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'meta.json'), '{"v":1,"room":"main","session":99}');
    mkdirSync(path.join(root, 'main', '..hidden'));
    const archive = new VodArchive({ catalog, log });
    assert.equal((await archive.recover()).length, 1);
    const meta = await catalog.get('main', 12);
    assert.ok(meta);
    assert.equal(meta.interrupted, true);
    assert.equal(meta.segments.length, 2, 'the cut-short segment and what follows are left out');
    assert.equal(meta.endedAt, T0 + 2000);
    assert.deepEqual((await catalog.list(null)).map((m) => m.session), [12], 'a foreign meta.json is not listed');
    assert.ok(log.lines.some((l) => /unreadable meta\.json/.test(l)));
  } finally {
    done();
  }
});
