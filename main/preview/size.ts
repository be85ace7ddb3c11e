/** The preview's size, rate and timings: small numbers that decide its CPU cost. Pure. */

export interface PreviewTiming {
  /** Preview width in pixels (the height follows the output's aspect ratio). */
  width: number;
  fps: number;
  /** Nobody asking for this long stops the preview. */
  leaseMs: number;
  /** How long one frame request waits for a new frame. */
  waitMs: number;
  /** Edits in a burst (dragging a number) restart the preview once, this long after the last. */
  debounceMs: number;
  /** First retry after the preview ffmpeg failed; doubles up to retryMaxMs. */
  retryMs: number;
  retryMaxMs: number;
}

/**
 * 640 px wide at 12 fps: sharp enough for an editor panel, at most ~10 % of one core for a 720p
 * screen with the fast scaler (docs/performance.md), and above the 10 fps a moving picture needs.
 */
export const DEFAULT_PREVIEW_TIMING: PreviewTiming = { width: 640, fps: 12, leaseMs: 4000, waitMs: 2000, debounceMs: 300, retryMs: 1000, retryMaxMs: 8000 };

/** The preview canvas: `width` wide (never wider than the output), the output's aspect, even sizes. */
export function previewSize(output: { width: number; height: number }, t: Pick<PreviewTiming, 'width' | 'fps'>): { width: number; height: number; fps: number } {
  const width = Math.max(2, Math.floor(Math.min(t.width, output.width) / 2) * 2);
  const height = Math.max(2, Math.floor((width * output.height) / output.width / 2) * 2);
  return { width, height, fps: t.fps };
}
