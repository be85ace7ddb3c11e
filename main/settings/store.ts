/**
 * The studio's settings file (settings.json in the data folder): zod-validated on load and on every
 * update, written atomically. A refused patch changes nothing, in memory or on disk.
 */
import { AudioSettingsSchema, DEFAULT_TRANSITION, RecordingSettingsSchema, defaultPipelineSettings } from '../../common/pipeline';
import { StudioError, type CodedMessage, type StudioSettings, type StudioSettingsPatch, type UiLanguage } from '../../common/studio-api';
import { describeIssues, studioSettingsPatchSchema, studioSettingsSchema } from '../studio/api-schemas';
import { loadJsonFile, writeJsonAtomic } from './json-file';
import { DEFAULT_NAMES } from '../../common/default-names';

export const DEFAULT_RTMP_PORT = 1935;
export const DEFAULT_HTTP_PORT = 8000;

export function defaultLanguage(locale = Intl.DateTimeFormat().resolvedOptions().locale): UiLanguage {
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}

/** A fresh install's settings; the room title is named in the language the studio starts in. */
export function defaultSettings(language: UiLanguage = defaultLanguage()): StudioSettings {
  const pipeline = defaultPipelineSettings();
  return {
    room: { id: 'studio', title: DEFAULT_NAMES[language].roomTitle },
    relay: { rtmpPort: DEFAULT_RTMP_PORT, httpPort: DEFAULT_HTTP_PORT, publicHost: null, lanSharing: false },
    output: {
      video: pipeline.video,
      audio: AudioSettingsSchema.parse({}),
      destinations: [],
      recording: RecordingSettingsSchema.parse({}),
      transition: { ...DEFAULT_TRANSITION },
    },
    ffmpegPath: null,
    ui: { language },
    history: { keepDays: null, maxMb: null },
  };
}

/** Applies a validated patch one level deep (output.video/audio/recording field by field). */
export function mergeSettings(current: StudioSettings, patch: StudioSettingsPatch): StudioSettings {
  const o = patch.output ?? {};
  return {
    room: { ...current.room, ...patch.room },
    relay: { ...current.relay, ...patch.relay },
    output: {
      video: { ...current.output.video, ...o.video },
      audio: { ...current.output.audio, ...o.audio },
      destinations: o.destinations ?? current.output.destinations,
      recording: { ...current.output.recording, ...o.recording },
      transition: { ...current.output.transition, ...o.transition },
    },
    ffmpegPath: patch.ffmpegPath !== undefined ? patch.ffmpegPath : current.ffmpegPath,
    ui: { ...current.ui, ...patch.ui },
    history: { ...current.history, ...patch.history },
  };
}

export interface SettingsStore {
  readonly file: string;
  get(): StudioSettings;
  /** Validates `patch` (unknown input), merges, validates the result, persists. Throws StudioError('invalid'). */
  update(patch: unknown): StudioSettings;
  /** Non-null when the file on disk was unusable at load: what happened and where the old file is. */
  readonly loadProblem: CodedMessage | null;
}

export function openSettingsStore(file: string, defaults: () => StudioSettings = defaultSettings): SettingsStore {
  const loaded = loadJsonFile(file, studioSettingsSchema, defaults, 'settings');
  let current: StudioSettings = loaded.value;
  return {
    file,
    loadProblem: loaded.problem,
    get: () => structuredClone(current),
    update(patch: unknown) {
      const p = studioSettingsPatchSchema.safeParse(patch);
      if (!p.success) {
        const issues = describeIssues(p.error);
        throw new StudioError('invalid', `Settings not saved: ${issues.join('; ')}. Nothing was changed.`, issues, { code: 'settings-invalid', params: { issues: issues.join('; ') } });
      }
      const next = studioSettingsSchema.safeParse(mergeSettings(current, p.data));
      if (!next.success) {
        const issues = describeIssues(next.error);
        throw new StudioError('invalid', `Settings not saved: ${issues.join('; ')}. Nothing was changed.`, issues, { code: 'settings-invalid', params: { issues: issues.join('; ') } });
      }
      writeJsonAtomic(file, next.data);
      current = next.data;
      return structuredClone(current);
    },
  };
}
