/** The real-time figures (dropped, lag, overload + advice), the X11 handshake parsers and the RTMP URL parts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toProgressBlock } from '../../media/ffmpeg/progress';
import { addressedRtmpUrl as addressedUrl, parseRtmpUrl } from '../../common/outputs/rtmp';
import { overloadAdvice, RealtimeMonitor } from '../../media/studio/realtime';
import { localDisplayNumber, parseSetupReply, parseXauthority, setupRequest } from '../../media/studio/x11';

const block = (frame: number, outSec: number) => toProgressBlock({ frame: String(frame), out_time_us: String(Math.round(outSec * 1e6)), progress: 'continue' });
const v720 = { encoder: 'x264' as const, preset: 'veryfast' as const, width: 1280, height: 720, fps: 30 };

test('keeping up: no drops, no lag, no warning', () => {
  const m = new RealtimeMonitor(30, () => overloadAdvice(v720, null));
  for (let i = 1; i <= 20; i++) m.push(block(i * 15, i * 0.5), 1000 + i * 500);
  const f = m.figures();
  assert.equal(f.droppedFrames, 0);
  assert.equal(f.lagSec, 0);
  assert.equal(f.overload, null);
  assert.equal(f.fps, 30);
});

test('dropping: the empty slots are counted, the lag stays 0, the warning carries advice', () => {
  const m = new RealtimeMonitor(30, () => overloadAdvice(v720, 'NVIDIA NVENC'));
  // 20 frames a second into a 30 fps timeline that keeps up with the wall clock.
  for (let i = 1; i <= 20; i++) m.push(block(i * 10, i * 0.5), 1000 + i * 500);
  const f = m.figures();
  assert.ok(f.droppedFrames >= 90 && f.droppedFrames <= 100, `dropped ${f.droppedFrames}`);
  assert.equal(f.lagSec, 0);
  assert.ok(f.overload, 'overloaded');
  assert.ok(f.overload.droppedPercent > 30);
  assert.deepEqual(f.overload.advice.map((a) => a.code), ['preset', 'hardware', 'resolution', 'close-apps']);
  assert.deepEqual(f.overload.advice[0], { code: 'preset', params: { preset: 'ultrafast' } });
});

test('queueing: a stream falling behind the wall clock is lag, and lag alone is an overload', () => {
  const m = new RealtimeMonitor(30, () => []);
  for (let i = 1; i <= 20; i++) m.push(block(i * 10, i * 0.33), 1000 + i * 500);
  const f = m.figures();
  assert.ok(f.lagSec > 3, `lag ${f.lagSec}`);
  assert.ok(f.overload);
});

test('advice follows the settings: 1080p60 medium -> faster preset, 720p, 30 fps', () => {
  const a = overloadAdvice({ encoder: 'x264', preset: 'medium', width: 1920, height: 1080, fps: 60 }, null);
  assert.deepEqual(a, [
    { code: 'preset', params: { preset: 'faster' } }, { code: 'resolution', params: { size: '1280x720' } },
    { code: 'fps', params: { fps: 30 } }, { code: 'close-apps' },
  ]);
  assert.deepEqual(overloadAdvice({ encoder: 'nvenc', preset: 'ultrafast', width: 854, height: 480, fps: 30 }, null), [{ code: 'close-apps' }]);
});

test('X11: display numbers, the setup request with a cookie, the setup reply, Xauthority records', () => {
  assert.equal(localDisplayNumber(':0'), 0);
  assert.equal(localDisplayNumber(':99.0'), 99);
  assert.equal(localDisplayNumber('unix:1'), 1);
  assert.equal(localDisplayNumber('localhost:10.0'), null);
  const cookie = Buffer.alloc(16, 7);
  const req = setupRequest(cookie);
  assert.equal(req.length, 12 + 20 + 16);
  assert.equal(req.readUInt16LE(6), 18);
  // A reply with a 3-byte vendor, one pixmap format and one 1920x1080 screen whose root is 0x25d.
  const body = Buffer.alloc(40 + 4 + 8 + 40);
  body[0] = 1;
  body.writeUInt16LE((body.length - 8) / 4, 6);
  body.writeUInt16LE(3, 24);
  body[29] = 1;
  body.writeUInt32LE(0x25d, 52);
  body.writeUInt16LE(1920, 72);
  body.writeUInt16LE(1080, 74);
  assert.deepEqual(parseSetupReply(body), { root: 0x25d, width: 1920, height: 1080 });
  assert.equal(parseSetupReply(body.subarray(0, 20)), null, 'incomplete');
  const refused = Buffer.from([0, 5, 11, 0, 0, 0, 2, 0, ...Buffer.from('No!!!   ')]);
  assert.throws(() => parseSetupReply(refused), /refused the connection: No!!!/);
  const rec = (s: string) => Buffer.concat([Buffer.from([0, s.length]), Buffer.from(s)]);
  const xauth = Buffer.concat([Buffer.from([1, 0]), rec('host'), rec('0'), rec('MIT-MAGIC-COOKIE-1'), Buffer.concat([Buffer.from([0, 16]), cookie])]);
  assert.deepEqual(parseXauthority(xauth).map((e) => [e.family, e.number, e.name, e.data.length]), [[256, '0', 'MIT-MAGIC-COOKIE-1', 16]]);
  assert.deepEqual(parseXauthority(Buffer.from([1, 0, 0, 9])), [], 'a truncated file gives what it has');
});

test('RTMP URLs: the address replaces the name for ffmpeg, the tcUrl keeps the name', () => {
  const t = parseRtmpUrl('rtmp://live-push.bilivideo.com/live-bvc/?streamname=live_1&key=abc');
  assert.deepEqual(t, { proto: 'rtmp', host: 'live-push.bilivideo.com', port: 1935, app: 'live-bvc', rest: '?streamname=live_1&key=abc' });
  assert.deepEqual(addressedUrl(t!, '203.0.113.7'), {
    url: 'rtmp://203.0.113.7:1935/live-bvc/?streamname=live_1&key=abc',
    tcUrl: 'rtmp://live-push.bilivideo.com:1935/live-bvc',
  });
  assert.equal(parseRtmpUrl('rtmps://a.rtmp.youtube.com/live2/k')?.port, 443);
  assert.equal(parseRtmpUrl('rtmp://[::1]:1936/live/x')?.host, '::1');
  assert.equal(addressedUrl(parseRtmpUrl('rtmp://localhost:1936/live/x')!, '::1').url, 'rtmp://[::1]:1936/live/x');
  assert.equal(parseRtmpUrl('http://x/y'), null);
});
