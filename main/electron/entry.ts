/**
 * Electron main process: app lifecycle only. Everything else is built by the composition root
 * (main/composition.ts) and served over validated IPC (./ipc.ts, ./ipc-guard.ts).
 */
import { app, dialog, shell, type BrowserWindow } from 'electron';
import path from 'node:path';
import { consoleLogger } from '../../media/log';
import { compose, type Composition } from '../composition';
import { parseCliFlags } from '../studio/cli-flags';
import { originOf } from '../studio/csp';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { wireIpc } from './ipc';
import { createStudioWindow, hardenSession } from './window';

const log = consoleLogger('electron');
// dist/electron/main.js → dist/web and dist/electron/preload.js
const webRoot = path.resolve(__dirname, '..', 'web');
const preload = path.join(__dirname, 'preload.js');

function relayOrigins(c: Composition | null): string[] {
  const r = c?.core.relayState();
  return r ? [r.urls, ...r.lanUrls.map((l) => l.urls)].flatMap((u) => (u ? [originOf(u.hls)!] : [])) : [];
}

async function main(): Promise<void> {
  const parsed = parseCliFlags(process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('--inspect')));
  if (!parsed.ok) {
    console.error(parsed.message);
    app.exit(2);
    return;
  }
  const flags = parsed.flags;
  if (!app.requestSingleInstanceLock()) {
    log.info('Danmu Studio is already running; focusing that window.');
    app.quit();
    return;
  }
  registerAppScheme();
  let composition: Composition | null = null;
  let win: BrowserWindow | null = null;
  let unwire: (() => void) | null = null;

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  await app.whenReady();
  hardenSession(log);
  composition = await compose({
    dataDir: flags.dataDir ? path.resolve(flags.dataDir) : app.getPath('userData'),
    host: flags.host,
    ffmpegPath: flags.ffmpeg ? path.resolve(flags.ffmpeg) : undefined,
    chooseFolder: async (initial) => {
      const opts = { properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[], defaultPath: initial };
      const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    ports: { rtmp: flags.rtmpPort, http: flags.httpPort },
    webRoot,
    log,
    openUrl: (url) => shell.openExternal(url),
  });
  const core = composition.core;
  serveAppScheme(webRoot, () => relayOrigins(composition), composition.recordings);
  unwire = wireIpc(core, () => win, log);
  win = createStudioWindow({
    preload,
    log,
    externalAllowed: (url) => {
      const o = originOf(url);
      return o !== null && relayOrigins(composition).includes(o);
    },
  });
  win.on('closed', () => { win = null; });

  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting) return;
    // Stop ffmpeg, the relay and the room before the process goes: no orphan encoder holds a camera.
    e.preventDefault();
    quitting = true;
    unwire?.();
    void composition!.dispose().finally(() => app.exit(0));
  });
  app.on('window-all-closed', () => app.quit());
}

main().catch((err: Error) => {
  log.error(err.stack ?? err.message);
  dialog.showErrorBox('Danmu Studio could not start', `${err.message}\n\nSee the terminal for details.`);
  app.exit(1);
});
