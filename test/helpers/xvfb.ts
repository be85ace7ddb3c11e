/** Xvfb for tests: a display number it picks itself (-displayfd), so parallel runs never collide. */
import type { ProcessRegistry, TrackedProcess } from '../../media/ffmpeg/processes';

export async function startXvfb(processes: ProcessRegistry, size = '1280x720x24'): Promise<{ proc: TrackedProcess; display: string }> {
  const proc = processes.spawn('xvfb', 'Xvfb', ['-displayfd', '3', '-screen', '0', size, '-nolisten', 'tcp'], {
    quitWith: 'SIGTERM', stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const fd3 = proc.child.stdio[3] as NodeJS.ReadableStream;
  const n = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start: ${proc.stderrTail().join(' ')}`)), 10_000);
    fd3.on('data', (c: Buffer) => {
      buf += c.toString();
      if (buf.includes('\n')) {
        clearTimeout(timer);
        resolve(buf.trim());
      }
    });
  });
  return { proc, display: `:${n}` };
}
