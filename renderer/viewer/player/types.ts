import type { LatencySample } from './latency';

export type PlayerMode = 'hls' | 'flv';

export interface Player {
  readonly kind: 'hls' | 'native-hls' | 'flv';
  /** What the latency estimator needs, read at call time. */
  sample(): LatencySample;
  destroy(): void;
}

export interface PlayerCallbacks {
  /** The player gave up (network or media error it cannot recover from). */
  onFatal(reason: string): void;
}
