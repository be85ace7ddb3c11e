/**
 * When to show the offline panel and when to (re)create the player, pure (unit-tested).
 * The relay's room API is the source of truth for "is anyone publishing"; the player's own health
 * (fatal errors, a clock that stopped) decides when a live stream needs a fresh player. A new publish
 * means new codec parameters and timestamps, so recovering always recreates the player.
 */
/** `waiting`: live, but the last player failed; a new one is created at `retryAt`. */
export type StreamPhase = 'checking' | 'offline' | 'waiting' | 'starting' | 'playing';

export interface StreamState {
  phase: StreamPhase;
  /** Bumps whenever a (new) player should be created; the page recreates when it changes. */
  generation: number;
  /** Date.now() when the current player was created. */
  startedAt: number;
  /** Last time playback was seen advancing. */
  progressAt: number;
  /** `since` from the API: a different value means the publisher restarted. */
  since: number | null;
  /** Consecutive player failures without reaching 'playing', for backoff. */
  failures: number;
  retryAt: number;
}

export type StreamInput =
  | { type: 'api'; live: boolean; since: number | null; now: number }
  | { type: 'api-error'; now: number }
  | { type: 'progress'; now: number }
  | { type: 'fatal'; now: number }
  | { type: 'tick'; now: number };

export interface StreamTiming {
  /** A live stream whose clock does not advance for this long gets a fresh player. */
  stallMs: number;
  /** Time a new player gets to start before it is considered failed. */
  startMs: number;
  /** Upper bound of the retry backoff. */
  maxBackoffMs: number;
}

export const DEFAULT_TIMING: StreamTiming = { stallMs: 8000, startMs: 15000, maxBackoffMs: 10000 };

export function initialStreamState(): StreamState {
  return { phase: 'checking', generation: 0, startedAt: 0, progressAt: 0, since: null, failures: 0, retryAt: 0 };
}

function restart(s: StreamState, now: number): StreamState {
  return { ...s, phase: 'starting', generation: s.generation + 1, startedAt: now, progressAt: now };
}

/** The player failed: drop it and retry after a backoff (1 s, 2 s, 4 s … up to maxBackoffMs). */
function fail(s: StreamState, now: number, t: StreamTiming): StreamState {
  const failures = s.failures + 1;
  return { ...s, phase: 'waiting', failures, retryAt: now + Math.min(t.maxBackoffMs, 1000 * 2 ** (failures - 1)) };
}

export function nextStreamState(s: StreamState, input: StreamInput, t: StreamTiming = DEFAULT_TIMING): StreamState {
  const hasPlayer = s.phase === 'starting' || s.phase === 'playing';
  switch (input.type) {
    case 'api': {
      if (!input.live) return { ...s, phase: 'offline', since: input.since, failures: 0 };
      const republished = s.since !== null && input.since !== null && input.since !== s.since;
      if (republished) return { ...restart(s, input.now), since: input.since, failures: 0 };
      if (s.phase === 'checking' || s.phase === 'offline') return { ...restart(s, input.now), since: input.since };
      return { ...s, since: input.since };
    }
    case 'api-error':
      // The API being unreachable says nothing about the stream: keep playing what we have.
      return s.phase === 'checking' ? { ...s, phase: 'offline' } : s;
    case 'progress':
      if (!hasPlayer) return s;
      return { ...s, phase: 'playing', progressAt: input.now, failures: 0 };
    case 'fatal':
      return hasPlayer ? fail(s, input.now, t) : s;
    case 'tick': {
      if (s.phase === 'playing' && input.now - s.progressAt > t.stallMs) return fail(s, input.now, t);
      if (s.phase === 'starting' && input.now - s.startedAt > t.startMs) return fail(s, input.now, t);
      if (s.phase === 'waiting' && input.now >= s.retryAt) return restart(s, input.now);
      return s;
    }
  }
}

/** What the page shows over the video. */
export function wantsPlayer(s: StreamState): boolean {
  return s.phase === 'starting' || s.phase === 'playing';
}

export function overlayFor(s: StreamState): 'none' | 'offline' | 'connecting' {
  if (s.phase === 'offline') return 'offline';
  if (s.phase === 'playing') return 'none';
  return 'connecting';
}
