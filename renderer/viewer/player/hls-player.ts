/**
 * HLS playback tuned for low latency: hls.js where MediaSource exists, the browser's own HLS on
 * Safari/iOS (no MediaSource, canPlayType says yes). hls.js is loaded on demand so the page paints
 * before the ~400 kB player arrives.
 */
import type { HlsConfig } from 'hls.js';
import { bufferedEndAt } from './latency';
import type { Player, PlayerCallbacks } from './types';

/**
 * The relay cuts ~1 s segments on keyframes and serves a plain (not LL-HLS) playlist, so hls.js can
 * only be as close as "last complete segment + a margin". 1.5 s behind the live edge keeps one
 * segment of slack for a late playlist refresh; beyond 4 s it seeks back to the edge, and between
 * the two it plays up to 1.3× faster to catch up (inaudible to most people, unlike a jump).
 */
export const LOW_LATENCY_HLS: Partial<HlsConfig> = {
  lowLatencyMode: true,
  liveSyncDuration: 1.0,
  liveMaxLatencyDuration: 3,
  maxLiveSyncPlaybackRate: 1.3,
  liveDurationInfinity: true,
  backBufferLength: 10,
  maxBufferLength: 6,
  maxMaxBufferLength: 10,
  // Start on the newest fragment, not one from the start of the window.
  startFragPrefetch: true,
  manifestLoadPolicy: {
    default: { maxTimeToFirstByteMs: 5000, maxLoadTimeMs: 8000, timeoutRetry: { maxNumRetry: 2, retryDelayMs: 500, maxRetryDelayMs: 2000 }, errorRetry: { maxNumRetry: 2, retryDelayMs: 500, maxRetryDelayMs: 2000 } },
  },
};

export function canPlayNativeHls(video: HTMLVideoElement): boolean {
  return typeof MediaSource === 'undefined' && video.canPlayType('application/vnd.apple.mpegurl') !== '';
}

export async function createHlsPlayer(video: HTMLVideoElement, url: string, cb: PlayerCallbacks): Promise<Player> {
  if (canPlayNativeHls(video)) return createNative(video, url, cb);
  const { default: Hls } = await import('hls.js');
  if (!Hls.isSupported()) throw new Error('HLS is not supported in this browser');
  const hls = new Hls(LOW_LATENCY_HLS);
  let destroyed = false;
  hls.on(Hls.Events.ERROR, (_e, data) => {
    if (!data.fatal || destroyed) return;
    // A media error (decoder hiccup) is often recoverable in place; anything else needs a new player.
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
      hls.recoverMediaError();
      return;
    }
    cb.onFatal(`${data.type}: ${data.details}`);
  });
  hls.loadSource(url);
  hls.attachMedia(video);
  return {
    kind: 'hls',
    sample: () => ({
      now: Date.now(),
      playingDateMs: hls.playingDate?.getTime() ?? null,
      hlsLatency: Number.isFinite(hls.latency) ? hls.latency : null,
      bufferedEnd: bufferedEndAt(video.buffered, video.currentTime),
      currentTime: video.currentTime,
    }),
    destroy: () => {
      destroyed = true;
      hls.destroy();
    },
  };
}

function createNative(video: HTMLVideoElement, url: string, cb: PlayerCallbacks): Player {
  const onError = () => cb.onFatal(`media error ${video.error?.code ?? ''}`);
  video.addEventListener('error', onError);
  video.src = url;
  return {
    kind: 'native-hls',
    sample: () => {
      // Safari exposes EXT-X-PROGRAM-DATE-TIME through getStartDate() + currentTime.
      const start = (video as HTMLVideoElement & { getStartDate?: () => Date }).getStartDate?.().getTime();
      return {
        now: Date.now(),
        playingDateMs: start && Number.isFinite(start) ? start + video.currentTime * 1000 : null,
        bufferedEnd: bufferedEndAt(video.seekable, video.currentTime),
        currentTime: video.currentTime,
      };
    },
    destroy: () => {
      video.removeEventListener('error', onError);
      video.removeAttribute('src');
      video.load();
    },
  };
}
