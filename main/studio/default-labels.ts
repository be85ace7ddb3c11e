/**
 * Default names follow the interface language until the streamer renames them: a name equal to one
 * language's default (common/default-names.ts) becomes the same default in the other language.
 * Pure, unit-tested.
 */
import { DEFAULT_NAMES, type DefaultNames, type NameLang } from '../../common/default-names';
import type { SceneCollection } from '../../common/scene';

/** The default `name` stands for in any language, in `to`; the name itself when it is not a default. */
export function relabel(name: string, to: NameLang): string {
  for (const names of Object.values(DEFAULT_NAMES)) {
    for (const key of Object.keys(names) as (keyof DefaultNames)[]) {
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
