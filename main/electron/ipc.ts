/** Wires every StudioApi method to `ipcMain.handle('studio:<method>')` and pushes events to the window. */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { STUDIO_EVENT_CHANNEL, STUDIO_METHODS, ipcChannel } from '../../common/studio-api';
import type { Logger } from '../../media/log';
import type { StudioService } from '../studio/dispatch';
import { handleIpcCall } from './ipc-guard';

export function wireIpc(api: StudioService, getWindow: () => BrowserWindow | null, log: Logger): () => void {
  for (const method of STUDIO_METHODS) {
    const channel = ipcChannel(method);
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) =>
      handleIpcCall(api, channel, { frameUrl: event.senderFrame?.url, isMainFrame: event.senderFrame?.parent === null }, args, log),
    );
  }
  const unsubscribe = api.onEvent((e) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(STUDIO_EVENT_CHANNEL, e);
  });
  return () => {
    unsubscribe();
    for (const method of STUDIO_METHODS) ipcMain.removeHandler(ipcChannel(method));
  };
}
