/** Small display helpers for the console (pure). */
import { TIMEOUT_PRESETS } from '../../../common/room-protocol';
import type { MessageKey, Params } from '../i18n';

export const clock = (ts: number): string => {
  const d = new Date(ts);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
};

/** A timeout preset as words: 10 s, 1 min, 24 h, this stream. */
export function presetLabel(p: number | 'stream'): [MessageKey, Params] {
  if (p === 'stream') return ['console.timeoutStream', {}];
  if (p < 60) return ['console.seconds', { n: p }];
  if (p < 3600) return ['console.minutes', { n: p / 60 }];
  return ['console.hours', { n: p / 3600 }];
}

export const PRESETS = TIMEOUT_PRESETS;
