/**
 * Low-latency HTTP-FLV playback with mpegts.js (MSE). FLV has no segments: frames arrive as the relay
 * gets them, so latency is only what the player buffers. mpegts.js keeps that small two ways: it
 * plays slightly faster when the buffer grows past liveSyncMaxLatency (until it is back down to
 * liveSyncTargetLatency), and jumps to the edge if it ever exceeds liveBufferLatencyMaxLatency (after
 * a stall, a background tab). Measured (bench:latency): with a 0.5–1.0 s band the buffer settled
 * near 0.6 s, two thirds of the viewer's whole delay; a 0.2–0.45 s band keeps ~0.25 s, several
 * frames of slack for the relay's 33 ms frame pace (the relay sends each frame as it arrives).
 */
import { bufferedEndAt } from './latency';
import type { Player, PlayerCallbacks } from './types';

export const LOW_LATENCY_FLV = {
  enableWorker: true,
  enableStashBuffer: false,
  stashInitialSize: 128 * 1024,
  lazyLoad: false,
  autoCleanupSourceBuffer: true,
  autoCleanupMaxBackwardDuration: 20,
  autoCleanupMinBackwardDuration: 10,
  liveSync: true,
  liveSyncMaxLatency: 0.45,
  liveSyncTargetLatency: 0.2,
  liveSyncPlaybackRate: 1.2,
  liveBufferLatencyChasing: true,
  liveBufferLatencyMaxLatency: 1.5,
  liveBufferLatencyMinRemain: 0.3,
};

export function flvSupported(): boolean {
  return typeof MediaSource !== 'undefined' && MediaSource.isTypeSupported('video/mp4; codecs="avc1.42E01E,mp4a.40.2"');
}

export async function createFlvPlayer(video: HTMLVideoElement, url: string, cb: PlayerCallbacks): Promise<Player> {
  const { default: mpegts } = await import('mpegts.js');
  if (!mpegts.isSupported()) throw new Error('HTTP-FLV needs Media Source Extensions');
  const player = mpegts.createPlayer({ type: 'flv', isLive: true, hasAudio: true, hasVideo: true, url }, LOW_LATENCY_FLV);
  let destroyed = false;
  player.on(mpegts.Events.ERROR, (type: string, detail: string) => {
    if (!destroyed) cb.onFatal(`${type}: ${detail}`);
  });
  // The relay ends the HTTP response when the publisher stops: for a live stream that is fatal too.
  player.on(mpegts.Events.LOADING_COMPLETE, () => {
    if (!destroyed) cb.onFatal('stream ended');
  });
  player.attachMediaElement(video);
  player.load();
  return {
    kind: 'flv',
    sample: () => ({ now: Date.now(), bufferedEnd: bufferedEndAt(video.buffered, video.currentTime), currentTime: video.currentTime }),
    destroy: () => {
      destroyed = true;
      try {
        player.pause();
        player.unload();
        player.detachMediaElement();
      } finally {
        player.destroy();
      }
    },
  };
}
