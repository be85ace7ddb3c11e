/**
 * Text layers drawn the way the editor shows them: with the platform's own fonts (CJK from PingFang,
 * Microsoft YaHei or Noto CJK; colour emoji from Apple, Segoe or Noto Color Emoji) onto a transparent
 * canvas of the layer's size in output pixels. The PNG goes to the core (saveTextImage) and the
 * pipeline overlays it, so viewers see exactly these pixels; ffmpeg's drawtext cannot draw colour
 * emoji and finds CJK glyphs only where fontconfig has them. The editor preview uses the same font
 * stack and layout (top-left, one line per "\n", line height 1.2), scaled to the canvas on screen.
 */
import type { VideoSource } from '../../../common/scene';

export type TextSource = Extract<VideoSource, { kind: 'text' }>;

/** After the streamer's own choice: CJK faces per platform, then colour emoji faces, then generic. */
const FALLBACK = ['"PingFang SC"', '"Hiragino Sans GB"', '"Microsoft YaHei"', '"Noto Sans CJK SC"', '"Source Han Sans SC"', '"WenQuanYi Micro Hei"', '"Apple Color Emoji"', '"Segoe UI Emoji"', '"Noto Color Emoji"', 'sans-serif'];
const GENERIC = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui']);

/** Suggestions for the font field (any installed family name works). */
export const FONT_SUGGESTIONS = ['sans-serif', 'serif', 'monospace', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Serif CJK SC', 'SimHei', 'KaiTi', 'Arial', 'Georgia'];

export const LINE_HEIGHT = 1.2;

/** A CSS font-family list: the chosen families (quoted; the schema allows no CSS syntax) then the fallbacks. */
export function cssFontFamily(family: string | undefined): string {
  const chosen = (family ?? '').split(',').map((f) => f.trim().replace(/['"]/g, '')).filter(Boolean)
    .map((f) => (GENERIC.has(f.toLowerCase()) ? f.toLowerCase() : `"${f}"`));
  return [...chosen, ...FALLBACK].join(', ');
}

/** ffmpeg colours are "white", "#rrggbb" or "0xrrggbb"; CSS wants "#rrggbb" for the last. */
export function cssColor(c: string | undefined, dflt: string): string {
  if (!c) return dflt;
  return /^0x[0-9a-f]{6,8}$/i.test(c) ? `#${c.slice(2)}` : c;
}

/** The layer's size in output pixels (even numbers, as the pipeline rounds). */
export function layerPixels(rect: { width: number; height: number }, output: { width: number; height: number }): { width: number; height: number } {
  const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);
  return { width: even(rect.width * output.width), height: even(rect.height * output.height) };
}

/** Draws the text on a transparent canvas of `width`×`height` and returns the PNG as base64. */
export function rasterizeText(source: TextSource, width: number, height: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas');
  const outline = source.outlineWidth ?? 0;
  ctx.font = `${source.fontSize}px ${cssFontFamily(source.fontFamily)}`;
  ctx.textBaseline = 'top';
  ctx.lineJoin = 'round';
  const lines = source.text.split('\n');
  lines.forEach((line, i) => {
    const x = outline;
    const y = outline + i * source.fontSize * LINE_HEIGHT;
    if (outline > 0) {
      ctx.strokeStyle = cssColor(source.outlineColor, 'black');
      ctx.lineWidth = outline * 2; // half of the stroke lies inside the glyph, under the fill
      ctx.strokeText(line, x, y);
    }
    ctx.fillStyle = cssColor(source.color, 'white');
    ctx.fillText(line, x, y);
  });
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}
