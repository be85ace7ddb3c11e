import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rtmpOutput } from '../../common/outputs/rtmp';
import { classifyOutputFailure, explainFfmpegFailure, failedInput } from '../../media/studio/explain';

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

test('output failures are classified by cause; decoder noise while joining a stream is ignored', () => {
  const noise = ['[h264 @ 0x1] no frame!', '[h264 @ 0x1] non-existing PPS 0 referenced'];
  assert.equal(classifyOutputFailure([...noise, 'rtmp://1.2.3.4/live/x: Connection refused']).code, 'refused');
  assert.equal(classifyOutputFailure(['[rtmp @ 0x2] Server error: Stream key invalid', ...noise], rtmpOutput.rejected).code, 'rejected');
  assert.equal(classifyOutputFailure(['[rtmp @ 0x2] Cannot read RTMP handshake response', 'rtmp://x: End of file']).code, 'closed');
  assert.equal(classifyOutputFailure(['rtmp://x: Connection timed out']).code, 'timeout');
  const other = classifyOutputFailure([...noise]);
  assert.equal(other.code, 'other');
  assert.doesNotMatch(other.detail, /no frame/);
  assert.doesNotMatch(explainFfmpegFailure(noise).message, /no frame/);
});

test('the input that stopped ffmpeg from starting is found, with the device\'s reason', () => {
  const inputs = [{ url: ':0.0', sourceId: 'screen' }, { url: 'default', sourceId: 'mic' }];
  const lines = ['ALSA lib pcm.c:2565:(snd_pcm_open_noupdate) Unknown PCM default', '[alsa @ 0x3] cannot open audio device default (No such file or directory)', 'default: Input/output error'];
  assert.deepEqual(failedInput(lines, inputs), { url: 'default', sourceId: 'mic', reason: 'No such file or directory' });
  assert.deepEqual(failedInput(['/dev/video0: Device or resource busy'], [{ url: '/dev/video0', sourceId: 'cam' }]), { url: '/dev/video0', sourceId: 'cam', reason: 'Device or resource busy' });
  assert.equal(failedInput(['Conversion failed!'], inputs), null);
});

test('a hardware encoder that cannot run here is explained from its own descriptor', () => {
  assert.match(explainFfmpegFailure(['[h264_nvenc @ 0x1] Cannot load libcuda.so.1', 'Error initializing output stream 0:0 --']).message, /NVIDIA encoder is not available on this computer/);
  assert.match(explainFfmpegFailure(['[AVHWDeviceContext @ 0x2] No VA display found for device /dev/dri/renderD128.']).message, /VA-API encoder could not start \(no usable GPU at \/dev\/dri\/renderD128\)/);
});
