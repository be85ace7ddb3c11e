/** The saved scenes (scenes.json): the pipeline's SceneCollection, validated and written atomically. */
import { SceneCollectionSchema, defaultSceneCollection, type Scene, type SceneCollection } from '../../common/scene';
import { StudioError, type CodedMessage } from '../../common/studio-api';
import { describeIssues, scenesSchema } from './api-schemas';
import { loadJsonFile, writeJsonAtomic } from '../settings/json-file';

export interface ScenesStore {
  get(): SceneCollection;
  /** Replaces the scene list; keeps the active scene when it still exists, else the first one. */
  save(scenes: unknown): SceneCollection;
  setActive(sceneId: string): SceneCollection;
  readonly loadProblem: CodedMessage | null;
}

export function openScenesStore(file: string, defaults: () => SceneCollection = defaultSceneCollection): ScenesStore {
  const loaded = loadJsonFile(file, SceneCollectionSchema, defaults, 'scenes');
  let current = loaded.value;
  const persist = (next: SceneCollection) => {
    writeJsonAtomic(file, next);
    current = next;
    return structuredClone(current);
  };
  return {
    loadProblem: loaded.problem,
    get: () => structuredClone(current),
    save(input) {
      const parsed = scenesSchema.safeParse(input);
      if (!parsed.success) {
        const issues = describeIssues(parsed.error);
        throw new StudioError('invalid', `Scenes not saved: ${issues.join('; ')}. Nothing was changed.`, issues, { code: 'scenes-invalid', params: { issues: issues.join('; ') } });
      }
      const scenes: Scene[] = parsed.data;
      const activeSceneId = scenes.some((s) => s.id === current.activeSceneId) ? current.activeSceneId : scenes[0]!.id;
      return persist({ version: 1, scenes, activeSceneId });
    },
    setActive(sceneId) {
      if (!current.scenes.some((s) => s.id === sceneId)) {
        throw new StudioError('not_found', `There is no scene "${sceneId}". Pick one of: ${current.scenes.map((s) => s.id).join(', ')}.`, [], { code: 'scene-unknown', params: { sceneId: sceneId.slice(0, 64) } });
      }
      return persist({ ...current, activeSceneId: sceneId });
    },
  };
}
