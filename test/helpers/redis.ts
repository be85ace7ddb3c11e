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

/**
 * Starts redis-server (Debian's package) without persistence; resolves once it accepts connections.
 * The port is picked free and then handed to redis-server: on a machine shared with other test runs
 * another program can take it in between, so a server that exits at start is retried on a new port.
 */
export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRedisOnce();
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

async function startRedisOnce(): Promise<{ url: string; stop(): Promise<void> }> {
  const processes = new ProcessRegistry();
  const port = await freePort();
  const proc = processes.spawn('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { quitWith: 'SIGTERM' });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    // (A connection to someone else's server on that port while ours has exited is not a start.)
    if (ok && proc.child.exitCode === null) break;
    if (Date.now() > deadline || proc.child.exitCode !== null) {
      const tail = proc.stderrTail().join(' | ');
      await processes.stopAll();
      processes.dispose();
      throw new Error(`redis-server did not start: ${tail}`);
    }
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
