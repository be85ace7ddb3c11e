/**
 * Low-Latency HLS from a real relay and a real ffmpeg publisher (1 s GOP, zerolatency): the playlist
 * obeys the spec's rules, blocking reloads and preload hints answer as soon as the part exists,
 * delta updates and caching headers are right, Debian's ffprobe reads the segments with continuous
 * timestamps, and Debian's ffmpeg, a plain HLS client, plays the same playlist.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { LIVE_TIMING } from '../../common/live-timing';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { parseMediaPlaylist, type MediaPlaylist } from '../../media/hls/playlist';
import { createRelay, type Relay } from '../../media/relay/relay';
import { publishTestPattern, waitFor } from '../helpers/media';
import { llHlsViolations } from '../helpers/ll-hls-rules';

const execFileP = promisify(execFile);
const DEBIAN_FFPROBE = '/usr/bin/ffprobe';
const DEBIAN_FFMPEG = '/usr/bin/ffmpeg';
const processes = new ProcessRegistry();
let relay: Relay;
let base: string;

async function get(file: string, query = ''): Promise<{ status: number; text: string; headers: Headers; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${base}/${file}${query}`);
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, ms: performance.now() - t0 };
}

async function playlist(query = ''): Promise<MediaPlaylist> {
  const r = await get('index.m3u8', query);
  assert.equal(r.status, 200, r.text);
  return parseMediaPlaylist(r.text);
}

before(async () => {
  relay = createRelay({ host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log: memoryLogger(), dataDir: null, rooms: [{ id: 'main', key: 'k-llhls-1' }] });
  await relay.start();
  base = relay.urls('main').hls.replace('/index.m3u8', '');
  publishTestPattern(processes, `${relay.urls('main').rtmp}/main?key=k-llhls-1`, { gop: 30 });
  await waitFor('3 complete segments', async () => (await get('index.m3u8')).status === 200 && (await playlist()).segments.length >= 3, 30_000);
});

after(async () => {
  await processes.stopAll();
  await relay.stop();
  processes.dispose();
});

test('the live playlist obeys the LL-HLS rules and caching is CDN-friendly', async () => {
  const r = await get('index.m3u8');
  assert.deepEqual(llHlsViolations(r.text), []);
  assert.equal(r.headers.get('content-type'), 'application/vnd.apple.mpegurl');
  assert.equal(r.headers.get('cache-control'), 'no-cache', 'the plain playlist changes every part');
  const pl = parseMediaPlaylist(r.text);
  assert.equal(pl.partTarget, LIVE_TIMING.partTargetSec);
  assert.ok(pl.segments.every((s) => Math.abs(s.duration - 1) < 0.05), `1 s segments: ${pl.segments.map((s) => s.duration)}`);
  const seg = await fetch(`${base}/${pl.segments.at(-1)!.uri}`);
  assert.equal(seg.headers.get('content-type'), 'video/mp2t');
  assert.match(seg.headers.get('cache-control')!, /immutable/);
  const blocking = await get('index.m3u8', `?_HLS_msn=${pl.mediaSequence}`);
  assert.match(blocking.headers.get('cache-control')!, /^public, max-age=\d$/, 'a blocking answer is briefly shareable');
});

test('blocking reloads and preload hints are answered as soon as the next part exists', async () => {
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) {
    const pl = await playlist();
    const msn = pl.mediaSequence + pl.segments.length;
    const part = pl.pendingParts.length;
    const hint = pl.preloadHint!.uri;
    const [reload, hinted] = await Promise.all([get('index.m3u8', `?_HLS_msn=${msn}&_HLS_part=${part}`), fetch(`${base}/${hint}`).then(async (res) => ({ status: res.status, body: Buffer.from(await res.arrayBuffer()) }))]);
    assert.equal(reload.status, 200);
    const next = parseMediaPlaylist(reload.text);
    const lastMsn = next.mediaSequence + next.segments.length;
    assert.ok(lastMsn > msn || next.pendingParts.length > part, `the answer holds part ${part} of segment ${msn} or later`);
    const listed = [...next.segments.flatMap((s) => s.parts), ...next.pendingParts].map((p) => p.uri);
    assert.ok(listed.includes(hint), 'the hinted part is now listed');
    assert.equal(hinted.status, 200);
    assert.equal(hinted.body[0], 0x47, 'the hinted part is MPEG-TS');
    waits.push(reload.ms);
  }
  // The next part is at most one part target away: a generous bound that still fails if the server
  // did not block (the part would be missing) or only answered on its 3-target-duration timeout.
  waits.sort((a, b) => a - b);
  console.log(`blocking reload waits: ${waits.map((w) => w.toFixed(0)).join(', ')} ms`);
  assert.ok(waits[waits.length >> 1]! < 1000, `median blocking wait ${waits.map((w) => w.toFixed(0)).join(', ')} ms`);
});

test('requests too far ahead are refused at once with 400, malformed ones too', async () => {
  const pl = await playlist();
  const last = pl.mediaSequence + pl.segments.length;
  for (const q of [`?_HLS_msn=${last + 3}`, `?_HLS_msn=${last}&_HLS_part=40`, '?_HLS_part=1', '?_HLS_msn=abc']) {
    const r = await get('index.m3u8', q);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.ok(r.ms < 1000, `${q} answered at once`);
  }
  assert.equal((await fetch(`${base}/zzz-p99999999.ts`)).status, 404, 'an unknown part is a 404, not a wait');
});

test('a delta update skips old segments and matches the full playlist', async () => {
  await waitFor('enough segments to skip', async () => (await playlist()).segments.length >= 9, 30_000);
  const [full, delta] = [await playlist(), await playlist('?_HLS_skip=YES')];
  assert.ok(delta.skippedSegments > 0, 'EXT-X-SKIP present');
  assert.equal(delta.version, 9);
  assert.equal(delta.mediaSequence, full.mediaSequence);
  const kept = full.segments.slice(delta.skippedSegments).map((s) => s.uri);
  assert.deepEqual(delta.segments.map((s) => s.uri).slice(0, kept.length - 1), kept.slice(0, kept.length - 1));
});

test('Debian ffprobe reads the segments: right streams, durations as listed, continuous timestamps; parts add up to their segment', async () => {
  const pl = await playlist();
  const segs = pl.segments.slice(-3);
  const probed = [];
  for (const s of segs) {
    const { stdout } = await execFileP(DEBIAN_FFPROBE, ['-v', 'error', '-show_entries', 'stream=index,codec_type,codec_name,width:packet=stream_index,pts_time,dts_time', '-of', 'json', `${base}/${s.uri}`], { timeout: 20_000 });
    const info = JSON.parse(stdout) as { streams: Array<{ index: number; codec_type: string; codec_name: string; width?: number }>; packets: Array<{ stream_index: number; pts_time: string; dts_time: string }> };
    const v = info.streams.find((x) => x.codec_type === 'video')!;
    assert.deepEqual([v.codec_name, v.width], ['h264', 1280]);
    assert.equal(info.streams.find((x) => x.codec_type === 'audio')?.codec_name, 'aac');
    const dts = info.packets.filter((p) => p.stream_index === v.index).map((p) => Number(p.dts_time));
    assert.ok(dts.every((t, i) => i === 0 || t > dts[i - 1]!), 'video timestamps increase');
    // 30 frames of 1/30 s: the frames span the EXTINF duration (last frame's own length included).
    const span = dts.at(-1)! - dts[0]! + 1 / 30;
    assert.ok(Math.abs(span - s.duration) < 0.05, `${s.uri}: ${dts.length} frames span ${span.toFixed(3)} s, EXTINF ${s.duration} s`);
    probed.push(dts[0]!);
  }
  for (let i = 1; i < probed.length; i++) assert.ok(Math.abs(probed[i]! - probed[i - 1]! - segs[i - 1]!.duration) < 0.05, `segment ${i} starts where ${i - 1} ended`);
  const withParts = pl.segments.filter((s) => s.parts.length > 0).at(-1)!;
  const parts = await Promise.all(withParts.parts.map(async (p) => Buffer.from(await (await fetch(`${base}/${p.uri}`)).arrayBuffer())));
  const whole = Buffer.from(await (await fetch(`${base}/${withParts.uri}`)).arrayBuffer());
  assert.ok(Buffer.concat(parts).equals(whole), 'a segment is exactly its parts');
});

test('a plain HLS client (Debian ffmpeg) plays the same playlist', async () => {
  const { stderr } = await execFileP(DEBIAN_FFMPEG, ['-hide_banner', '-nostats', '-loglevel', 'error', '-i', `${base}/index.m3u8`, '-t', '3', '-map', '0:v', '-f', 'framemd5', '-'], { timeout: 40_000, maxBuffer: 16 * 1024 * 1024 }).then(
    (r) => ({ stderr: r.stderr, frames: r.stdout }),
    (err: { stderr?: string; message: string }) => assert.fail(`ffmpeg failed: ${err.stderr ?? err.message}`),
  ).then((r) => {
    const frames = r.frames.split('\n').filter((l) => /^0,/.test(l)).length;
    assert.ok(frames >= 80, `decoded ${frames} frames of 3 s`);
    return r;
  });
  assert.doesNotMatch(stderr, /error|invalid/i, 'no decode errors');
});
