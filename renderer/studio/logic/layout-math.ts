/**
 * Drag and resize math for layer boxes on the scene canvas, in output pixels (the canvas is drawn
 * scaled; the component converts pointer deltas with `toCanvasDelta`). Boxes stay inside the canvas,
 * keep a minimum size, optionally keep their aspect ratio (a camera must not be squashed), and snap
 * to the canvas edges and centre lines when within `snap` px, as OBS does.
 */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Size {
  w: number;
  h: number;
}

export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';

export interface ResizeOptions {
  keepAspect: boolean;
  minSize: number;
  snap: number;
}

export const HANDLES: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Pointer movement in screen px → canvas px, given how the canvas is displayed. */
export function toCanvasDelta(dxScreen: number, dyScreen: number, displayWidth: number, canvas: Size): { dx: number; dy: number } {
  const scale = displayWidth > 0 ? canvas.w / displayWidth : 1;
  return { dx: dxScreen * scale, dy: dyScreen * scale };
}

/** Snaps a box edge/centre position `v` to the nearest of `targets` within `snap`. */
function snapValue(v: number, targets: readonly number[], snap: number): number | null {
  let best: number | null = null;
  let bestDist = snap;
  for (const t of targets) {
    const d = Math.abs(v - t);
    if (d <= bestDist) {
      best = t;
      bestDist = d;
    }
  }
  return best;
}

/** Moves a box by (dx, dy), snapping its left/right/centre to the canvas edges and centre, clamped inside. */
export function moveRect(r: Rect, dx: number, dy: number, canvas: Size, snap = 0): Rect {
  let x = r.x + dx;
  let y = r.y + dy;
  if (snap > 0) {
    x = snapAxis(x, r.w, canvas.w, snap);
    y = snapAxis(y, r.h, canvas.h, snap);
  }
  return { x: clamp(x, 0, Math.max(0, canvas.w - r.w)), y: clamp(y, 0, Math.max(0, canvas.h - r.h)), w: r.w, h: r.h };
}

function snapAxis(pos: number, size: number, total: number, snap: number): number {
  const targets = [0, total / 2, total];
  const start = snapValue(pos, targets, snap);
  if (start !== null) return start;
  const end = snapValue(pos + size, targets, snap);
  if (end !== null) return end - size;
  const mid = snapValue(pos + size / 2, [total / 2], snap);
  if (mid !== null) return mid - size / 2;
  return pos;
}

/**
 * Resizes by dragging `handle` by (dx, dy). The opposite edge/corner stays put. With keepAspect, the
 * axis the pointer moved more along drives the size and the other follows; the result is then
 * shrunk (never distorted) to fit inside the canvas.
 */
export function resizeRect(r: Rect, handle: Handle, dx: number, dy: number, canvas: Size, opts: ResizeOptions): Rect {
  const west = handle.includes('w');
  const east = handle.includes('e');
  const north = handle.includes('n');
  const south = handle.includes('s');
  let left = r.x;
  let right = r.x + r.w;
  let top = r.y;
  let bottom = r.y + r.h;
  if (west) left += dx;
  if (east) right += dx;
  if (north) top += dy;
  if (south) bottom += dy;

  if (opts.snap > 0) {
    const xs = [0, canvas.w / 2, canvas.w];
    const ys = [0, canvas.h / 2, canvas.h];
    if (west) left = snapValue(left, xs, opts.snap) ?? left;
    if (east) right = snapValue(right, xs, opts.snap) ?? right;
    if (north) top = snapValue(top, ys, opts.snap) ?? top;
    if (south) bottom = snapValue(bottom, ys, opts.snap) ?? bottom;
  }

  // the fixed edges, for anchoring below
  const anchorX = west ? r.x + r.w : r.x;
  const anchorY = north ? r.y + r.h : r.y;
  // space available from the anchor towards the dragged side
  const maxW = west ? anchorX : east ? canvas.w - anchorX : canvas.w;
  const maxH = north ? anchorY : south ? canvas.h - anchorY : canvas.h;

  let w = clamp(right - left, opts.minSize, Math.max(opts.minSize, west || east ? maxW : canvas.w));
  let h = clamp(bottom - top, opts.minSize, Math.max(opts.minSize, north || south ? maxH : canvas.h));

  if (opts.keepAspect && r.w > 0 && r.h > 0) {
    const aspect = r.w / r.h;
    const horizontal = west || east;
    const vertical = north || south;
    const widthDrives = horizontal && (!vertical || Math.abs(dx) >= Math.abs(dy) * aspect);
    if (widthDrives) h = w / aspect;
    else w = h * aspect;
    // fit inside the available space without distorting
    const limitW = horizontal ? maxW : canvas.w;
    const limitH = vertical ? maxH : canvas.h;
    const fit = Math.min(1, limitW / w, limitH / h);
    w *= fit;
    h *= fit;
    const minScale = Math.max(1, opts.minSize / Math.min(w, h));
    if (minScale > 1 && w * minScale <= canvas.w && h * minScale <= canvas.h) {
      w *= minScale;
      h *= minScale;
    }
  }

  let x = west ? anchorX - w : r.x;
  let y = north ? anchorY - h : r.y;
  // an edge handle (n/s with keepAspect) grows the other axis around the box's centre
  if (!west && !east) x = r.x + (r.w - w) / 2;
  if (!north && !south) y = r.y + (r.h - h) / 2;
  x = clamp(x, 0, Math.max(0, canvas.w - w));
  y = clamp(y, 0, Math.max(0, canvas.h - h));
  return { x, y, w, h };
}

/** Rounds to whole output pixels once the gesture ends (encoders and the scene model want integers). */
export function roundRect(r: Rect): Rect {
  return { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.w), h: Math.round(r.h) };
}

/** Fits a box of `aspect` (w/h) inside `box`, centred: how the canvas is letterboxed in its panel. */
export function fitAspect(box: Size, aspect: number): Rect {
  if (box.w <= 0 || box.h <= 0 || aspect <= 0) return { x: 0, y: 0, w: 0, h: 0 };
  let w = box.w;
  let h = w / aspect;
  if (h > box.h) {
    h = box.h;
    w = h * aspect;
  }
  return { x: (box.w - w) / 2, y: (box.h - h) / 2, w, h };
}
