/**
 * Seamless scene switches, with real parts: the pipeline (test-pattern scenes with a tone, 640x360 at
 * 15 fps, recording on) publishes to our relay service and room hub; an HTTP-FLV viewer reads the
 * relay's tags as they arrive. While live the scene is switched ten times (five cuts, then five
 * 400 ms fades). The restart design this
 * replaces ended the publish at every switch (room offline ~1.5-4 s, "The stream ended/started" in
 * the chat, the FLV response closed, a new recording file): every assertion below failed on it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { llHlsParameters } from '../../common/live-timing';
import { defaultPipelineSettings, type PipelineStats } from '../../common/pipeline';
import type { RoomEventsResponse } from '../../common/room-protocol';
import { FULL_CANVAS, SceneSchema } from '../../common/scene';
import { locateFfmpeg, locateFfprobe } from '../../media/ffmpeg/locate';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { parseMediaPlaylist } from '../../media/hls/playlist';
import { memoryLogger } from '../../media/log';
import { startRelayService, type RelayService } from '../../media/relay/service';
import { PipelineService } from '../../main/pipeline/service';
import { openFlvViewer } from '../helpers/flv-viewer';
import { waitFor } from '../helpers/media';

const execFileP = promisify(execFile);
const KEY = 'switch-test-key';
const SWITCHES = 10;
/** Switches from this one on fade. */
const FADES_FROM = 5;
const FADE_MS = 400;
const processes = new ProcessRegistry();
const log = memoryLogger();
const dir = mkdtempSync(path.join(os.tmpdir(), 'danmu-switch-'));
let relay: RelayService;
let svc: PipelineService;
const stats: PipelineStats[] = [];

const scene = (id: string, pattern: 'testsrc2' | 'smptebars', hz: number) => SceneSchema.parse({
  id, name: id.toUpperCase(), layers: [{ id: `${id}-bg`, name: 'Pattern', source: { kind: 'test-pattern', pattern }, rect: FULL_CANVAS }],
  audio: [{ id: `${id}-tone`, name: 'Tone', kind: 'tone', frequencyHz: hz }],
});

async function roomLive(): Promise<boolean> {
  const r = await fetch(`http://127.0.0.1:${relay.relay.httpPort}/api/rooms/main`);
  return ((await r.json()) as { live: boolean }).live;
}

async function systemEvents(): Promise<string[]> {
  const r = await fetch(`http://127.0.0.1:${relay.relay.httpPort}/api/rooms/main/events?since=0&limit=500`);
  const body = (await r.json()) as RoomEventsResponse;
  return body.events.filter((e) => e.type === 'system').map((e) => (e as { code?: string }).code ?? '');
}

