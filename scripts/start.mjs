#!/usr/bin/env node
// `npm start [-- flags]`: builds what is missing or stale, then opens the studio in Electron, or in
// browser mode (`--web`, or wherever Electron's binary is not installed). Flags: main/studio/cli-flags.ts.
import path from 'node:path';
import { electronBinary, downloadElectron, githubReachable } from './electron-binary.mjs';
import { ensureBuilt, root, run } from './ensure-built.mjs';

const args = process.argv.slice(2);

const wantsHelp = args.includes('--help') || args.includes('-h');

// --help needs no build (a fresh clone would otherwise build the whole studio before printing the flags).
const built = wantsHelp || ensureBuilt({
  outputs: ['dist/web/studio/index.html', 'dist/electron/main.js', 'dist/electron/preload.js'],
  sources: ['renderer', 'common', 'main', 'preload', 'media'],
  what: 'the studio',
});
if (!built) {
  console.error('The build failed; fix the error above, then run "npm start" again.');
  process.exit(1);
}

/** Electron where it is installed or can be downloaded now; otherwise why not, in one line. */
async function pickElectron() {
  if (args.includes('--web') || wantsHelp) return { binary: null, why: null };
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
