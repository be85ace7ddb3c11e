/**
 * Lists displays, cameras and audio inputs with names, per platform. Tools run through the
 * ProcessRegistry with a timeout; a missing tool is a warning, never a failure.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { ProcessRegistry } from '../ffmpeg/processes';
import { defaultsFirst, parseArecordList, parseAvfoundationDevices, parseDshowDevices, parsePactlDefaults, parsePactlSources, parseXrandr, hasInputDevice } from './device-parsers';
import type { AudioDevice, CameraDevice, DeviceInventory, DisplayDevice, Platform } from './device-types';
import { LineSplitter } from './lines';
import { x11ScreenSize } from './x11';

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
  // 'exit' can come before the last of stdout (a short answer such as pactl's was sometimes lost).
  const drained = new Promise<void>((resolve) => {
    if (!proc.child.stdout || proc.child.stdout.closed) resolve();
    else proc.child.stdout.once('close', () => resolve());
  });
  const timer = setTimeout(() => void proc.stop(500), timeoutMs);
  const code = await proc.exited;
  await Promise.race([drained, new Promise((r) => setTimeout(r, 500))]);
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

/**
 * Can this ALSA input be opened? "default" exists in every ALSA configuration, even on a machine with
 * no sound card, where opening it fails: a 50 ms capture tells the two apart (about 0.1 s).
 */
export async function alsaInputOpens(processes: ProcessRegistry, ffmpegPath: string, device: string, timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<{ ok: boolean; reason: string | null }> {
  const r = await runTool(processes, ffmpegPath, ['-hide_banner', '-nostats', '-loglevel', 'error', '-f', 'alsa', '-i', device, '-t', '0.05', '-f', 'null', '-'], timeoutMs, env).catch(() => null);
  if (r && r.code === 0) return { ok: true, reason: null };
  const why = r ? /cannot open audio device \S+ \(([^)]*)\)/.exec(r.stderr)?.[1] ?? r.stderr.split('\n').filter(Boolean).pop() ?? 'no answer' : 'ffmpeg did not run';
  return { ok: false, reason: why };
}

async function listLinux(o: Required<Pick<ListDevicesOptions, 'processes' | 'ffmpegPath' | 'timeoutMs'>> & { env: NodeJS.ProcessEnv; sysfs: string }): Promise<DeviceInventory> {
  const warnings: string[] = [];
  const display = o.env.DISPLAY;
  // Every tool runs at once: listing is on the Go Live path, and each tool costs a process start.
  const probeMs = Math.min(o.timeoutMs, 2500);
  const [xr, devs, pactl, ar, alsaDefault, pinfo, parec] = await Promise.all([
    display ? runTool(o.processes, 'xrandr', ['-d', display, '--query'], o.timeoutMs, o.env).catch(() => null) : Promise.resolve(null),
    runTool(o.processes, o.ffmpegPath, ['-hide_banner', '-devices'], o.timeoutMs, o.env).catch(() => null),
    runTool(o.processes, 'pactl', ['list', 'short', 'sources'], probeMs, o.env).catch(() => null),
    runTool(o.processes, 'arecord', ['-l'], probeMs, o.env).catch(() => null),
    alsaInputOpens(o.processes, o.ffmpegPath, 'default', probeMs, o.env),
    runTool(o.processes, 'pactl', ['info'], probeMs, o.env).catch(() => null),
    runTool(o.processes, 'parec', ['--version'], probeMs, o.env).catch(() => null),
  ]);
  let displays: DisplayDevice[] = [];
  if (!display) {
    warnings.push('No X display (DISPLAY is not set): screen capture needs X11 or XWayland.');
  } else {
    displays = xr && xr.code === 0 ? parseXrandr(xr.stdout, display) : [];
    if (displays.length === 0) {
      // No xrandr: the X server itself says the screen's size (x11grab would capture only 640x480).
      const size = await x11ScreenSize(display, o.env);
      if (!size) warnings.push(`Display ${display} could not be described (no xrandr, and the X server did not answer): capturing it whole.`);
      displays = [{ id: display, name: size ? `Display ${display} (${size.width}x${size.height})` : `Display ${display}`, width: size?.width ?? null, height: size?.height ?? null, x: 0, y: 0, primary: true }];
    }
  }
  const cameras = listV4l2(o.sysfs);
  const ffmpegHasPulse = devs ? hasInputDevice(devs.stdout, 'pulse') : false;
  let audio: AudioDevice[] = [];
  let backend: DeviceInventory['audioBackend'] = 'alsa';
  const pulseRuns = pactl !== null && pactl.code === 0;
  const hasParec = parec !== null && parec.code === 0;
  if (pulseRuns && (ffmpegHasPulse || hasParec)) {
    // ffmpeg's own PulseAudio input when it has one; else parec records and pipes raw PCM into it.
    backend = ffmpegHasPulse ? 'pulse' : 'parec';
    audio = defaultsFirst(parsePactlSources(pactl.stdout), parsePactlDefaults(pinfo?.code === 0 ? pinfo.stdout : ''));
  } else {
    if (!pulseRuns) warnings.push('PulseAudio/PipeWire is not running (pactl did not answer): using ALSA (no desktop audio).');
    else warnings.push('This ffmpeg has no PulseAudio input and parec is not installed (package pulseaudio-utils): using ALSA (no desktop audio).');
    const cards = ar && ar.code === 0 ? parseArecordList(ar.stdout) : [];
    if (alsaDefault.ok) audio.push({ id: 'default', name: 'Default input', loopback: false });
    else if (cards.length === 0) warnings.push(`No sound card: the default audio input cannot be opened (${alsaDefault.reason}).`);
    audio.push(...cards);
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
