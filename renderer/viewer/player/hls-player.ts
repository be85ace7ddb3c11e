/**
 * Low-latency HLS playback: hls.js in its LL-HLS mode where MediaSource exists, the browser's own
 * (LL-)HLS on Safari/iOS (no MediaSource, canPlayType says yes). hls.js is loaded on demand so the page paints
 * before the ~400 kB player arrives.
 */
import type { HlsConfig } from 'hls.js';
import { catchUp, HLS_LATENCY, prefersNativeHls } from './hls-choice';
import { bufferedEndAt } from './latency';
import type { Player, PlayerCallbacks } from './types';

export const LOW_LATENCY_HLS: Partial<HlsConfig> = {
  ...HLS_LATENCY,
  liveDurationInfinity: true,
  backBufferLength: 10,
  maxBufferLength: 4,
  maxMaxBufferLength: 8,
  manifestLoadPolicy: {
    default: { maxTimeToFirstByteMs: 5000, maxLoadTimeMs: 8000, timeoutRetry: { maxNumRetry: 2, retryDelayMs: 500, maxRetryDelayMs: 2000 }, errorRetry: { maxNumRetry: 2, retryDelayMs: 500, maxRetryDelayMs: 2000 } },
  },
};

export function canPlayNativeHls(video: HTMLVideoElement): boolean {
  return prefersNativeHls(video.canPlayType('application/vnd.apple.mpegurl'), typeof MediaSource !== 'undefined', navigator.vendor);
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
  const catchUpTimer = window.setInterval(() => {
    const latency = hls.latency;
    const target = hls.targetLatency;
    if (video.paused || !Number.isFinite(latency) || target === null) return;
    const end = bufferedEndAt(video.buffered, video.currentTime);
    const next = catchUp({ latency, target, forwardBuffer: end === null ? 0 : end - video.currentTime, rate: video.playbackRate });
    if (next.seekToLive && hls.liveSyncPosition !== null) video.currentTime = hls.liveSyncPosition;
    else if (video.playbackRate !== next.rate) video.playbackRate = next.rate;
  }, 250);
  return {
    kind: 'hls',
    sample: () => ({
      now: Date.now(),
      playingDateMs: hls.playingDate?.getTime() ?? null,
      hlsLatency: Number.isFinite(hls.latency) ? hls.latency : null,
      hlsTargetLatency: hls.targetLatency,
      bufferedEnd: bufferedEndAt(video.buffered, video.currentTime),
      currentTime: video.currentTime,
    }),
    destroy: () => {
      destroyed = true;
      window.clearInterval(catchUpTimer);
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
