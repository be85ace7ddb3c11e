/**
 * Applies edits of the on-air scene while live. The editor saves on every change (dragging a layer
 * saves many times a second), and each apply starts a new encoder generation that the program bus
 * splices in (the stream never stops, but each costs an encoder start-up's CPU), so edits are
 * coalesced: the apply happens once, `delayMs` after the last edit, and only if what the encoder
 * would compose differs from what it was composing when the edits began (a save that changes
 * nothing, or edits undone within the window, start no encoder).
 */
import type { AudioSource, SceneCollection } from '../../common/scene';

export const LIVE_EDIT_DELAY_MS = 500;

/**
 * What the encoder draws and plays for the active scene: layer and source names do not show, and
 * fader, mute and noise suppression change in the running encoder (filter commands, no restart).
 */
export function composedKey(collection: SceneCollection): string | null {
  const scene = collection.scenes.find((s) => s.id === collection.activeSceneId);
  if (!scene) return null;
  const strip = <T extends { name?: string }>({ name: _name, ...rest }: T) => rest;
  const capture = ({ name: _n, volume: _v, muted: _m, noiseSuppression: _ns, ...rest }: AudioSource) => rest;
  return JSON.stringify({ id: scene.id, layers: scene.layers.map(strip), audio: scene.audio.map(capture) });
}

export interface LiveSceneEditsOptions {
  delayMs?: number;
  /** The collection as the pipeline would compose it now. */
  current(): SceneCollection;
  /** True while an encoder runs (live, starting or switching). */
  live(): boolean;
  /** Restarts the encoder on the saved active scene. */
  apply(sceneId: string): Promise<void>;
  onError(err: Error): void;
}

export class LiveSceneEdits {
  private timer: NodeJS.Timeout | null = null;
  private baseline: string | null = null;

  constructor(private readonly opts: LiveSceneEditsOptions) {}

  /** Call with the composition from before a save, after saving. */
  saved(before: string | null): void {
    if (!this.opts.live()) return this.cancel();
    if (this.timer === null) {
      if (composedKey(this.opts.current()) === before) return;
      this.baseline = before;
    } else {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => this.fire(), this.opts.delayMs ?? LIVE_EDIT_DELAY_MS);
    this.timer.unref?.();
  }

  /** Drops a pending apply (the scene was switched, which applies the saved scenes anyway; or stopping). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.baseline = null;
  }

  private fire(): void {
    const baseline = this.baseline;
    this.cancel();
    const now = this.opts.current();
    if (!this.opts.live() || composedKey(now) === baseline) return;
    this.opts.apply(now.activeSceneId).catch((err: Error) => this.opts.onError(err));
  }
}
