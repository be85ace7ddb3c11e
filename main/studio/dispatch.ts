/**
 * One call from a transport (Electron IPC or the browser bridge) to the core: method name checked,
 * argument validated with the contract's zod schema and the ids it names checked against what
 * exists, result or error put in the StudioCallResult envelope. Both transports use this, so they
 * validate identically.
 */
import {
  StudioError,
  invokeStudioMethod,
  isStudioMethod,
  type StudioApi,
  type StudioCallResult,
  type StudioErrorCode,
  type StudioErrorDetail,
} from '../../common/studio-api';
import { parseStudioRequest, type RequestRefs } from './api-schemas';
import type { Logger } from '../../media/log';

/** The core as the transports see it: the API, plus the ids a request may name (StudioCore). */
export interface StudioService extends StudioApi {
  requestRefs(): RequestRefs;
}

export function errorResult(code: StudioErrorCode, message: string, issues?: string[], detail?: StudioErrorDetail | null): StudioCallResult<never> {
  return { ok: false, error: { code, message, ...(issues?.length ? { issues } : {}), ...(detail ? { detail } : {}) } };
}

export function unknownMethodResult(method: string): StudioCallResult<never> {
  const name = method.slice(0, 64);
  return errorResult('not_found', `Unknown studio call "${name}": the page and the studio are different versions. Reload the page.`, undefined, { code: 'method-unknown', params: { method: name } });
}

export async function dispatchStudioCall(api: StudioService, method: unknown, arg: unknown, log?: Logger): Promise<StudioCallResult> {
  if (!isStudioMethod(method)) return unknownMethodResult(String(method));
  try {
    const parsed = parseStudioRequest(method, arg, () => api.requestRefs());
    const value = await invokeStudioMethod(api, method, parsed);
    return { ok: true, value: value ?? null };
  } catch (err) {
    if (err instanceof StudioError) return errorResult(err.code, err.message, err.issues, err.detail);
    // An unexpected failure: log the stack for us, give the person the message.
    const reason = (err as Error).message ?? String(err);
    log?.error(`${method} failed: ${(err as Error).stack ?? String(err)}`);
    return errorResult('internal', `${method} failed: ${reason}`, undefined, { code: 'internal', params: { method, reason } });
  }
}

export function httpStatusFor(result: StudioCallResult): number {
  if (result.ok) return 200;
  const map: Record<StudioErrorCode, number> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, unavailable: 503, internal: 500 };
  return map[result.error.code];
}
