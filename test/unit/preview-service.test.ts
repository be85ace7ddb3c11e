/**
 * PreviewService's rules with a fake process registry (no ffmpeg): one process at a time, started by
 * the first request, restarted once for a burst of edits, not restarted for a rename, stopped when
 * nobody asks, moved to the relay's stream at once when going live (releasing the camera), a failed
 * source left out with a note, and frames handed to waiting pages in order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { SceneSchema, type Scene, type SceneCollection } from '../../common/scene';
import type { ProcessRegistry, TrackedProcess } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { PreviewService } from '../../main/preview/service';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 1, 2, 3, 0xff, 0xd9]);

interface FakeProc { args: readonly string[]; stdout: PassThrough; stopped: boolean; exit(code: number | null, lines?: string[]): void }

function fakeRegistry() {
  const spawned: FakeProc[] = [];
  const registry = {
    spawn(_name: string, _cmd: string, args: readonly string[]): TrackedProcess {
      const stdout = new PassThrough();
      const child = Object.assign(new EventEmitter(), { stdout, stdin: new PassThrough(), pid: 1000 + spawned.length });
      let resolve!: (c: number | null) => void;
      const exited = new Promise<number | null>((r) => { resolve = r; });
      let tail: string[] = [];
      const p: FakeProc = {
        args, stdout, stopped: false,
        exit: (code, lines = []) => { tail = lines; resolve(code); },
      };
      spawned.push(p);
      return {
        name: 'preview', child: child as never, exited, stderrTail: () => tail,
        stop: async () => { p.stopped = true; resolve(null); return null; },
      };
    },
  } as unknown as ProcessRegistry;
  return { registry, spawned };
}

const layer = (id: string, source: unknown) => ({ id, source, rect: { x: 0, y: 0, width: 1, height: 1 } });

function setup(opts: { program?: () => { sceneId: string; streamUrl: string } | null } = {}) {
  const { registry, spawned } = fakeRegistry();
  let collection: SceneCollection = {
    version: 1, activeSceneId: 'main',
    scenes: [SceneSchema.parse({ id: 'main', name: 'Main', audio: [], layers: [layer('screen', { kind: 'display', device: ':0.0' }), layer('cam', { kind: 'camera', device: '/dev/video0' })] })],
  };
  const preview = new PreviewService({
    processes: registry, log: memoryLogger(), platform: 'linux', ffmpegPath: () => '/bin/ffmpeg',
    scenes: () => collection, video: () => ({ width: 1280, height: 720 }), devices: async () => null,
    program: opts.program ?? (() => null),
    timing: { leaseMs: 300, waitMs: 150, debounceMs: 60, retryMs: 20, retryMaxMs: 40 },
  });
  return {
    preview, spawned,
    setScene: (fn: (s: Scene) => Scene) => { collection = { ...collection, scenes: collection.scenes.map(fn) }; preview.refresh(); },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, fn: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

test('the first request starts one preview; its frames reach the waiting page in order', async () => {
  const { preview, spawned } = setup();
  const waiting = preview.frame({ sceneId: 'main' });
  await until('a spawn', () => spawned.length === 1);
  assert.ok(spawned[0]!.args.includes('mjpeg'));
  spawned[0]!.stdout.write(Buffer.concat([JPEG, JPEG.subarray(0, 4)]));
  const a = await waiting;
  assert.equal(a.frame?.seq, 1);
  assert.equal(a.frame?.jpegBase64, JPEG.toString('base64'));
  const next = preview.frame({ sceneId: 'main', after: 1 });
  spawned[0]!.stdout.write(JPEG.subarray(4));
  assert.equal((await next).frame?.seq, 2);
  // Nothing new in time: no frame, no error (the page asks again).
  assert.deepEqual(await preview.frame({ sceneId: 'main', after: 2 }), { frame: null, error: null });
  assert.equal(spawned.length, 1, 'one process for all of it');
  await preview.dispose();
  assert.ok(spawned[0]!.stopped);
});

test('a burst of edits restarts the preview once; a rename does not restart it', async () => {
  const { preview, spawned, setScene } = setup();
  void preview.frame({ sceneId: 'main' });
  await until('a spawn', () => spawned.length === 1);
  setScene((s) => ({ ...s, layers: s.layers.map((l) => ({ ...l, opacity: 0.9 })) }));
  setScene((s) => ({ ...s, layers: s.layers.map((l) => ({ ...l, opacity: 0.8 })) }));
  setScene((s) => ({ ...s, layers: s.layers.map((l) => ({ ...l, opacity: 0.7 })) }));
  await until('the restart', () => spawned.length === 2);
  await sleep(150);
  assert.equal(spawned.length, 2, 'one restart for three edits');
  assert.match(spawned[1]!.args.join(' '), /lutyuv=a=val\*0\.7/);
  setScene((s) => ({ ...s, name: 'Renamed' }));
  await sleep(150);
  assert.equal(spawned.length, 2, 'a rename changes nothing in the picture');
  await preview.dispose();
});

test('nobody asking stops the preview; asking again starts it', async () => {
  const { preview, spawned } = setup();
  void preview.frame({ sceneId: 'main' });
  await until('a spawn', () => spawned.length === 1);
  await until('the lease to run out', () => spawned[0]!.stopped, 3000);
  void preview.frame({ sceneId: 'main' });
  await until('a new spawn', () => spawned.length === 2);
  await preview.dispose();
});

test('going live moves the on-air scene to the relay stream at once; a scene switch on the same stream does not restart it', async () => {
  let program: { sceneId: string; streamUrl: string } | null = null;
  const { preview, spawned } = setup({ program: () => program });
  void preview.frame({ sceneId: 'main' });
  await until('a spawn', () => spawned.length === 1);
  assert.ok(spawned[0]!.args.includes('x11grab'));
  program = { sceneId: 'main', streamUrl: 'http://127.0.0.1:9/live/r.flv' };
  preview.refresh();
  await until('the stream reader', () => spawned.length === 2);
  assert.ok(spawned[0]!.stopped, 'the capture let go of the screen and camera');
  assert.ok(spawned[1]!.args.includes('http://127.0.0.1:9/live/r.flv'));
  assert.ok(!spawned[1]!.args.includes('x11grab'));
  // A switch while live: the editor follows the new on-air scene, and the stream is still one stream.
  program = { sceneId: 'other', streamUrl: 'http://127.0.0.1:9/live/r.flv' };
  preview.refresh();
  void preview.frame({ sceneId: 'other' });
  await sleep(150);
  assert.equal(spawned.length, 2, 'no restart');
  assert.ok(!spawned[1]!.stopped);
  const next = preview.frame({ sceneId: 'other' });
  spawned[1]!.stdout.write(JPEG);
  assert.equal((await next).frame?.origin, 'stream');
  await preview.dispose();
});

test('a source that will not open is left out with a note and the preview starts again without it', async () => {
  const { preview, spawned } = setup();
  void preview.frame({ sceneId: 'main' });
  await until('a spawn', () => spawned.length === 1);
  spawned[0]!.exit(1, ['/dev/video0: Device or resource busy']);
  await until('the restart', () => spawned.length === 2);
  assert.ok(!spawned[1]!.args.includes('/dev/video0'), 'the busy camera is left out');
  const answer = preview.frame({ sceneId: 'main' });
  spawned[1]!.stdout.write(JPEG);
  const a = await answer;
  assert.equal(a.frame?.notes[0]?.code, 'source-failed');
  assert.equal(a.frame?.notes[0]?.layerId, 'cam');
  // A crash after frames: restarted with a backoff, the error said until frames come back.
  spawned[1]!.exit(1, ['Conversion failed!']);
  await until('the retry', () => spawned.length === 3);
  assert.equal((await preview.frame({ sceneId: 'main', after: a.frame!.seq })).error?.code, 'failed');
  await preview.dispose();
});
