/**
 * Collects items arriving at any rate (100 room events/s) and hands them over once per animation
 * frame, so React renders at most once a frame however bursty the source is. The scheduler is
 * injectable for tests and for hidden tabs (where requestAnimationFrame stops).
 */

export type Schedule = (cb: () => void) => () => void;

export interface FrameBatcher<T> {
  push(item: T): void;
  /** Delivers what is pending now (e.g. before unmount). */
  flush(): void;
  dispose(): void;
}

export function createFrameBatcher<T>(deliver: (items: T[]) => void, schedule: Schedule): FrameBatcher<T> {
  let pending: T[] = [];
  let cancel: (() => void) | null = null;
  let disposed = false;

  const flush = () => {
    cancel = null;
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    deliver(items);
  };

  return {
    push(item) {
      if (disposed) return;
      pending.push(item);
      if (!cancel) cancel = schedule(flush);
    },
    flush() {
      cancel?.();
      flush();
    },
    dispose() {
      disposed = true;
      cancel?.();
      cancel = null;
      pending = [];
    },
  };
}
