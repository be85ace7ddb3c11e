/**
 * Browser-mode studio exactly as `npm start -- --web --json` runs it, as a separate process (so a
 * test can SIGKILL it), optionally under `xvfb-run -a` for a display x11grab can capture. Talks to
 * it over the bridge with the token from its JSON line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { BRIDGE_CALL_PATH, BRIDGE_TOKEN_HEADER, type StudioCallResult } from '../../common/studio-api';
import { descendants } from './proc-tree';

const root = path.resolve(__dirname, '..', '..');

export interface StudioProcess {
  /** The process that runs the studio (node, not xvfb-run). */
  pid: number;
  /** What --json printed. */
  info: { studio: string; viewer: string | null; hls: string | null; lan: { address: string; viewer: string }[]; relay: string; error: string | null };
  wrapper: ChildProcess;
  stderr(): string;
  call<T = unknown>(method: string, arg?: unknown): Promise<T>;
  /** Ends it (SIGTERM, then SIGKILL) and whatever wrapper ran it. */
  kill(): Promise<void>;
}

export async function startStudioProcess(opts: { dataDir: string; args?: string[]; xvfb?: boolean; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<StudioProcess> {
  const studioArgs = ['--import', 'tsx', path.join(root, 'main/cli.ts'), '--web', '--json', '--data-dir', opts.dataDir, '--rtmp-port', '0', '--http-port', '0', ...(opts.args ?? [])];
  const [cmd, args] = opts.xvfb ? ['xvfb-run', ['-a', '-s', '-screen 0 1280x720x24 -nolisten tcp', process.execPath, ...studioArgs]] : [process.execPath, studioArgs];
  const wrapper = spawn(cmd, args as string[], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  let err = '';
  wrapper.stderr!.on('data', (c: Buffer) => { err = (err + c.toString()).slice(-20_000); });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the studio printed no JSON line within ${opts.timeoutMs ?? 60_000} ms; stderr: ${err.slice(-2000)}`)), opts.timeoutMs ?? 60_000);
    createInterface({ input: wrapper.stdout! }).once('line', (l) => { clearTimeout(timer); resolve(l); });
    wrapper.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the studio exited (${code}) before printing its JSON line; stderr: ${err.slice(-2000)}`)); });
  });
  const info = JSON.parse(line) as StudioProcess['info'];
  const pid = opts.xvfb ? descendants(wrapper.pid!).find((p) => p.comm === 'node' || p.comm.startsWith('node'))?.pid : wrapper.pid;
  if (!pid) throw new Error('could not find the studio process under xvfb-run');
  const url = new URL(info.studio);
  const token = url.searchParams.get('token')!;
  return {
    pid,
    info,
    wrapper,
    stderr: () => err,
    async call<T>(method: string, arg?: unknown): Promise<T> {
      const res = await fetch(`${url.origin}${BRIDGE_CALL_PATH}${method}`, {
        method: 'POST', headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: token }, body: JSON.stringify(arg === undefined ? {} : { arg }),
      });
      const r = (await res.json()) as StudioCallResult<T>;
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value;
    },
    async kill() {
      const gone = new Promise((r) => (wrapper.exitCode !== null || wrapper.signalCode !== null ? r(null) : wrapper.once('exit', r)));
      try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
      const t = setTimeout(() => { try { process.kill(pid, 'SIGKILL'); wrapper.kill('SIGKILL'); } catch { /* gone */ } }, 10_000);
      await gone;
      clearTimeout(t);
    },
  };
}
