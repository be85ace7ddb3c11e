/**
 * Which sources of a scene hold a device only one process can open at a time (a camera, a
 * microphone). Two encoder generations run side by side during a switch, so two scenes that share
 * one cannot overlap: the old generation must let go first. Screens, windows, images, text, test
 * patterns, tones and desktop audio (a loopback or monitor) can be opened twice.
 */
import type { Scene } from '../../common/scene';

type Kind = 'camera' | 'microphone';

/** Per kind, the device ids a scene opens ('' = the system default, which may be any of them). */
export function exclusiveDevices(scene: Scene): Record<Kind, Set<string>> {
  const held: Record<Kind, Set<string>> = { camera: new Set(), microphone: new Set() };
  for (const layer of scene.layers) {
    if (layer.visible && layer.source.kind === 'camera') held.camera.add(layer.source.device ?? '');
  }
  for (const a of scene.audio) {
    if (a.kind === 'microphone') held.microphone.add(a.device ?? '');
  }
  return held;
}

export function sharesExclusiveDevice(a: Scene, b: Scene): boolean {
  const x = exclusiveDevices(a);
  const y = exclusiveDevices(b);
  return (['camera', 'microphone'] as const).some((k) => {
    if (x[k].size === 0 || y[k].size === 0) return false;
    if (x[k].has('') || y[k].has('')) return true;
    return [...y[k]].some((d) => x[k].has(d));
  });
}

/** The scene without its cameras and microphones (what a fade can compose while the on-air encoder holds them). */
export function withoutExclusiveDevices(scene: Scene): Scene {
  return { ...scene, layers: scene.layers.filter((l) => l.source.kind !== 'camera'), audio: scene.audio.filter((a) => a.kind !== 'microphone') };
}
