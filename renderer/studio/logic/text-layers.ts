/**
 * Before a scene list is saved, every visible text layer gets a raster that matches its text, style
 * and size on the output (see ./text-raster.ts and common/scene.ts TextRasterSchema). Layers whose
 * raster is current are left alone, so a drag of another layer uploads nothing. A failed upload keeps
 * the layer without a current raster: the core then falls back to ffmpeg's drawtext.
 */
import type { Layer, Scene } from '../../../common/scene';
import { textRasterKey } from '../../../common/text-raster-key';
import type { TextImageInfo } from '../../../common/studio-api';
import { layerPixels, rasterizeText, type TextSource } from './text-raster';

type Upload = (pngBase64: string) => Promise<TextImageInfo | undefined>;
type Draw = (source: TextSource, width: number, height: number) => string;

/** True when the layer's raster shows its current text at its current size. */
export function rasterIsCurrent(layer: Layer, output: { width: number; height: number }): boolean {
  if (layer.source.kind !== 'text') return true;
  const r = layer.source.raster;
  const px = layerPixels(layer.rect, output);
  return !!r && r.key === textRasterKey(layer.source) && r.width === px.width && r.height === px.height;
}

/** One string per visible text layer whose raster is missing or stale (its state: scene, layer, key, size). */
export function staleTextLayers(scenes: Scene[], output: { width: number; height: number }): string[] {
  const out: string[] = [];
  for (const scene of scenes) {
    for (const layer of scene.layers) {
      if (layer.source.kind !== 'text' || !layer.visible || rasterIsCurrent(layer, output)) continue;
      const px = layerPixels(layer.rect, output);
      out.push(`${scene.id}/${layer.id}/${textRasterKey(layer.source)}/${px.width}x${px.height}`);
    }
  }
  return out;
}

export async function withTextRasters(scenes: Scene[], output: { width: number; height: number }, upload: Upload, draw: Draw = rasterizeText): Promise<Scene[]> {
  const out: Scene[] = [];
  for (const scene of scenes) {
    const layers: Layer[] = [];
    for (const layer of scene.layers) {
      if (layer.source.kind !== 'text' || !layer.visible || rasterIsCurrent(layer, output)) {
        layers.push(layer);
        continue;
      }
      const { raster: _old, ...source } = layer.source;
      const px = layerPixels(layer.rect, output);
      let info: TextImageInfo | undefined;
      try {
        info = await upload(draw(source, px.width, px.height));
      } catch {
        info = undefined;
      }
      layers.push({ ...layer, source: info ? { ...source, raster: { id: info.id, width: info.width, height: info.height, key: textRasterKey(source) } } : source });
    }
    out.push({ ...scene, layers });
  }
  return out;
}
