/**
 * Pure parsers for what device-listing tools print. Each takes the tool's text and returns devices;
 * unit tested with captured output (test/unit/pipeline-devices.test.ts).
 */
import type { AudioDevice, CameraDevice, DisplayDevice } from './device-types';

/** Loopback ("what the computer plays") inputs by their usual names. */
const LOOPBACK_NAME = /stereo mix|what u hear|wave out mix|loopback|virtual-audio-capturer|cable output|blackhole|soundflower|\.monitor$|^monitor of /i;

/** `xrandr --query`: one display per connected output; Xvfb (no outputs) gives the screen size. */
export function parseXrandr(text: string, display: string): DisplayDevice[] {
  const out: DisplayDevice[] = [];
  for (const m of text.matchAll(/^(\S+) connected( primary)? (\d+)x(\d+)\+(\d+)\+(\d+)/gm)) {
    out.push({
      id: `${display}/${m[1]}`, name: `${m[1]} (${m[3]}x${m[4]})`,
      width: Number(m[3]), height: Number(m[4]), x: Number(m[5]), y: Number(m[6]), primary: Boolean(m[2]),
    });
  }
  if (out.length > 0) {
    if (!out.some((d) => d.primary) && out[0]) out[0] = { ...out[0], primary: true };
    return out;
  }
  const screen = /^Screen (\d+):.*current (\d+) x (\d+)/m.exec(text);
  if (screen) return [{ id: display, name: `Display ${display} (${screen[2]}x${screen[3]})`, width: Number(screen[2]), height: Number(screen[3]), x: 0, y: 0, primary: true }];
  return [];
}

/** `pactl list short sources`: index, name, driver, format, state (tab separated). */
export function parsePactlSources(text: string): AudioDevice[] {
  return text
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((cols) => cols.length >= 2 && cols[1])
    .map((cols) => {
      const id = cols[1] as string;
      return { id, name: id.replace(/^alsa_(input|output)\./, '').replace(/\.monitor$/, ' (monitor)'), loopback: LOOPBACK_NAME.test(id) };
    });
}

/** `pactl info`: the default sink (desktop audio is its monitor) and the default source (the microphone). */
export function parsePactlDefaults(text: string): { sink: string | null; source: string | null } {
  const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1] ?? null;
  return { sink: field('Default Sink'), source: field('Default Source') };
}

/**
 * Orders pulse sources so that a scene without a chosen device gets the defaults: the default
 * source first among inputs, the default sink's monitor first among loopbacks.
 */
export function defaultsFirst(sources: AudioDevice[], defaults: { sink: string | null; source: string | null }): AudioDevice[] {
  const rank = (d: AudioDevice) => (d.id === defaults.source || (defaults.sink !== null && d.id === `${defaults.sink}.monitor`) ? 0 : 1);
  return [...sources].sort((a, b) => rank(a) - rank(b));
}

/** `arecord -l`: "card 1: PCH [HDA Intel PCH], device 0: ALC3246 Analog [ALC3246 Analog]". */
export function parseArecordList(text: string): AudioDevice[] {
  const out: AudioDevice[] = [];
  for (const m of text.matchAll(/^card (\d+): (\S+) \[([^\]]*)\], device (\d+): [^[]*\[([^\]]*)\]/gm)) {
    const name = `${m[3]}: ${m[5]}`;
    out.push({ id: `hw:${m[1]},${m[4]}`, name, loopback: LOOPBACK_NAME.test(`${m[2]} ${name}`) });
  }
  return out;
}

/** The part after ffmpeg's "[dshow @ 0x...] " / "[AVFoundation indev @ 0x...] " prefix. */
function body(line: string): string {
  return line.replace(/^\[[^\]]+\]\s?/, '');
}

/**
 * `ffmpeg -list_devices true -f dshow -i dummy` (stderr). ffmpeg 4.x prints section headers
 * ("DirectShow video devices"), ffmpeg 5+ tags each name with "(video)" / "(audio)".
 */
export function parseDshowDevices(text: string): { cameras: CameraDevice[]; audio: AudioDevice[] } {
  const cameras: CameraDevice[] = [];
  const audio: AudioDevice[] = [];
  let section: 'video' | 'audio' | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (!/^\[dshow/.test(raw)) continue;
    const line = body(raw);
    if (/DirectShow video devices/i.test(line)) section = 'video';
    else if (/DirectShow audio devices/i.test(line)) section = 'audio';
    const m = /^\s*"([^"]+)"(?:\s+\((video|audio|none)\))?\s*$/.exec(line);
    if (!m || /Alternative name/i.test(line)) continue;
    const name = m[1] as string;
    const kind = (m[2] as 'video' | 'audio' | 'none' | undefined) ?? section;
    if (kind === 'video') cameras.push({ id: name, name });
    else if (kind === 'audio') audio.push({ id: name, name, loopback: LOOPBACK_NAME.test(name) });
  }
  return { cameras, audio };
}

/** `ffmpeg -f avfoundation -list_devices true -i ""` (stderr): "[0] FaceTime HD Camera", "[1] Capture screen 0". */
export function parseAvfoundationDevices(text: string): { displays: DisplayDevice[]; cameras: CameraDevice[]; audio: AudioDevice[] } {
  const displays: DisplayDevice[] = [];
  const cameras: CameraDevice[] = [];
  const audio: AudioDevice[] = [];
  let section: 'video' | 'audio' | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (!/^\[AVFoundation/i.test(raw)) continue;
    const line = body(raw);
    if (/AVFoundation video devices/i.test(line)) section = 'video';
    else if (/AVFoundation audio devices/i.test(line)) section = 'audio';
    const m = /^\[(\d+)\]\s+(.+?)\s*$/.exec(line);
    if (!m || !section) continue;
    const id = m[1] as string;
    const name = m[2] as string;
    const screen = /^Capture screen (\d+)/i.exec(name);
    if (section === 'video' && screen) displays.push({ id, name, width: null, height: null, x: 0, y: 0, primary: screen[1] === '0' });
    else if (section === 'video') cameras.push({ id, name });
    else audio.push({ id, name, loopback: LOOPBACK_NAME.test(name) });
  }
  return { displays, cameras, audio };
}

/** `ffmpeg -hide_banner -devices`: is an input device (e.g. "pulse") compiled in? */
export function hasInputDevice(devicesText: string, name: string): boolean {
  return new RegExp(`^\\s*D[E ]?\\s+${name}\\b`, 'm').test(devicesText);
}
