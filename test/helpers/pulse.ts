/**
 * A private PulseAudio server for tests (this machine has no sound card): one null sink, whose
 * monitor is the "desktop audio", reachable only through a socket in a temporary folder. Runs as
 * root in CI, hence --system=false with its own runtime folders. Sounds are played into the sink by
 * Debian's ffmpeg (which has a PulseAudio output; the bundled one has none).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProcessRegistry, TrackedProcess } from '../../media/ffmpeg/processes';
import { waitFor } from './media';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
export const TEST_SINK = 'danmu_test';
export const TEST_MIC = 'danmu_mic';

export interface TestPulse {
  /** Environment for processes that should use this server (PULSE_SERVER and friends). */
  env: Record<string, string>;
  /** Plays a lavfi source (e.g. "sine=frequency=440") into the sink until stopped. */
  play(lavfi: string): TrackedProcess;
  stop(): Promise<void>;
}

/** `microphone`: also a virtual microphone (a remap of the sink's monitor: it hears what is played). */
export async function startTestPulse(processes: ProcessRegistry, opts: { microphone?: boolean } = {}): Promise<TestPulse> {
  const dir = mkdtempSync(path.join(tmpdir(), 'danmu-pulse-'));
  const socket = path.join(dir, 'native');
  const env = { PULSE_SERVER: `unix:${socket}`, PULSE_RUNTIME_PATH: path.join(dir, 'runtime'), XDG_RUNTIME_DIR: dir, PULSE_STATE_PATH: path.join(dir, 'state') };
  const proc = processes.spawn('pulseaudio', 'pulseaudio', [
    '--daemonize=no', '--exit-idle-time=-1', '--system=false', '-n', '--disallow-exit', '--use-pid-file=no', '--log-target=stderr',
    `--load=module-null-sink sink_name=${TEST_SINK} rate=48000`,
    `--load=module-native-protocol-unix auth-anonymous=1 socket=${socket}`,
    ...(opts.microphone ? [`--load=module-remap-source master=${TEST_SINK}.monitor source_name=${TEST_MIC}`] : []),
  ], { quitWith: 'SIGTERM', env: { ...process.env, ...env, HOME: dir }, stdio: ['ignore', 'ignore', 'pipe'] });
  const fullEnv = { ...process.env, ...env };
  await waitFor('PulseAudio to answer', async () => {
    if (proc.child.exitCode !== null) throw new Error(`pulseaudio exited: ${proc.stderrTail().join(' ')}`);
    const r = await execFileP('pactl', ['info'], { env: fullEnv, timeout: 2000 }).catch(() => null);
    return r?.stdout.includes(`Default Sink: ${TEST_SINK}`) ?? false;
  }, 15_000);
  return {
    env,
    play(lavfi) {
      return processes.spawn('test-sound', '/usr/bin/ffmpeg', ['-hide_banner', '-nostats', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', lavfi, '-ac', '2', '-ar', '48000', '-f', 'pulse', '-device', TEST_SINK, 'test sound'], { quitWith: 'SIGTERM', env: fullEnv });
    },
    async stop() {
      await proc.stop(2000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
