#!/usr/bin/env node
// `npm start [-- flags]`: builds what is missing or stale, then opens the studio in Electron, or in
// browser mode (`--web`, or wherever Electron's binary is not installed). Flags: main/studio/cli-flags.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const require = createRequire(import.meta.url);

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

/** The Electron binary, when its download succeeded (require('electron') returns its path). */
function electronBinary() {
  try {
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null; // "Electron failed to install correctly": the binary is absent
  }
}

function run(cmd, cmdArgs) {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  // Ctrl+C reaches the whole process group; SIGTERM sent to us alone is passed on.
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = args.includes('--web') ? null : electronBinary();
if (electron) {
  run(electron, [root, ...args]);
} else {
  if (!args.includes('--web')) {
    console.error('Electron is not installed here (its binary could not be downloaded); starting the studio in browser mode. Run "npm run electron:install" where GitHub is reachable.');
  }
  run(process.execPath, ['--import', 'tsx', path.join(root, 'main/cli.ts'), ...args.filter((a) => a !== '--web'), '--web']);
}
