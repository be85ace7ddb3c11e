/**
 * Plays the relay's HTTP-FLV output in a <video> with mpegts.js, and reports the live latency (how
 * far the picture lags the newest buffered frame). Retries after errors because the relay refuses
 * the stream for a moment while the encoder (re)starts. While the page is hidden (minimised, another
 * tab) and nobody listens (`keepWhenHidden` false), the player is unloaded: decoding a 720p30 stream
 * nobody sees costs a small machine the CPU its encoder needs.
 */
import { useEffect, useState, type RefObject } from 'react';
import mpegts from 'mpegts.js';

export type PlayerState = 'idle' | 'loading' | 'playing' | 'error' | 'unsupported';

export interface FlvPlayback {
  state: PlayerState;
  /** Seconds behind the live edge, or null while not playing. */
  latencySec: number | null;
}

const RETRY_MS = 2000;

export function useFlvPlayer(videoRef: RefObject<HTMLVideoElement | null>, url: string | null, keepWhenHidden: RefObject<boolean> = { current: false }): FlvPlayback {
  const [state, setState] = useState<PlayerState>('idle');
  const [latencySec, setLatency] = useState<number | null>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!video || !url) {
      setState('idle');
      setLatency(null);
      return;
    }
    if (!mpegts.isSupported()) {
      setState('unsupported');
      return;
    }
    let player: mpegts.Player | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let disposed = false;
    // before the first frame a refusal means "not published yet" (the encoder is starting), not an interruption
    let played = false;

    const destroy = () => {
      if (!player) return;
      try {
        player.pause();
        player.unload();
        player.detachMediaElement();
        player.destroy();
      } catch {
        // already torn down by an error: nothing left to release
      }
      player = null;
    };

    const suspended = () => document.visibilityState === 'hidden' && !keepWhenHidden.current;
    const start = () => {
      if (disposed) return;
      destroy();
      if (suspended()) return; // started again when the page is shown
      setState('loading');
      // the worker is a blob: URL, which the studio's CSP does not allow; the main thread copes at 1 stream
      player = mpegts.createPlayer(
        { type: 'flv', isLive: true, url, hasAudio: true, hasVideo: true },
        { enableWorker: false, liveBufferLatencyChasing: true, liveBufferLatencyMaxLatency: 1.5, liveBufferLatencyMinRemain: 0.3, lazyLoad: false },
      );
      player.attachMediaElement(video);
      player.on(mpegts.Events.ERROR, () => {
        setState(played ? 'error' : 'loading');
        destroy();
        retry = setTimeout(() => { retry = null; start(); }, RETRY_MS);
      });
      player.load();
      const p = player.play();
      if (p && typeof (p as Promise<void>).catch === 'function') (p as Promise<void>).catch(() => undefined);
    };

    const onPlaying = () => {
      played = true;
      setState('playing');
    };
    video.addEventListener('playing', onPlaying);
    const onVisibility = () => {
      if (suspended()) {
        if (retry) clearTimeout(retry);
        retry = null;
        destroy();
        setState('loading');
      } else if (!player && !retry) {
        start();
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    const sampler = setInterval(() => {
      const b = video.buffered;
      if (b.length === 0 || video.readyState < 2) return setLatency(null);
      setLatency(Math.max(0, b.end(b.length - 1) - video.currentTime));
    }, 500);
    start();

    return () => {
      disposed = true;
      if (retry) clearTimeout(retry);
      clearInterval(sampler);
      video.removeEventListener('playing', onPlaying);
      document.removeEventListener('visibilitychange', onVisibility);
      destroy();
      setLatency(null);
    };
  }, [videoRef, url, keepWhenHidden]);

  return { state, latencySec };
}
