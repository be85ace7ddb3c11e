#!/usr/bin/env node
// `npm start [-- flags]`: builds what is missing or stale, then opens the studio in Electron, or in
// browser mode (`--web`, or wherever Electron's binary is not installed). Flags: main/studio/cli-flags.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { downloadElectron, electronBinary, githubReachable } from './electron-binary.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);

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

const outputs = ['dist/web/studio/index.html', 'dist/electron/main.js', 'dist/electron/preload.js'];
if (builtAt(outputs) < newest(['renderer', 'common', 'main', 'preload', 'media'])) {
  console.error('Building the studio (dist/ is missing or older than the sources)…');
  // stdout stays clean for --json: the build's output goes to stderr.
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) {
    console.error(`The build failed (exit ${r.status}); fix the error above, then run "npm start" again.`);
    process.exit(1);
  }
}

function run(cmd, cmdArgs) {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  // Ctrl+C reaches the whole process group; SIGTERM sent to us alone is passed on.
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** Electron where it is installed or can be downloaded now; otherwise why not, in one line. */
async function pickElectron() {
  if (args.includes('--web') || args.includes('--help') || args.includes('-h')) return { binary: null, why: null };
  const installed = electronBinary();
  if (installed) return { binary: installed, why: null };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { binary: null, why: 'No desktop display here (DISPLAY is not set), so the studio opens in browser mode.' };
  }
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { binary: null, why: 'Electron is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD is set), so the studio opens in browser mode; "npm run electron:install" installs it.' };
  }
  if (!(await githubReachable())) {
    return { binary: null, why: 'Electron is not installed and github.com, where it is downloaded from, is not reachable, so the studio opens in browser mode; run "npm run electron:install" once GitHub is reachable.' };
  }
  console.error('Downloading Electron for the desktop studio (first start only)…');
  if (downloadElectron()) return { binary: electronBinary(), why: null };
  return { binary: null, why: 'Electron could not be downloaded (see above), so the studio opens in browser mode; "npm run electron:install" tries again.' };
}

const { binary, why } = await pickElectron();
if (binary) {
  run(binary, [root, ...args]);
} else {
  if (why) console.error(why);
  run(process.execPath, ['--import', 'tsx', path.join(root, 'main/cli.ts'), ...args.filter((a) => a !== '--web'), '--web']);
}
