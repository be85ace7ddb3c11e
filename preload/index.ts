/**
 * The sandboxed preload: exposes exactly the StudioApi as `window.studio`, nothing else (never
 * ipcRenderer itself). Bundled into one file by esbuild; imports only the shared contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  STUDIO_EVENT_CHANNEL,
  createStudioApiFromTransport,
  encodeErrorMessage,
  ipcChannel,
  type StudioCallResult,
  type StudioEvent,
  type StudioEventListener,
  type StudioMethod,
} from '../common/studio-api';

async function call(method: StudioMethod, arg?: unknown): Promise<unknown> {
  const result = (await ipcRenderer.invoke(ipcChannel(method), ...(arg === undefined ? [] : [arg]))) as StudioCallResult;
  if (result.ok) return result.value;
  // contextBridge keeps only an Error's message: carry the code, issues and coded detail in it (see toStudioError).
  throw new Error(encodeErrorMessage(result.error.code, result.error.message, result.error.issues, result.error.detail ?? null));
}

function onEvent(listener: StudioEventListener): () => void {
  // The IPC event object (with its sender) never reaches the page: only the payload.
  const handler = (_e: IpcRendererEvent, payload: StudioEvent) => listener(payload);
  ipcRenderer.on(STUDIO_EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(STUDIO_EVENT_CHANNEL, handler);
  };
}

contextBridge.exposeInMainWorld('studio', createStudioApiFromTransport(call, onEvent));
