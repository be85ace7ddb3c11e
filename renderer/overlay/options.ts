/**
 * Overlay options, from the browser-source URL's query string (pure, unit-tested):
 *   danmaku=1|0   scrolling/top/bottom comments (default 1)
 *   gifts=1|0     gift toasts, bottom-left (default 1)
 *   chat=1|0      a chat column, right side (default 0)
 *   opacity=0..1  danmaku opacity (default 1)
 *   size=N        danmaku font size in px, 12..64 (default 28)
 *   speed=N       seconds a comment takes to cross, 3..20 (default 8)
 *   area=0..1     share of the height scrolling comments may use (default 1)
 *   max=N         cap on comments shown at once (default 300)
 *   lang=zh-CN|en system texts (default: browser language)
 *   bench=1       installs window.__danmakuBench / __danmakuFps and skips the room connection
 * Example OBS browser source: http://127.0.0.1:<port>/overlay/main?chat=0&danmaku=1&gifts=1&opacity=0.9
 */
export interface OverlayOptions {
  danmaku: boolean;
  gifts: boolean;
  chat: boolean;
  opacity: number;
  fontSize: number;
  durationMs: number;
  area: number;
  maxOnScreen: number;
  bench: boolean;
}

function flag(q: URLSearchParams, name: string, dflt: boolean): boolean {
  const v = q.get(name);
  if (v === null) return dflt;
  return !['0', 'false', 'no', 'off'].includes(v.toLowerCase());
}

function num(q: URLSearchParams, name: string, dflt: number, min: number, max: number): number {
  const v = Number(q.get(name));
  if (q.get(name) === null || !Number.isFinite(v)) return dflt;
  return Math.min(max, Math.max(min, v));
}

export function parseOverlayOptions(q: URLSearchParams): OverlayOptions {
  return {
    danmaku: flag(q, 'danmaku', true),
    gifts: flag(q, 'gifts', true),
    chat: flag(q, 'chat', false),
    opacity: num(q, 'opacity', 1, 0, 1),
    fontSize: num(q, 'size', 28, 12, 64),
    durationMs: num(q, 'speed', 8, 3, 20) * 1000,
    area: num(q, 'area', 1, 0.1, 1),
    maxOnScreen: num(q, 'max', 300, 1, 5000),
    bench: flag(q, 'bench', false),
  };
}
