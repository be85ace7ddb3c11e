/** A throwaway Redis server on a free loopback port, for tests of the socket.io Redis adapter. */
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { freePort } from './net';

export function redisServerAvailable(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Starts redis-server (Debian's package) without persistence; resolves once it accepts connections. */
export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const processes = new ProcessRegistry();
  const port = await freePort();
  const proc = processes.spawn('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { quitWith: 'SIGTERM' });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (ok) break;
    if (Date.now() > deadline || proc.child.exitCode !== null) throw new Error(`redis-server did not start: ${proc.stderrTail().join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      await processes.stopAll();
      processes.dispose();
    },
  };
}
