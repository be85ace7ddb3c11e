import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainFfmpegFailure } from '../../media/studio/explain';

const relay = { target: 'rtmp://127.0.0.1:19350/live/main?key=secret' };

test('a refused RTMP connection names the relay and asks whether it runs', () => {
  const e = explainFfmpegFailure([
    'Input #0, lavfi, from ...',
    '[tcp @ 0x55d] Connection to tcp://127.0.0.1:19350 failed: Connection refused',
    'rtmp://127.0.0.1:19350/live/main?key=secret: Connection refused',
  ], relay);
  assert.equal(e.message, 'The relay at 127.0.0.1:19350 refused the connection: is it running?');
  assert.ok(e.logLines.some((l) => l.includes('Connection refused')));
  assert.ok(!e.message.includes('secret'));
});

test('x11grab without an X server says so', () => {
  const e = explainFfmpegFailure(['[x11grab @ 0x1] Cannot open display :99, error 1.', ':99: Input/output error']);
  assert.match(e.message, /^Cannot open the display :99: is the X server running/);
});

test('a missing v4l2 camera is reported as a camera, not a file', () => {
  const e = explainFfmpegFailure([
    '[video4linux2,v4l2 @ 0x2] Cannot open video device /dev/video3: No such file or directory',
    '/dev/video3: No such file or directory',
  ]);
  assert.equal(e.message, 'The camera /dev/video3 is missing: is it plugged in?');
});

test('a busy camera, a missing dshow device, a wrong key and a missing encoder', () => {
  assert.match(explainFfmpegFailure(['/dev/video0: Device or resource busy']).message, /camera \/dev\/video0 is busy/);
  assert.equal(explainFfmpegFailure(['[dshow @ 0] Could not find video device with name [HD Webcam] among source devices of type video.']).message, 'The camera "HD Webcam" is missing: is it plugged in?');
  assert.match(explainFfmpegFailure(['[flv @ 0] Failed to update header with correct duration.', 'rtmp://a/b: Broken pipe'], { target: 'rtmp://live.example.com/app' }).message, /closed by the server/);
  assert.match(explainFfmpegFailure(["Unknown encoder 'h264_nvenc'"]).message, /no h264_nvenc encoder/);
  assert.match(explainFfmpegFailure(['[pulse @ 0x1] pa_context_connect() failed: Connection refused', 'default: Input/output error']).message, /PulseAudio is not running/);
});

test('level-meter noise is ignored and an unknown failure quotes the last real line', () => {
  const e = explainFfmpegFailure(['Something odd happened here', '[ametadata@lvl0 @ 0x1] lavfi.astats.Overall.RMS_level=-20']);
  assert.equal(e.message, 'ffmpeg stopped unexpectedly: Something odd happened here');
  assert.deepEqual(explainFfmpegFailure([]).message, 'ffmpeg stopped unexpectedly without saying why.');
});
