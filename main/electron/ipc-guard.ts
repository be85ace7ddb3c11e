/**
 * IPC checks that need no Electron runtime (so they are unit-tested in plain Node): is the sender our
 * own studio page, and is the payload valid for the method. Every ipcMain handler goes through here.
 */
import { STUDIO_IPC_PREFIX, isStudioMethod, type StudioCallResult } from '../../common/studio-api';
import type { Logger } from '../../media/log';
import { dispatchStudioCall, errorResult, unknownMethodResult, type StudioService } from '../studio/dispatch';

/** The custom scheme our pages are served from (see ./app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const STUDIO_PAGE_URL = `${APP_ORIGIN}/studio/index.html`;

export interface SenderInfo {
  /** event.senderFrame.url (null when the frame is gone). */
  frameUrl: string | null | undefined;
  /** true when the frame is a top-level frame (not an iframe). */
  isMainFrame: boolean;
}

/** Only the studio page itself, in a top-level frame, may call the core. */
export function senderAllowed(sender: SenderInfo): boolean {
  if (!sender.isMainFrame || !sender.frameUrl) return false;
  try {
    const u = new URL(sender.frameUrl);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.pathname.startsWith('/studio/');
  } catch {
    return false;
  }
}

/** Handles one `studio:<method>` invoke: sender first, then method and payload (zod), then the call. */
export async function handleIpcCall(api: StudioService, channel: string, sender: SenderInfo, args: unknown[], log?: Logger): Promise<StudioCallResult> {
  if (!senderAllowed(sender)) {
    log?.warn(`refused IPC ${channel.slice(0, 80)} from ${String(sender.frameUrl).slice(0, 200)}`);
    return errorResult('forbidden', 'This page is not allowed to control the studio.');
  }
  const method = channel.startsWith(STUDIO_IPC_PREFIX) ? channel.slice(STUDIO_IPC_PREFIX.length) : '';
  if (!isStudioMethod(method)) return unknownMethodResult(channel);
  // Every method takes at most one argument; extra ones are a malformed message, not ignored data.
  if (args.length > 1) return errorResult('invalid', `${method}: expected at most one argument, got ${args.length}.`);
  return dispatchStudioCall(api, method, args[0], log);
}

/** Links the OS browser may open from the studio: http(s) only, checked again by the core's whitelist. */
export function externalUrlShape(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
