import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasInputDevice, parseArecordList, parseAvfoundationDevices, parseDshowDevices, parsePactlSources, parseXrandr } from '../../media/studio/device-parsers';

test('xrandr: connected outputs become displays with size, offset and the primary flag', () => {
  const text = `Screen 0: minimum 320 x 200, current 3840 x 1080, maximum 16384 x 16384
eDP-1 connected primary 1920x1080+0+0 (normal left inverted right x axis y axis) 344mm x 194mm
   1920x1080     60.02*+
HDMI-1 connected 1920x1080+1920+0 (normal left inverted right x axis y axis) 527mm x 296mm
DP-1 disconnected (normal left inverted right x axis y axis)
`;
  assert.deepEqual(parseXrandr(text, ':0'), [
    { id: ':0/eDP-1', name: 'eDP-1 (1920x1080)', width: 1920, height: 1080, x: 0, y: 0, primary: true },
    { id: ':0/HDMI-1', name: 'HDMI-1 (1920x1080)', width: 1920, height: 1080, x: 1920, y: 0, primary: false },
  ]);
});

test('xrandr on Xvfb (no outputs) gives the screen itself', () => {
  const text = 'Screen 0: minimum 1 x 1, current 1280 x 720, maximum 1280 x 720\nscreen connected 1280x720+0+0 0mm x 0mm\n';
  assert.equal(parseXrandr(text, ':99')[0]?.width, 1280);
  const bare = 'Screen 0: minimum 1 x 1, current 1280 x 720, maximum 1280 x 720\n';
  assert.deepEqual(parseXrandr(bare, ':99'), [{ id: ':99', name: 'Display :99 (1280x720)', width: 1280, height: 720, x: 0, y: 0, primary: true }]);
});

test('pactl sources: monitors are desktop-audio (loopback) sources', () => {
  const text = '0\talsa_output.pci-0000_00_1f.3.analog-stereo.monitor\tmodule-alsa-card.c\ts16le 2ch 48000Hz\tSUSPENDED\n1\talsa_input.pci-0000_00_1f.3.analog-stereo\tmodule-alsa-card.c\ts16le 2ch 48000Hz\tRUNNING\n';
  assert.deepEqual(parsePactlSources(text), [
    { id: 'alsa_output.pci-0000_00_1f.3.analog-stereo.monitor', name: 'pci-0000_00_1f.3.analog-stereo (monitor)', loopback: true },
    { id: 'alsa_input.pci-0000_00_1f.3.analog-stereo', name: 'pci-0000_00_1f.3.analog-stereo', loopback: false },
  ]);
});

test('arecord -l: hw:card,device with readable names', () => {
  const text = `**** List of CAPTURE Hardware Devices ****
card 0: PCH [HDA Intel PCH], device 0: ALC3246 Analog [ALC3246 Analog]
  Subdevices: 1/1
  Subdevice #0: subdevice #0
card 2: C920 [HD Pro Webcam C920], device 0: USB Audio [USB Audio]
  Subdevices: 1/1
`;
  assert.deepEqual(parseArecordList(text), [
    { id: 'hw:0,0', name: 'HDA Intel PCH: ALC3246 Analog', loopback: false },
    { id: 'hw:2,0', name: 'HD Pro Webcam C920: USB Audio', loopback: false },
  ]);
});

test('dshow listing, ffmpeg 4.x layout (section headers)', () => {
  const text = `[dshow @ 000001e0c9f4c0c0] DirectShow video devices (some may be both video and audio devices)
[dshow @ 000001e0c9f4c0c0]  "Integrated Webcam"
[dshow @ 000001e0c9f4c0c0]     Alternative name "@device_pnp_\\\\?\\usb#vid_0bda&pid_58f4&mi_00#6&1b3d4c4a&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global"
[dshow @ 000001e0c9f4c0c0] DirectShow audio devices
[dshow @ 000001e0c9f4c0c0]  "Microphone Array (Realtek(R) Audio)"
[dshow @ 000001e0c9f4c0c0]     Alternative name "@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{8A7F4B2C}"
[dshow @ 000001e0c9f4c0c0]  "Stereo Mix (Realtek(R) Audio)"
dummy: Immediate exit requested`;
  assert.deepEqual(parseDshowDevices(text), {
    cameras: [{ id: 'Integrated Webcam', name: 'Integrated Webcam' }],
    audio: [
      { id: 'Microphone Array (Realtek(R) Audio)', name: 'Microphone Array (Realtek(R) Audio)', loopback: false },
      { id: 'Stereo Mix (Realtek(R) Audio)', name: 'Stereo Mix (Realtek(R) Audio)', loopback: true },
    ],
  });
});

test('dshow listing, ffmpeg 5+ layout (kind after the name)', () => {
  const text = `[dshow @ 0000020a] "OBS Virtual Camera" (video)
[dshow @ 0000020a]   Alternative name "@device_sw_{860BB310}\\{A3FCE0F5}"
[dshow @ 0000020a] "Headset Microphone (Jabra)" (audio)
[dshow @ 0000020a]   Alternative name "@device_cm_{33D9A762}\\wave_{1}"`;
  const r = parseDshowDevices(text);
  assert.deepEqual(r.cameras.map((c) => c.name), ['OBS Virtual Camera']);
  assert.deepEqual(r.audio.map((a) => a.name), ['Headset Microphone (Jabra)']);
});

test('avfoundation listing: screens, cameras and audio by index', () => {
  const text = `[AVFoundation indev @ 0x7fb1c5c04a40] AVFoundation video devices:
[AVFoundation indev @ 0x7fb1c5c04a40] [0] FaceTime HD Camera
[AVFoundation indev @ 0x7fb1c5c04a40] [1] Capture screen 0
[AVFoundation indev @ 0x7fb1c5c04a40] [2] Capture screen 1
[AVFoundation indev @ 0x7fb1c5c04a40] AVFoundation audio devices:
[AVFoundation indev @ 0x7fb1c5c04a40] [0] MacBook Pro Microphone
[AVFoundation indev @ 0x7fb1c5c04a40] [1] BlackHole 2ch
: Input/output error`;
  const r = parseAvfoundationDevices(text);
  assert.deepEqual(r.cameras, [{ id: '0', name: 'FaceTime HD Camera' }]);
  assert.deepEqual(r.displays.map((d) => [d.id, d.name, d.primary]), [['1', 'Capture screen 0', true], ['2', 'Capture screen 1', false]]);
  assert.deepEqual(r.audio, [{ id: '0', name: 'MacBook Pro Microphone', loopback: false }, { id: '1', name: 'BlackHole 2ch', loopback: true }]);
});

test('ffmpeg -devices: is the pulse input compiled in?', () => {
  assert.equal(hasInputDevice(' D  lavfi           Libavfilter virtual input device\n DE pulse           Pulse audio output\n', 'pulse'), true);
  assert.equal(hasInputDevice(' DE alsa            ALSA audio output\n D  x11grab         X11 screen capture, using XCB\n', 'pulse'), false);
});
