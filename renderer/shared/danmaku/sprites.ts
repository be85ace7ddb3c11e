/**
 * Renders each comment's text once into a bitmap, so a frame is only drawImage calls: shaping text
 * and stroking outlines every frame for hundreds of comments would not hold 60 fps.
 * Text reaches the canvas through fillText/strokeText only, never through HTML.
 */

export interface Sprite {
  /** Bitmap at device resolution. */
  image: CanvasImageSource;
  /** Size in CSS px. */
  width: number;
  height: number;
  /** Size in device px (what drawImage receives, so nothing is resampled). */
  deviceWidth: number;
  deviceHeight: number;
  close(): void;
}

export interface SpriteStyle {
  fontSize: number;
  fontFamily: string;
  dpr: number;
}

const OUTLINE = 'rgba(0,0,0,0.75)';

type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function makeCanvas(w: number, h: number): { canvas: OffscreenCanvas | HTMLCanvasElement; ctx: Ctx2D } {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d');
    if (ctx) return { canvas, ctx };
  }
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available');
  return { canvas, ctx };
}

export class SpriteFactory {
  private measure: Ctx2D;

  constructor(private style: SpriteStyle) {
    this.measure = makeCanvas(1, 1).ctx;
  }

  setStyle(style: SpriteStyle): void {
    this.style = style;
  }

  get lineHeight(): number {
    return Math.ceil(this.style.fontSize * 1.3);
  }

  private font(): string {
    return `bold ${this.style.fontSize}px ${this.style.fontFamily}`;
  }

  /** Width in CSS px without rendering (lane allocation needs it before a sprite exists). */
  measureWidth(text: string): number {
    this.measure.font = this.font();
    return Math.ceil(this.measure.measureText(text).width) + 4;
  }

  create(text: string, color: string, framed = false): Sprite {
    const { dpr, fontSize } = this.style;
    const width = this.measureWidth(text) + (framed ? 6 : 0);
    const height = this.lineHeight;
    const dw = Math.max(1, Math.ceil(width * dpr));
    const dh = Math.max(1, Math.ceil(height * dpr));
    const { canvas, ctx } = makeCanvas(dw, dh);
    ctx.scale(dpr, dpr);
    ctx.font = this.font();
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    ctx.lineWidth = Math.max(2, fontSize / 8);
    ctx.strokeStyle = OUTLINE;
    const x = framed ? 5 : 2;
    const y = height / 2;
    ctx.strokeText(text, x, y);
    ctx.fillStyle = color;
    ctx.fillText(text, x, y);
    if (framed) {
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.lineWidth = 1.5;
      ctx.strokeRect(1, 1, width - 2, height - 2);
    }
    // An ImageBitmap is the cheapest drawImage source; transferToImageBitmap is synchronous.
    let image: CanvasImageSource = canvas as CanvasImageSource;
    let close = () => {};
    if ('transferToImageBitmap' in canvas) {
      const bmp = canvas.transferToImageBitmap();
      image = bmp;
      close = () => bmp.close();
    }
    return { image, width, height, deviceWidth: dw, deviceHeight: dh, close };
  }
}
