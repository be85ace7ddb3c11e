/**
 * Everything checked before ffmpeg starts: the settings' shape (zod), the scene, devices the scene
 * names explicitly (a camera unplugged since it was chosen), and that the stream goes somewhere.
 * Pure: returns the problems in words a streamer can act on.
 */
import { encoderLabel } from '../../media/studio/args/encoder';
import { describeSettingsError, PipelineSettingsSchema, type EncoderId, type EncoderOption, type PipelineSettings } from '../../common/pipeline';
import { SceneCollectionSchema, type Scene, type SceneCollection } from '../../common/scene';
import type { DeviceInventory } from '../../media/studio/device-types';

export class PipelineValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cannot go live:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'PipelineValidationError';
  }
}

export function parseSettings(input: unknown): PipelineSettings {
  const r = PipelineSettingsSchema.safeParse(input);
  if (!r.success) throw new PipelineValidationError(describeSettingsError(r.error).split('\n'));
  return r.data;
}

export function parseScenes(input: unknown): SceneCollection {
  const r = SceneCollectionSchema.safeParse(input);
  if (!r.success) throw new PipelineValidationError(describeSettingsError(r.error).split('\n').map((l) => `Scenes: ${l}`));
  return r.data;
}

/** Devices the scene chose by id that the inventory no longer has. Defaults (no id) are never an error. */
export function vanishedDevices(scene: Scene, inv: DeviceInventory): string[] {
  const problems: string[] = [];
  const hasAudio = (id: string) => inv.audio.some((a) => a.id === id || a.name === id);
  for (const layer of scene.layers) {
    if (!layer.visible) continue;
    const s = layer.source;
    if (s.kind === 'camera' && s.device && !inv.cameras.some((c) => c.id === s.device || c.name === s.device)) {
      problems.push(`The camera "${s.device}" (layer "${layer.name || layer.id}" in scene "${scene.name}") is not connected: plug it in or choose another camera.`);
    }
    if (s.kind === 'display' && s.device && !inv.displays.some((d) => d.id === s.device)) {
      problems.push(`The display "${s.device}" (scene "${scene.name}") is not connected: choose another display.`);
    }
  }
  for (const a of scene.audio) {
    if ((a.kind === 'microphone' || a.kind === 'desktop') && a.device && !hasAudio(a.device)) {
      problems.push(`The ${a.kind === 'desktop' ? 'desktop audio source' : 'microphone'} "${a.device}" (scene "${scene.name}") is not available: plug it in or choose another.`);
    }
  }
  return problems;
}

export function checkGoLive(settings: PipelineSettings, scene: Scene, inv: DeviceInventory | undefined): string[] {
  const problems: string[] = [];
  const enabled = settings.destinations.filter((d) => d.enabled);
  if (!settings.relayUrl && enabled.length === 0 && !settings.recording.enabled) {
    problems.push('There is nowhere to send the stream: start the relay, add a destination or turn on recording.');
  }
  const ids = new Set<string>();
  for (const d of settings.destinations) {
    if (ids.has(d.id) || d.id === 'relay') problems.push(`Two destinations share the id "${d.id}": give each its own.`);
    ids.add(d.id);
  }
  if (settings.recording.enabled && !settings.recording.directory) problems.push('Recording is on but no recording folder is chosen.');
  if (inv) problems.push(...vanishedDevices(scene, inv));
  return problems;
}

/** Refuses an encoder the probe did not see working (or never checked): the stream would fail at once. */
export function checkEncoder(id: EncoderId, probed: readonly EncoderOption[]): string | null {
  const found = probed.find((e) => e.id === id);
  if (found?.working) return null;
  const why = found?.reason ?? 'it was not checked on this computer.';
  return `The encoder ${encoderLabel(id)} does not work on this computer: ${why}${/x264/.test(why) ? '' : ` Choose ${encoderLabel('x264')} instead.`}`;
}
