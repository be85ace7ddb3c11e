/**
 * Runs API calls for the UI: tracks which action is in flight (to disable its button) and turns a
 * refusal into a message for the error banner. The message is the core's own (StudioError says
 * what failed and what to do), shown translated from its coded detail (errorText); issues, when
 * present, are shown next to the fields by the caller.
 */
import { useCallback, useState } from 'react';
import type { StudioErrorDetail } from '../../../common/studio-api';

export interface ActionError {
  action: string;
  /** The core's English message (the fallback); `detail` is the same, coded for translation (see errorText). */
  message: string;
  detail: StudioErrorDetail | null;
  issues: string[];
}

export interface Actions {
  busy: ReadonlySet<string>;
  error: ActionError | null;
  clearError: () => void;
  run: <T>(action: string, fn: () => Promise<T>) => Promise<T | undefined>;
}

export function useActions(): Actions {
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<ActionError | null>(null);

  const run = useCallback(async <T,>(action: string, fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy((b) => new Set(b).add(action));
    try {
      const v = await fn();
      setError((e) => (e?.action === action ? null : e));
      return v;
    } catch (err) {
      const issues = err && typeof err === 'object' && 'issues' in err && Array.isArray(err.issues) ? (err.issues as string[]) : [];
      const detail = err && typeof err === 'object' && 'detail' in err ? (err.detail as StudioErrorDetail | null) : null;
      setError({ action, message: err instanceof Error ? err.message : String(err), detail, issues });
      return undefined;
    } finally {
      setBusy((b) => {
        const n = new Set(b);
        n.delete(action);
        return n;
      });
    }
  }, []);

  return { busy, error, clearError: useCallback(() => setError(null), []), run };
}
