/**
 * The change detector of text rasters (see common/scene.ts TextRasterSchema), apart from the zod
 * schemas so the studio UI can import it without bundling zod.
 */

/** What a raster of a text source depends on (not the layer's size: a resized raster is scaled). */
export function textRasterKey(s: { text: string; fontSize: number; color: string; fontFamily?: string | undefined; outlineWidth?: number | undefined; outlineColor?: string | undefined }): string {
  const input = JSON.stringify([s.text, s.fontSize, s.color, s.fontFamily ?? '', s.outlineWidth ?? 0, s.outlineColor ?? 'black']);
  // FNV-1a, 32 bits: a change detector, not a security boundary (the PNG itself is content-addressed).
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
