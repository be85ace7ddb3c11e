/**
 * The studio window with Electron's security checklist: isolated, sandboxed, no Node in the page, no
 * navigation away, no new windows (whitelisted links go to the OS browser), no permissions asked.
 */
import { BrowserWindow, session, shell } from 'electron';
import path from 'node:path';
import { STUDIO_PAGE_URL, externalUrlShape } from './ipc-guard';
import type { Logger } from '../../media/log';

export interface WindowOptions {
  preload: string;
  log: Logger;
  /** The core's whitelist: may this URL be opened in the OS browser? */
  externalAllowed(url: string): boolean;
}

export function hardenSession(log: Logger): void {
  const ses = session.defaultSession;
  // The studio needs no camera, notifications or geolocation from the page: ffmpeg captures devices.
  ses.setPermissionRequestHandler((_wc, permission, cb) => {
    const ok = permission === 'clipboard-sanitized-write';
    if (!ok) log.warn(`denied permission "${permission}" to the studio page`);
    cb(ok);
  });
  ses.setPermissionCheckHandler((_wc, permission) => permission === 'clipboard-sanitized-write');
}

export function createStudioWindow(opts: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Danmu Studio',
    show: false,
    backgroundColor: '#111318',
    webPreferences: {
      preload: path.resolve(opts.preload),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  const wc = win.webContents;
  wc.on('will-navigate', (e, url) => {
    if (url !== wc.getURL()) {
      e.preventDefault();
      opts.log.warn(`blocked navigation to ${url.slice(0, 200)}`);
    }
  });
  wc.on('will-redirect', (e, url) => {
    e.preventDefault();
    opts.log.warn(`blocked redirect to ${url.slice(0, 200)}`);
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    if (externalUrlShape(url) && opts.externalAllowed(url)) void shell.openExternal(url);
    else opts.log.warn(`blocked a new window for ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
  void win.loadURL(STUDIO_PAGE_URL);
  return win;
}
