/**
 * The mixer's meters: while the mixer is on screen (and the window visible) it holds a lease on the
 * scene it shows (`audio.watchMeters`, renewed at a third of the lease), and keeps the latest
 * `audio.levels` for that scene. Hidden or unmounted: the lease is given back, so the studio stops
 * metering (no meter process runs while nobody looks).
 */
import { useEffect, useState } from 'react';
import type { AudioLevelsUpdate, StudioApi } from '../../../common/studio-api';

export function useAudioLevels(api: StudioApi, sceneId: string | null): AudioLevelsUpdate | null {
  const [update, setUpdate] = useState<AudioLevelsUpdate | null>(null);
  useEffect(() => {
    if (!sceneId) return undefined;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const watch = (watching: boolean) => api.audio.watchMeters({ sceneId, watching }).catch(() => ({ leaseMs: 10_000 }));
    const renew = async () => {
      if (stopped || document.visibilityState !== 'visible') return;
      const { leaseMs } = await watch(true);
      if (!stopped) timer = setTimeout(() => void renew(), Math.max(1000, leaseMs / 3));
    };
    const onVisibility = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (document.visibilityState === 'visible') void renew();
      else void watch(false);
    };
    const off = api.onEvent((e) => {
      if (e.type === 'audio.levels' && e.update.sceneId === sceneId) setUpdate(e.update);
    });
    document.addEventListener('visibilitychange', onVisibility);
    void renew();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      off();
      setUpdate(null);
      void watch(false);
    };
  }, [api, sceneId]);
  return update;
}
