/**
 * Edits to the scene collection as pure functions over common/scene types: the editor computes the
 * next scene list and hands the whole list to the core (saveScenes), which validates it. Ids are
 * generated here because the core persists scenes as given.
 */
import type { AudioSource, Crop, Layer, Rect, Scene, VideoSource } from '../../../common/scene';

/** An id not in `taken`: `base`, `base-2`, `base-3`... (readable in settings files and logs). */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const set = new Set(taken);
  const clean = base.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'item';
  if (!set.has(clean)) return clean;
  for (let i = 2; ; i++) {
    const id = `${clean}-${i}`;
    if (!set.has(id)) return id;
  }
}

export function addScene(scenes: readonly Scene[], name: string): { scenes: Scene[]; id: string } {
  const id = uniqueId('scene', scenes.map((s) => s.id));
  return { scenes: [...scenes, { id, name, layers: [], audio: [] }], id };
}

export function renameScene(scenes: readonly Scene[], id: string, name: string): Scene[] {
  const trimmed = name.trim();
  if (!trimmed) return scenes.slice();
  return scenes.map((s) => (s.id === id ? { ...s, name: trimmed.slice(0, 100) } : s));
}

/** The last scene cannot be deleted: the studio always has something to stream. */
export function deleteScene(scenes: readonly Scene[], id: string): Scene[] {
  if (scenes.length <= 1) return scenes.slice();
  return scenes.filter((s) => s.id !== id);
}

export function updateScene(scenes: readonly Scene[], id: string, fn: (s: Scene) => Scene): Scene[] {
  return scenes.map((s) => (s.id === id ? fn(s) : s));
}

/**
 * Moves a layer one step towards the top (drawn later, "up") or the bottom. Layers are drawn in
 * array order, so "up" means a higher index.
 */
export function moveLayer(scene: Scene, layerId: string, dir: 'up' | 'down'): Scene {
  const i = scene.layers.findIndex((l) => l.id === layerId);
  const j = dir === 'up' ? i + 1 : i - 1;
  if (i < 0 || j < 0 || j >= scene.layers.length) return scene;
  const layers = scene.layers.slice();
  [layers[i], layers[j]] = [layers[j]!, layers[i]!];
  return { ...scene, layers };
}

export function setLayerRect(scene: Scene, layerId: string, rect: Rect): Scene {
  return { ...scene, layers: scene.layers.map((l) => (l.id === layerId ? { ...l, rect } : l)) };
}

/** What the text properties panel edits. */
export type TextPatch = Partial<Pick<Extract<VideoSource, { kind: 'text' }>, 'text' | 'fontFamily' | 'fontSize' | 'color' | 'outlineWidth' | 'outlineColor'>>;

/**
 * Edits a text layer's source. A layer still named after its old text (as the picker names it) is
 * renamed after the new one; its raster is redrawn by the save (the key no longer matches).
 */
export function updateTextSource(scene: Scene, layerId: string, patch: TextPatch): Scene {
  return {
    ...scene,
    layers: scene.layers.map((l) => {
      if (l.id !== layerId || l.source.kind !== 'text') return l;
      const source = { ...l.source, ...patch };
      const renamed = patch.text !== undefined && l.name === l.source.text.slice(0, 40) ? patch.text.slice(0, 40) : l.name;
      return { ...l, name: renamed, source };
    }),
  };
}

export function setLayerVisible(scene: Scene, layerId: string, visible: boolean): Scene {
  return { ...scene, layers: scene.layers.map((l) => (l.id === layerId ? { ...l, visible } : l)) };
}

export function removeLayer(scene: Scene, layerId: string): Scene {
  return { ...scene, layers: scene.layers.filter((l) => l.id !== layerId) };
}

/** Where a new layer goes: full canvas for screens and patterns, a corner PiP for cameras, centred otherwise. */
export function defaultRectFor(kind: VideoSource['kind']): Rect {
  switch (kind) {
    case 'display':
    case 'window':
    case 'test-pattern':
      return { x: 0, y: 0, width: 1, height: 1 };
    case 'camera':
      return { x: 0.72, y: 0.72, width: 0.25, height: 0.25 };
    case 'image':
      return { x: 0.35, y: 0.35, width: 0.3, height: 0.3 };
    case 'text':
      return { x: 0.05, y: 0.05, width: 0.5, height: 0.1 };
  }
}

/** Adds on top of the stack (what the streamer just picked should be visible). */
export function addLayer(scene: Scene, source: VideoSource, name: string): { scene: Scene; id: string } {
  const id = uniqueId(source.kind, scene.layers.map((l) => l.id));
  const layer: Layer = { id, name: name.slice(0, 100), source, rect: defaultRectFor(source.kind), visible: true };
  return { scene: { ...scene, layers: [...scene.layers, layer] }, id };
}

