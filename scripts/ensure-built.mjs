// Shared by `npm start` and `npm run relay`: builds what is missing or stale before starting, and
// runs the program with signals passed on. stdout stays clean for --json: build output goes to stderr.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

/** Newest modification time under the given folders (source files only). */
function newest(dirs) {
  let max = 0;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = path.join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (/\.(tsx?|html|css|mjs|json)$/.test(name)) max = Math.max(max, s.mtimeMs);
    }
  };
  for (const d of dirs) if (existsSync(path.join(root, d))) walk(path.join(root, d));
  return max;
}

function builtAt(files) {
  return Math.min(...files.map((f) => (existsSync(path.join(root, f)) ? statSync(path.join(root, f)).mtimeMs : 0)));
}

/**
 * Runs scripts/build.mjs when any of `outputs` is missing or older than the `sources` folders.
 * Returns false (after saying so on stderr) when the build failed.
 */
export function ensureBuilt({ outputs, sources, what }) {
  if (builtAt(outputs) >= newest(sources)) return true;
  console.error(`Building ${what} (dist/ is missing or older than the sources)…`);
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
  return r.status === 0;
}

/** Runs `cmd` in the repository; Ctrl+C reaches the whole process group, a SIGTERM sent to us alone is passed on. */
export function run(cmd, cmdArgs) {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
