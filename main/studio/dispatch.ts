/**
 * One call from a transport (Electron IPC or the browser bridge) to the core: method name checked,
 * argument validated with the contract's zod schema, result or error put in the StudioCallResult
 * envelope. Both transports use this, so they validate identically.
 */
import {
  StudioError,
  invokeStudioMethod,
  isStudioMethod,
  type StudioApi,
  type StudioCallResult,
  type StudioErrorCode,
} from '../../common/studio-api';
import { parseStudioRequest } from './api-schemas';
import type { Logger } from '../../media/log';

export function errorResult(code: StudioErrorCode, message: string, issues?: string[]): StudioCallResult<never> {
  return { ok: false, error: issues?.length ? { code, message, issues } : { code, message } };
}

export async function dispatchStudioCall(api: StudioApi, method: unknown, arg: unknown, log?: Logger): Promise<StudioCallResult> {
  if (!isStudioMethod(method)) return errorResult('not_found', `Unknown studio method "${String(method).slice(0, 64)}".`);
  try {
    const parsed = parseStudioRequest(method, arg);
    const value = await invokeStudioMethod(api, method, parsed);
    return { ok: true, value: value ?? null };
  } catch (err) {
    if (err instanceof StudioError) return errorResult(err.code, err.message, err.issues);
    // An unexpected failure: log the stack for us, give the person the message.
    log?.error(`${method} failed: ${(err as Error).stack ?? String(err)}`);
    return errorResult('internal', `${method} failed: ${(err as Error).message ?? String(err)}`);
  }
}

export function httpStatusFor(result: StudioCallResult): number {
  if (result.ok) return 200;
  const map: Record<StudioErrorCode, number> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, unavailable: 503, internal: 500 };
  return map[result.error.code];
}
