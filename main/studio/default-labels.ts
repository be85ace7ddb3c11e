/**
 * Default names of scenes and sources follow the interface language until the streamer renames them:
 * a name equal to one language's default (common/default-names.ts) becomes the same default in the
 * other language. The room title never does: it is public (viewers see it, and a change posts a
 * system line to everyone), so the studio's UI language must not rename it. Pure, unit-tested.
 */
import { DEFAULT_NAMES, type DefaultNames, type NameLang } from '../../common/default-names';
import type { SceneCollection } from '../../common/scene';

/** The defaults that follow the UI language: the studio's own scene and source names, not the room title. */
const PRIVATE_KEYS = (Object.keys(DEFAULT_NAMES.en) as (keyof DefaultNames)[]).filter((k) => k !== 'roomTitle');

/** The default scene or source name `name` stands for in any language, in `to`; the name itself when it is not one. */
export function relabel(name: string, to: NameLang): string {
  for (const names of Object.values(DEFAULT_NAMES)) {
    for (const key of PRIVATE_KEYS) {
      if (names[key] === name) return DEFAULT_NAMES[to][key];
    }
  }
  return name;
}

export function relabelScenes(c: SceneCollection, to: NameLang): SceneCollection {
  return {
    ...c,
    scenes: c.scenes.map((s) => ({
      ...s,
      name: relabel(s.name, to),
      layers: s.layers.map((l) => ({ ...l, name: relabel(l.name, to) })),
      audio: s.audio.map((a) => ({ ...a, name: relabel(a.name, to) })),
    })),
  };
}
