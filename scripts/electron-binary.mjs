// Electron's binary, downloaded on demand. `npm ci` never downloads it (package.json denies
// electron's install script in allowScripts, so an install without a route to GitHub still works);
// `npm start` fetches it on first use where GitHub answers, and `npm run electron:install` forces it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { request } from 'node:https';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/** The Electron binary when it is installed (require('electron') returns its path), else null. */
export function electronBinary() {
  try {
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null; // "Electron failed to install correctly": the binary is absent
  }
}

/** Does GitHub (where Electron's releases live) answer within `timeoutMs`? */
export function githubReachable(timeoutMs = 4000) {
  const host = process.env.ELECTRON_MIRROR ? new URL(process.env.ELECTRON_MIRROR).hostname : 'github.com';
  return new Promise((resolve) => {
    const req = request({ host, method: 'HEAD', path: '/', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Runs Electron's own installer (it verifies checksums); true when the binary is there afterwards. */
export function downloadElectron() {
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return false;
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD; // asked for explicitly: do not skip
  const r = spawnSync(process.execPath, [installer], { cwd: path.dirname(installer), stdio: ['ignore', 2, 2], env });
  return r.status === 0 && electronBinary() !== null;
}
