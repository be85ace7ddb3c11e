/**
 * Text layers on their way to the pipeline: a layer whose editor raster is stored and still matches
 * its text (textRasterKey) gets the raster's file path; any other text layer keeps ffmpeg's drawtext,
 * with a CJK-capable system font when it has no font file of its own. Pure, unit-tested.
 */
import { textRasterKey, type Scene, type SceneCollection } from '../../common/scene';

export interface TextLayerResources {
  rasterPath(id: string): string | null;
  /** A system font with CJK glyphs for drawtext, or null when none was found. */
  fallbackFont: string | null;
}

export function prepareTextLayers(collection: SceneCollection, res: TextLayerResources): SceneCollection {
  const scenes = collection.scenes.map((scene): Scene => ({
    ...scene,
    layers: scene.layers.map((layer) => {
      if (layer.source.kind !== 'text') return layer;
      const { raster, ...source } = layer.source;
      const file = raster && raster.key === textRasterKey(source) ? res.rasterPath(raster.id) : null;
      if (raster && file) return { ...layer, source: { ...source, raster: { ...raster, path: file } } };
      const fontFile = source.fontFile ?? res.fallbackFont ?? undefined;
      return { ...layer, source: fontFile ? { ...source, fontFile } : source };
    }),
  }));
  return { ...collection, scenes };
}

/** A client never chooses where the pipeline reads a raster from: any `path` it sent is dropped. */
export function stripRasterPaths(scenes: unknown): unknown {
  if (!Array.isArray(scenes)) return scenes;
  return scenes.map((s: unknown) => {
    const layers = (s as { layers?: unknown })?.layers;
    if (!Array.isArray(layers)) return s;
    return {
      ...(s as object),
      layers: layers.map((l: unknown) => {
        const src = (l as { source?: { raster?: unknown } })?.source;
        if (!src || typeof src.raster !== 'object' || src.raster === null) return l;
        const { path: _drop, ...raster } = src.raster as { path?: unknown };
        return { ...(l as object), source: { ...src, raster } };
      }),
    };
  });
}

/** The raster ids the saved scenes use (what pruning keeps). */
export function rasterIdsInUse(collection: SceneCollection): Set<string> {
  const ids = new Set<string>();
  for (const s of collection.scenes) for (const l of s.layers) if (l.source.kind === 'text' && l.source.raster) ids.add(l.source.raster.id);
  return ids;
}
