/**
 * The one way the UI reaches the studio: `getStudioApi()` returns `window.studio` (the preload's
 * StudioApi) under Electron, or a bridge client in a browser. Both implement the same interface, and
 * both throw StudioError with a code (`err.code`) and a message a person can act on.
 */
import { createStudioApiFromTransport, toStudioError, type StudioApi, type StudioMethod } from '../../../common/studio-api';
import { createBridgeClient } from './bridge-client';

export { createBridgeClient } from './bridge-client';
export { StudioError, toStudioError } from '../../../common/studio-api';

declare global {
  interface Window {
    /** Present under Electron (exposed by the preload); absent in browser mode. */
    studio?: StudioApi;
  }
}

/** Re-types errors from the preload (contextBridge keeps only messages) into StudioErrors. */
function withStudioErrors(api: StudioApi): StudioApi {
  const invoke = (method: StudioMethod, arg?: unknown): Promise<unknown> => {
    const [ns, name] = method.includes('.') ? method.split('.') : [null, method];
    const target = (ns ? (api as unknown as Record<string, Record<string, (a?: unknown) => Promise<unknown>>>)[ns]![name!] : (api as unknown as Record<string, (a?: unknown) => Promise<unknown>>)[name!])!;
    return (arg === undefined ? target() : target(arg)).catch((err: unknown) => {
      throw toStudioError(err);
    });
  };
  return createStudioApiFromTransport(invoke, (l) => api.onEvent(l));
}

/** Call once at the UI's root and pass the result down (each bridge client opens its own event socket). */
export function getStudioApi(): StudioApi {
  return window.studio ? withStudioErrors(window.studio) : createBridgeClient();
}

export function isElectron(): boolean {
  return window.studio !== undefined;
}