/** The publish epoch the HLS playlist's media URIs carry (a new publish starts a new one). */
async function hlsEpoch(): Promise<string> {
  const text = await (await fetch(relay.relay.urls('main').hls)).text();
  assert.doesNotMatch(text, /#EXT-X-ENDLIST/);
  const uri = text.split('\n').find((l) => l.endsWith('.ts'));
  assert.ok(uri, `a segment in the playlist:\n${text}`);
  return uri.split('-')[0]!;
}

before(async () => {
  relay = await startRelayService({ host: '127.0.0.1', rtmpPort: 0, httpPort: 0, processes, log, dataDir: null, rooms: [{ id: 'main', key: KEY }] });
  svc = new PipelineService({ processes, log, platform: 'linux', listDevices: async () => null, relayRetryCapMs: 500 });
  svc.on('stats', (s) => stats.push(s));
});

after(async () => {
  await svc?.dispose();
  await relay?.stop();
  await processes.stopAll();
  processes.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test(`while live, ${SWITCHES} scene switches: the room stays live, no stream-ended event, FLV plays on without a freeze, one recording as long as the broadcast`, async (t) => {
  const base = defaultPipelineSettings(`${relay.relay.urls('main').rtmp}/main?key=${KEY}`);
  const settings = {
    ...base,
    video: { ...base.video, width: 640, height: 360, fps: 15, bitrateKbps: 800, preset: 'ultrafast' as const },
    recording: { enabled: true, directory: dir, fileName: 'switch {date} {time}', remuxToMp4: false, keepTs: true },
    transition: { kind: 'cut' as const, durationMs: 300 },
  };
  await svc.goLive({ settings, scenes: { scenes: [scene('a', 'testsrc2', 440), scene('b', 'smptebars', 880)], activeSceneId: 'a' } });
  await waitFor('room live on scene A', async () => svc.state().status === 'live' && (await roomLive()), 20_000, 100);
  const liveAt = Date.now();
  const loadAtLive = os.loadavg()[0]!;
  const eventsBefore = await systemEvents();

  let offline = 0;
  let publishes = 0;
  relay.relay.on('offline', () => { offline++; });
  relay.relay.on('live', () => { publishes++; });
  const flv = openFlvViewer(relay.relay.urls('main').flv, { keepBytes: false });
  let ended = false;
  void flv.closed.then(() => { ended = true; });
  assert.equal(await flv.status, 200);
  await waitFor('video tags on the FLV response', () => flv.videoTimes().length > 15, 15_000, 100);

  const epoch = await hlsEpoch();
  const switchMs: number[] = [];
  const cpu: number[] = [];
  const switchesFrom = Date.now();
  for (let i = 0; i < SWITCHES; i++) {
    if (i === FADES_FROM) svc.configure({ settings: { ...settings, transition: { kind: 'fade', durationMs: FADE_MS } } });
    const target = i % 2 === 0 ? 'b' : 'a';
    const t0 = Date.now();
    const statsFrom = stats.length;
    await svc.switchScene(target);
    switchMs.push(Date.now() - t0);
    assert.equal(svc.state().sceneId, target);
    assert.equal(svc.state().status, 'live');
    // Let the viewer see the new scene for a moment (and the CPU reading cover the overlap).
    await new Promise((r) => setTimeout(r, 1200));
    cpu.push(...stats.slice(statsFrom).map((s) => s.cpuPercent ?? 0));
  }
  await new Promise((r) => setTimeout(r, 1500));

  // The relay's room never went offline, and nobody published again.
  assert.equal(offline, 0, 'the relay saw the publish end');
  assert.equal(publishes, 0, 'the relay saw a new publish');
  assert.ok(await roomLive());
  assert.deepEqual((await systemEvents()).filter((c) => c === 'live' || c === 'offline'), eventsBefore.filter((c) => c === 'live' || c === 'offline'), 'no stream-ended/started room events after going live');
  assert.equal(ended, false, 'the HTTP-FLV response did not end');
  // HLS viewers: the same publish (the epoch in every media URI), no end-of-stream tag.
  assert.equal(await hlsEpoch(), epoch, 'the HLS playlist started a new epoch (a new publish)');
  // Plain HLS viewers (hls.js defaults: 3 target durations behind the edge): every new encoder's burst
  // of start-up key frames used to leave a segment of 1.5-1.8 s that raised TARGETDURATION to 2, so a
  // player joining after a switch sat 6 s behind instead of 3. The playlist now lists the last ~12 s.
  const listed = parseMediaPlaylist(await (await fetch(relay.relay.urls('main').hls)).text());
  t.diagnostic(`HLS after the switches: TARGETDURATION ${listed.targetDuration}, segments ${listed.segments.map((s) => s.duration.toFixed(3)).join(' ')}`);
  assert.equal(listed.targetDuration, llHlsParameters().targetDuration, `TARGETDURATION after the switches (segments ${listed.segments.map((s) => s.duration).join(' ')})`);

  // The viewer's video: timestamps always move forward with no jump, and frames keep arriving.
  const v = flv.videoTimes();
  let maxTsStep = 0;
  let maxTsStepAt = 0;
  let maxArrivalGap = 0;
  for (let i = 1; i < v.length; i++) {
    const step = v[i]!.ts - v[i - 1]!.ts;
    assert.ok(step >= 0, `video timestamp went back by ${-step} ms at tag ${i}`);
    if (step > maxTsStep) { maxTsStep = step; maxTsStepAt = v[i]!.at; }
    maxArrivalGap = Math.max(maxArrivalGap, v[i]!.at - v[i - 1]!.at);
  }
  // The viewer's sound: AAC frames keep their order, with no hole longer than a few frames at a cut.
  const audio = flv.audioTimes();
  let maxAudioStep = 0;
  for (let i = 1; i < audio.length; i++) {
    assert.ok(audio[i]! >= audio[i - 1]!, `audio timestamp went back at frame ${i}`);
    maxAudioStep = Math.max(maxAudioStep, audio[i]! - audio[i - 1]!);
  }
  const cuts = svc.cuts();
  assert.equal(cuts.length, SWITCHES);
  const wallGaps = cuts.map((c) => c.wallGapMs);
  t.diagnostic(`switch wall time ms: ${switchMs.join(' ')}`);
  t.diagnostic(`splice: wall gap between frames at the cut ms: ${wallGaps.join(' ')}; stream-time step ms: ${cuts.map((c) => c.timelineStepMs).join(' ')}`);
  const droppedFrames = Math.max(0, ...stats.map((s) => s.droppedFrames));
  t.diagnostic(`FLV viewer: ${v.length} video tags, largest timestamp step ${maxTsStep} ms (arriving ${maxTsStepAt - liveAt} ms after live), largest arrival gap ${maxArrivalGap} ms; ${audio.length} audio frames, largest step ${maxAudioStep} ms; the pipeline counted ${droppedFrames} dropped frames`);
  t.diagnostic(`pipeline CPU (% of the machine) during switches: max ${Math.max(...cpu)} median ${cpu.sort((a, b) => a - b)[Math.floor(cpu.length / 2)]}`);
  // Stream time keeps pace with real time across the switches: each switch used to push the timeline
  // ~0.16 s ahead (the new encoder's start-up backlog spliced in as if it were current), so recordings
  // ran long and viewers' buffers grew at every switch.
  // Measured as the change in each tag's lag (arrival - timestamp), the smallest over 1.5 s at the
  // start and 3 s at the end: a tag held up on a busy machine arrives late, none arrives early, so a
  // longer window at the end only finds a smaller lag (never hides a timeline running ahead) and is
  // less often all late (-1.13 s 'behind' was seen at load 11 with 1.5 s).
  const minLag = (tags: typeof v) => Math.min(...tags.map((x) => x.at - x.ts));
  const last = v.at(-1)!;
  const aheadSec = (minLag(v.filter((x) => x.at >= switchesFrom && x.at <= switchesFrom + 1500)) - minLag(v.filter((x) => x.at >= last.at - 3000))) / 1000;
  t.diagnostic(`cuts at (ms after live): ${cuts.map((c) => c.at - liveAt).join(' ')}`);
  t.diagnostic(`stream time ran ${aheadSec.toFixed(2)} s ahead of the wall clock across ${SWITCHES} switches (${((last.at - switchesFrom) / 1000).toFixed(1)} s)`);
  // What a saturated machine (load above 4x the cores: 8 here, where 4-10 is a busy day; at load 9-10
  // every seam stayed under 100 ms) does to the splices: the same work at a fraction of a core. Seen at
  // load 13-19 (pipeline ffmpegs at 8-12 % of the machine): a picture held 674 ms, a 563 ms hole in the
  // sound, a 1.9 s timestamp step inside one encoder's run with frames dropped, the last 1.5 s of tags
  // 1.18 s later than the first. There the seams are bounded at 1 s: still under the 1.5-4 s outage of
  // the restart design this test was written for (which also fails the offline/publish/epoch checks
  // above), and the drift check that caught the timeline running ahead (+0.42 s; a tag never arrives
  // early) keeps its bound at any load. Otherwise: 300-500 ms seams (82 ms sound measured idle).
  const saturated = Math.max(loadAtLive, os.loadavg()[0]!) > 4 * os.cpus().length;
  const loadNote = `load ${loadAtLive.toFixed(1)} -> ${os.loadavg()[0]!.toFixed(1)}${saturated ? ', saturated' : ''}`;
  // Measured before the fix on this test: 0.42 s ahead (~0.16 s per switch on a screen capture).
  assert.ok(aheadSec <= 0.02 * SWITCHES + 0.1, `the stream's timeline ran ${aheadSec.toFixed(2)} s ahead of real time over ${SWITCHES} switches`);
  assert.ok(aheadSec >= (saturated ? -2 : -1), `the stream's timeline fell ${(-aheadSec).toFixed(2)} s behind real time (${loadNote})`);
  // A frozen picture at a switch: the splice's own step in the stream's time and the wall time it held the picture.
  const seam = saturated ? 1000 : 500;
  assert.ok(cuts.every((c) => c.timelineStepMs <= seam), `frozen picture at a switch: stream-time steps ${cuts.map((c) => c.timelineStepMs).join(' ')} ms (bound ${seam} ms, ${loadNote})`);
  assert.ok(Math.max(...wallGaps) <= seam, `the splice held the picture for ${Math.max(...wallGaps)} ms (bound ${seam} ms, ${loadNote})`);
  // The sound at a cut: a few frames.
  const audioBound = saturated ? 1000 : 300;
  assert.ok(maxAudioStep <= audioBound, `a ${maxAudioStep} ms hole in the sound (bound ${audioBound} ms, ${loadNote})`);
  // Anywhere in the stream: 500 ms; on a saturated machine an encoder starved of CPU drops frames to
  // stay real time, which is what it must do, and says so: up to 2.5 s then, with the drops counted.
  if (saturated && maxTsStep > 500) {
    assert.ok(maxTsStep <= 2500 && droppedFrames > 0, `frozen picture on a saturated machine: the video timestamps jump by ${maxTsStep} ms (${droppedFrames} dropped frames reported; ${loadNote})`);
  } else {
    assert.ok(maxTsStep <= 500, `frozen picture: the video timestamps jump by ${maxTsStep} ms`);
  }
  // Arrival is at the mercy of a busy machine (encoders, relay and test share 2 cores): bounded
  // generously, still far below the restart's seconds-long outage.
  assert.ok(maxArrivalGap <= (saturated ? 2500 : 1500), `no video tag arrived for ${maxArrivalGap} ms (${loadNote})`);
  flv.close();

  // One recording, as long as the broadcast (no gap, no second file).
  const stoppedAt = Date.now();
  await svc.stop();
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  assert.equal(files.length, 1, `recordings: ${files.join(', ')}`);
  const { stdout } = await execFileP(locateFfprobe().path, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path.join(dir, files[0]!)]);
  const duration = Number(stdout.trim());
  const wall = (stoppedAt - liveAt) / 1000;
  t.diagnostic(`recording ${duration.toFixed(2)} s for ${wall.toFixed(2)} s live (from the room going live to stop)`);
  // The recording starts a little before the room goes live (the relay's publish handshake), and the
  // encoder flushes a little after stop: a few seconds either way, never the 10 x 1.5 s the restarts lost.
  assert.ok(Math.abs(duration - wall) <= 4, `recording ${duration} s vs ${wall} s of wall time`);

  // The picture at each switch, from the recording: the bottom-right of testsrc2 is bright, of the
  // colour bars black. A cut goes from one to the other between two frames; a fade passes through
  // FADE_MS of frames in between.
  const { stdout: luma } = await execFileP(locateFfmpeg().path, ['-v', 'error', '-i', path.join(dir, files[0]!), '-vf', 'crop=iw/4:ih/4:iw*3/4:ih*3/4,scale=1:1,format=gray', '-f', 'rawvideo', '-'], { encoding: 'buffer', maxBuffer: 1 << 22 });
  const runs: number[] = [];
  let run = 0;
  for (const y of luma) {
    if (y > 25 && y < 120) run++;
    else if (run) { runs.push(run); run = 0; }
  }
  t.diagnostic(`frames between the two pictures at each switch: ${runs.join(' ')}`);
  const fades = SWITCHES - FADES_FROM;
  const fadeFrames = (FADE_MS / 1000) * 15;
  assert.equal(runs.filter((n) => n >= fadeFrames / 2).length, fades, `one run of in-between frames per fade, none per cut (runs: ${runs.join(' ')})`);
});

test('the on-air encoder is killed mid-stream: a new one goes on air behind the program bus, the room stays live', async (t) => {
  const base = defaultPipelineSettings(`${relay.relay.urls('main').rtmp}/main?key=${KEY}`);
  const settings = { ...base, video: { ...base.video, width: 640, height: 360, fps: 15, bitrateKbps: 800, preset: 'ultrafast' as const } };
  await svc.goLive({ settings, scenes: { scenes: [scene('a', 'testsrc2', 440)], activeSceneId: 'a' } });
  await waitFor('room live', async () => svc.state().status === 'live' && (await roomLive()), 20_000, 100);
  let offline = 0;
  relay.relay.on('offline', () => { offline++; });
  const flv = openFlvViewer(relay.relay.urls('main').flv, { keepBytes: false });
  let ended = false;
  void flv.closed.then(() => { ended = true; });
  await waitFor('video tags', () => flv.videoTimes().length > 15, 15_000, 100);

  const encoder = processes.list().find((p) => p.name === 'encoder' && p.child.exitCode === null);
  assert.ok(encoder?.child.pid, 'the running encoder');
  const killedAt = Date.now();
  encoder.child.kill('SIGKILL');
  await waitFor('a new encoder on air', () => svc.cuts().length > 0, 20_000, 50);
  await new Promise((r) => setTimeout(r, 2000));

  const after = flv.videoTimes().filter((v) => v.at > killedAt);
  const cut = svc.cuts().at(-1)!;
  t.diagnostic(`picture held ${cut.wallGapMs} ms (stream time step ${cut.timelineStepMs} ms); ${after.length} video tags in the 2 s after`);
  assert.equal(offline, 0, 'the relay saw the publish end');
  assert.equal(ended, false, 'the FLV response ended');
  assert.ok(await roomLive());
  assert.equal(svc.state().status, 'live');
  assert.ok(after.length >= 10, `video goes on after the crash (${after.length} tags)`);
  const v = flv.videoTimes();
  for (let i = 1; i < v.length; i++) assert.ok(v[i]!.ts >= v[i - 1]!.ts, 'video timestamps never go back');
  flv.close();
  await svc.stop();
});
