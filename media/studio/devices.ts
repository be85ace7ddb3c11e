/**
 * Lists displays, cameras and audio inputs with names, per platform. Tools run through the
 * ProcessRegistry with a timeout; a missing tool is a warning, never a failure.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { ProcessRegistry } from '../ffmpeg/processes';
import { parseArecordList, parseAvfoundationDevices, parseDshowDevices, parsePactlSources, parseXrandr, hasInputDevice } from './device-parsers';
import type { AudioDevice, CameraDevice, DeviceInventory, DisplayDevice, Platform } from './device-types';
import { LineSplitter } from './lines';

export interface ListDevicesOptions {
  processes: ProcessRegistry;
  ffmpegPath: string;
  platform?: Platform;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Where v4l2 describes cameras (tests may point elsewhere). */
  sysfsVideo4linux?: string;
}

interface RunResult { code: number | null; stdout: string; stderr: string }

/** Runs a tool to completion (or kills it at the timeout) and collects its output. */
export async function runTool(processes: ProcessRegistry, cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<RunResult> {
  const proc = processes.spawn(`list:${cmd}`, cmd, args, { quitWith: 'SIGTERM', env: env ?? process.env });
  let stdout = '';
  const stderr: string[] = [];
  const lines = new LineSplitter();
  proc.child.stdout?.setEncoding('utf8');
  proc.child.stdout?.on('data', (c: string) => { stdout += c; });
  proc.child.stderr?.on('data', (c: string | Buffer) => { stderr.push(...lines.push(c.toString())); });
  proc.child.stdin?.end();
  const timer = setTimeout(() => void proc.stop(500), timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  return { code, stdout, stderr: stderr.join('\n') };
}

function listV4l2(sysfs: string): CameraDevice[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(sysfs).filter((e) => /^video\d+$/.test(e));
  } catch {
    return []; // no v4l2 at all
  }
  const read = (e: string, f: string) => {
    try { return readFileSync(`${sysfs}/${e}/${f}`, 'utf8').trim(); } catch { return ''; }
  };
  return entries
    // Each camera exposes several nodes; index 0 is the one that captures (others carry metadata).
    .filter((e) => (read(e, 'index') || '0') === '0')
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((e) => ({ id: `/dev/${e}`, name: read(e, 'name') || `/dev/${e}` }));
}

async function listLinux(o: Required<Pick<ListDevicesOptions, 'processes' | 'ffmpegPath' | 'timeoutMs'>> & { env: NodeJS.ProcessEnv; sysfs: string }): Promise<DeviceInventory> {
  const warnings: string[] = [];
  let displays: DisplayDevice[] = [];
  const display = o.env.DISPLAY;
  if (!display) {
    warnings.push('No X display (DISPLAY is not set): screen capture needs X11 or XWayland.');
  } else {
    const xr = await runTool(o.processes, 'xrandr', ['-d', display, '--query'], o.timeoutMs, o.env).catch(() => null);
    displays = xr && xr.code === 0 ? parseXrandr(xr.stdout, display) : [];
    if (displays.length === 0) {
      if (!xr || xr.code !== 0) warnings.push(`xrandr could not describe display ${display} (not installed, or no X server there): capturing it whole.`);
      displays = [{ id: display, name: `Display ${display}`, width: null, height: null, x: 0, y: 0, primary: true }];
    }
  }
  const cameras = listV4l2(o.sysfs);
  const devs = await runTool(o.processes, o.ffmpegPath, ['-hide_banner', '-devices'], o.timeoutMs, o.env);
  const ffmpegHasPulse = hasInputDevice(devs.stdout, 'pulse');
  let audio: AudioDevice[] = [];
  let backend: DeviceInventory['audioBackend'] = 'alsa';
  const pactl = ffmpegHasPulse ? await runTool(o.processes, 'pactl', ['list', 'short', 'sources'], o.timeoutMs, o.env).catch(() => null) : null;
  if (pactl && pactl.code === 0) {
    backend = 'pulse';
    audio = parsePactlSources(pactl.stdout);
  } else {
    if (!ffmpegHasPulse) warnings.push('This ffmpeg has no PulseAudio input: using ALSA (no desktop audio).');
    else warnings.push('PulseAudio/PipeWire is not running: using ALSA.');
    const ar = await runTool(o.processes, 'arecord', ['-l'], o.timeoutMs, o.env).catch(() => null);
    if (!ar || ar.code === null) warnings.push('arecord (alsa-utils) is not available: only the "default" ALSA input is offered.');
    const cards = ar ? parseArecordList(ar.stdout) : [];
    audio = [{ id: 'default', name: 'Default input', loopback: false }, ...cards];
  }
  return { platform: 'linux', displays, cameras, audio, audioBackend: backend, warnings };
}

export async function listDevices(opts: ListDevicesOptions): Promise<DeviceInventory> {
  const platform = opts.platform ?? (process.platform as Platform);
  const timeoutMs = opts.timeoutMs ?? 5000;
  const env = opts.env ?? process.env;
  if (platform === 'linux') {
    return listLinux({ processes: opts.processes, ffmpegPath: opts.ffmpegPath, timeoutMs, env, sysfs: opts.sysfsVideo4linux ?? '/sys/class/video4linux' });
  }
  if (platform === 'win32') {
    const r = await runTool(opts.processes, opts.ffmpegPath, ['-hide_banner', '-list_devices', 'true', '-f', 'dshow', '-i', 'dummy'], timeoutMs, env);
    const { cameras, audio } = parseDshowDevices(r.stderr);
    const displays: DisplayDevice[] = [{ id: 'desktop', name: 'Desktop (all monitors)', width: null, height: null, x: 0, y: 0, primary: true }];
    return { platform, displays, cameras, audio, audioBackend: 'dshow', warnings: [] };
  }
  const r = await runTool(opts.processes, opts.ffmpegPath, ['-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', ''], timeoutMs, env);
  const { displays, cameras, audio } = parseAvfoundationDevices(r.stderr);
  const warnings = displays.length === 0 ? ['No screen listed: allow Screen Recording for this app in System Settings > Privacy & Security.'] : [];
  return { platform, displays, cameras, audio, audioBackend: 'avfoundation', warnings };
}
