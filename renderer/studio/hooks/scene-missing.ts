/** Which layers of a scene refer to a device that device listing did not find (pure: unit-tested). */
import type { Devices, PipelineState, Scene } from '../../../common/studio-api';

/** A layer whose device is not in the current device list is shown as missing (it will be left out). */
export function findMissingLayers(scene: Scene | null, devices: Devices, state?: Pick<PipelineState, 'sceneId' | 'notes'>): Set<string> {
  const out = new Set<string>();
  if (!scene) return out;
  // What the pipeline actually left out of the scene on air is authoritative for that scene.
  if (state && state.sceneId === scene.id) for (const n of state.notes) if (n.layerId) out.add(n.layerId);
  for (const l of scene.layers) {
    const s = l.source;
    if (s.kind === 'camera' && (devices.cameras.length === 0 || (s.device && !devices.cameras.some((c) => c.id === s.device)))) out.add(l.id);
    if (s.kind === 'display' && s.device && devices.displays.length > 0 && !devices.displays.some((d) => d.id === s.device)) out.add(l.id);
  }
  return out;
}
