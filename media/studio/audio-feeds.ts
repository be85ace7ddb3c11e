/**
 * Spawns an ffmpeg whose fed inputs (raw PCM from `parec`, see args/linux.ts) read named pipes:
 * a private folder (mode 700) gets one FIFO per feed, each helper writes its FIFO and ffmpeg reads
 * it, with no copy through Node. Helpers go through the same ProcessRegistry, so they die with us
 * however we die. A helper that ends (device gone, parec missing) gives ffmpeg an end of file on that
 * input, even while ffmpeg is still waiting in open(); ffmpeg ending stops every helper and removes
 * the folder.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProcessRegistry, SpawnTrackedOptions, TrackedProcess } from '../ffmpeg/processes';
import { FEED_DIR, type AudioFeed } from './args';

export interface FedProcess {
  proc: TrackedProcess;
  feeds: TrackedProcess[];
}

/** Lets a reader blocked in open() on this FIFO through (it then reads end of file). */
function releaseReader(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // no reader waiting (ENXIO) or the folder is gone: nothing to release
  }
}

export function spawnWithFeeds(
  processes: ProcessRegistry,
  name: string,
  command: string,
  args: readonly string[],
  feeds: readonly AudioFeed[],
  opts: SpawnTrackedOptions = {},
): FedProcess {
  if (feeds.length === 0) return { proc: processes.spawn(name, command, args, opts), feeds: [] };
  const dir = mkdtempSync(path.join(tmpdir(), 'danmu-feeds-'));
  const real = (a: string) => a.split(FEED_DIR).join(dir);
  for (const f of feeds) {
    const made = spawnSync('mkfifo', ['-m', '600', real(f.fifo)]);
    if (made.status !== 0) throw new Error(`Could not create a pipe for ${f.sourceId}: ${made.stderr?.toString().trim() || made.error?.message || 'mkfifo failed'}`);
  }
  const proc = processes.spawn(name, command, args.map(real), opts);
  const helpers = feeds.map((f) => {
    const helper = processes.spawn(`${name}:feed:${f.sourceId}`, f.command, f.args.map(real), { quitWith: 'SIGTERM', tailLines: 5, stdio: ['ignore', 'ignore', 'pipe'] });
    void helper.exited.then(() => {
      if (proc.child.exitCode === null && proc.child.signalCode === null) releaseReader(real(f.fifo));
    });
    return helper;
  });
  void proc.exited.then(async () => {
    await Promise.all(helpers.map((h) => h.stop(1000)));
    rmSync(dir, { recursive: true, force: true });
  });
  return { proc, feeds: helpers };
}
