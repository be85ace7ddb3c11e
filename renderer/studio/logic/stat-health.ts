/**
 * When a status-bar number turns amber or red. Thresholds follow what viewers notice: below ~95 % of
 * the target frame rate motion stutters, an encoder slower than real time (speed < 1) falls behind
 * and drops frames, and any sustained dropped frames mean the machine cannot keep up.
 */

export type Health = 'ok' | 'warn' | 'bad';

export function fpsHealth(fps: number, target: number): Health {
  if (target <= 0) return 'ok';
  const ratio = fps / target;
  if (ratio >= 0.95) return 'ok';
  if (ratio >= 0.8) return 'warn';
  return 'bad';
}

export function speedHealth(speed: number): Health {
  if (speed >= 0.98) return 'ok';
  if (speed >= 0.9) return 'warn';
  return 'bad';
}

/** Dropped (or duplicated) frames as a share of all frames output so far. */
export function frameLossHealth(lost: number, total: number): Health {
  if (lost <= 0 || total <= 0) return 'ok';
  const ratio = lost / total;
  if (ratio < 0.01) return 'ok';
  if (ratio < 0.05) return 'warn';
  return 'bad';
}

/**
 * Bitrate is not judged against the target: a static scene (a test pattern, a paused game) is
 * legitimately far below it. Only nothing at all coming out of a live encoder is a problem.
 */
export function bitrateHealth(kbps: number): Health {
  return kbps > 0 ? 'ok' : 'bad';
}

export function cpuHealth(percent: number): Health {
  if (percent < 80) return 'ok';
  if (percent < 95) return 'warn';
  return 'bad';
}

export function worst(...hs: Health[]): Health {
  return hs.includes('bad') ? 'bad' : hs.includes('warn') ? 'warn' : 'ok';
}
