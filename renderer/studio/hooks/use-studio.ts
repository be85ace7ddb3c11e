/**
 * Loads the core's snapshot and keeps it current from the event stream. Subscribes before fetching
 * so nothing that happens during the fetch is lost; events that arrive first are replayed onto the
 * snapshot once it lands.
 */
import { useCallback, useEffect, useState } from 'react';
import type { StudioApi, StudioEvent, StudioSnapshot } from '../../../common/studio-api';
import { applyStudioEvent } from '../logic/studio-reducer';

export interface StudioConnection {
  snapshot: StudioSnapshot | null;
  loadError: string | null;
  /**
   * Folds a call's own result into the snapshot right away (e.g. saveScenes' returned list), so the
   * UI does not flicker back to the old value until the matching push event arrives.
   */
  apply: (e: StudioEvent) => void;
}

export function useStudio(api: StudioApi): StudioConnection {
  const [snapshot, setSnapshot] = useState<StudioSnapshot | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let early: StudioEvent[] | null = [];
    let cancelled = false;
    const off = api.onEvent((e) => {
      if (e.type === 'room.event' || e.type === 'room.staff') return;
      if (early) early.push(e);
      else setSnapshot((s) => (s ? applyStudioEvent(s, e) : s));
    });
    api.getSnapshot().then(
      (snap) => {
        if (cancelled) return;
        const replay = early ?? [];
        early = null;
        setSnapshot(replay.reduce(applyStudioEvent, snap));
        setLoadError(null);
      },
      (err: unknown) => {
        if (!cancelled) setLoadError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [api]);

  const apply = useCallback((e: StudioEvent) => setSnapshot((s) => (s ? applyStudioEvent(s, e) : s)), []);
  return { snapshot, loadError, apply };
}