export function addAudio(scene: Scene, kind: AudioSource['kind'], device: string | undefined, name: string): Scene {
  const id = uniqueId(kind === 'microphone' ? 'mic' : kind, scene.audio.map((a) => a.id));
  const src: AudioSource = { id, name: name.slice(0, 100), kind, device, volume: 1, muted: false, frequencyHz: 440 };
  return { ...scene, audio: [...scene.audio, src] };
}

export function updateAudio(scene: Scene, audioId: string, patch: Partial<Pick<AudioSource, 'volume' | 'muted' | 'noiseSuppression'>>): Scene {
  return { ...scene, audio: scene.audio.map((a) => (a.id === audioId ? { ...a, ...patch } : a)) };
}

export function removeAudio(scene: Scene, audioId: string): Scene {
  return { ...scene, audio: scene.audio.filter((a) => a.id !== audioId) };
}

/** Normalised rect ↔ output pixels, for the drag/resize math. */
export function rectToPixels(r: Rect, w: number, h: number): { x: number; y: number; w: number; h: number } {
  return { x: r.x * w, y: r.y * h, w: r.width * w, h: r.height * h };
}

export function pixelsToRect(p: { x: number; y: number; w: number; h: number }, w: number, h: number): Rect {
  // clamp against float drift so the core's "fits inside the canvas" check never refuses a drag
  const width = Math.min(1, Math.max(1e-4, p.w / w));
  const height = Math.min(1, Math.max(1e-4, p.h / h));
  const x = Math.min(1 - width, Math.max(0, p.x / w));
  const y = Math.min(1 - height, Math.max(0, p.y / h));
  return { x, y, width, height };
}

/** What the layer properties panel edits (geometry in output pixels, crop and opacity in percent). */
export interface LayerPatch {
  /** Output pixels; clamped so the layer stays inside the canvas. */
  box?: { x: number; y: number; w: number; h: number };
  /** Percent of the source cut away on each side. */
  cropPercent?: { left: number; top: number; right: number; bottom: number };
  /** 0..100. */
  opacityPercent?: number;
  imagePath?: string;
  camera?: { device?: string | undefined; width?: number | undefined; height?: number | undefined };
  showCursor?: boolean;
}

/** Each side 0..95 %, and at least 5 % of the picture kept in each direction (the scene model's rule). */
export function clampCrop(c: { left: number; top: number; right: number; bottom: number }): Crop {
  const side = (v: number) => Math.min(0.95, Math.max(0, (Number.isFinite(v) ? v : 0) / 100));
  let left = side(c.left); let right = side(c.right); let top = side(c.top); let bottom = side(c.bottom);
  // the side just edited cannot push the other past the limit: shrink the larger one
  if (left + right > 0.95) { if (left >= right) left = 0.95 - right; else right = 0.95 - left; }
  if (top + bottom > 0.95) { if (top >= bottom) top = 0.95 - bottom; else bottom = 0.95 - top; }
  const r = (v: number) => Math.round(v * 10000) / 10000;
  return { left: r(left), top: r(top), right: r(right), bottom: r(bottom) };
}

/** Applies the panel's edit to one layer; `canvas` is the output size (for the pixel geometry). */
export function updateLayer(scene: Scene, layerId: string, patch: LayerPatch, canvas: { w: number; h: number }): Scene {
  return {
    ...scene,
    layers: scene.layers.map((l) => {
      if (l.id !== layerId) return l;
      const next: Layer = { ...l };
      if (patch.box) {
        const w = Math.min(canvas.w, Math.max(2, patch.box.w));
        const h = Math.min(canvas.h, Math.max(2, patch.box.h));
        next.rect = pixelsToRect({ x: patch.box.x, y: patch.box.y, w, h }, canvas.w, canvas.h);
      }
      if (patch.cropPercent) {
        const crop = clampCrop(patch.cropPercent);
        if (crop.left + crop.top + crop.right + crop.bottom === 0) delete next.crop;
        else next.crop = crop;
      }
      if (patch.opacityPercent !== undefined) {
        const o = Math.min(1, Math.max(0, Math.round(patch.opacityPercent) / 100));
        if (o >= 1) delete next.opacity;
        else next.opacity = o;
      }
      const src = l.source;
      if (patch.imagePath !== undefined && src.kind === 'image' && patch.imagePath.trim()) next.source = { ...src, path: patch.imagePath.trim() };
      if (patch.showCursor !== undefined && src.kind === 'display') next.source = { ...src, showCursor: patch.showCursor };
      if (patch.camera && src.kind === 'camera') {
        const { device, width, height } = { ...src, ...patch.camera };
        const cam: Extract<VideoSource, { kind: 'camera' }> = { kind: 'camera' };
        if (device) cam.device = device;
        if (width && height) { cam.width = width; cam.height = height; }
        if (src.fps) cam.fps = src.fps;
        next.source = cam;
      }
      return next;
    }),
  };
}
