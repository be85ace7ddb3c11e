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

/**
 * The UI language the OS locale names, or null when it names none: C/POSIX (LANG=C.UTF-8 in a
 * container or a minimal Linux) or no locale variable on Linux, where Node's Intl would report en-US
 * by default. The studio page then follows its browser's language (renderer/studio/lang-preference.ts).
 */
export function osLanguage(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  intlLocale = Intl.DateTimeFormat().resolvedOptions().locale,
): UiLanguage | null {
  const posix = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  const named = (locale: string): UiLanguage => (/^zh/i.test(locale) ? 'zh-CN' : 'en');
  if (posix) return /^(C|POSIX)([._@]|$)/i.test(posix) ? null : named(posix);
  if (platform === 'linux' || /posix/i.test(intlLocale)) return null;
  return named(intlLocale);
}

/**
 * A fresh install's settings; the room title is named in the language the studio starts in.
 * `language` null: the OS named none; English until the studio page settles its browser's language.
 */
export function defaultSettings(language: UiLanguage | null = osLanguage()): StudioSettings {
  const pipeline = defaultPipelineSettings();
  const lang = language ?? 'en';
  return {
    room: { id: 'studio', title: DEFAULT_NAMES[lang].roomTitle },
    relay: { rtmpPort: DEFAULT_RTMP_PORT, httpPort: DEFAULT_HTTP_PORT, publicHost: null, lanSharing: false },
    output: {
      video: pipeline.video,
      audio: AudioSettingsSchema.parse({}),
      destinations: [],
      recording: RecordingSettingsSchema.parse({}),
      transition: { ...DEFAULT_TRANSITION },
    },
    ffmpegPath: null,
    ui: { language: lang, languageSource: language ? 'system' : 'unknown' },
    history: { keepDays: null, maxMb: null },
  };
}

/**
 * The UI language after a patch. A language without a source is the streamer's choice. The page's
 * browser language ('browser') settles only a language nobody named yet: a stale page never undoes a choice.
 */
function mergeUi(current: StudioSettings['ui'], patch: StudioSettingsPatch['ui']): StudioSettings['ui'] {
  if (!patch) return current;
  if (patch.languageSource === 'browser' && current.languageSource !== 'unknown') return current;
  const language = patch.language ?? current.language;
  const languageSource = patch.languageSource ?? (patch.language !== undefined ? 'chosen' : current.languageSource);
  return { language, languageSource };
}

/**
 * The room title after a patch: a first run settling the browser's language (nobody has seen the room
 * yet) renames the untouched default title; any later language switch leaves the public title alone.
 */
function mergeRoomTitle(current: StudioSettings, patch: StudioSettingsPatch, ui: StudioSettings['ui']): string {
  if (patch.room?.title !== undefined) return patch.room.title;
  const settled = current.ui.languageSource === 'unknown' && ui.languageSource === 'browser';
  return settled && current.room.title === DEFAULT_NAMES[current.ui.language].roomTitle ? DEFAULT_NAMES[ui.language].roomTitle : current.room.title;
}

/** Applies a validated patch one level deep (output.video/audio/recording field by field). */
export function mergeSettings(current: StudioSettings, patch: StudioSettingsPatch): StudioSettings {
  const o = patch.output ?? {};
  const ui = mergeUi(current.ui, patch.ui);
  return {
    room: { ...current.room, ...patch.room, title: mergeRoomTitle(current, patch, ui) },
    relay: { ...current.relay, ...patch.relay },
    output: {
      video: { ...current.output.video, ...o.video },
      audio: { ...current.output.audio, ...o.audio },
      destinations: o.destinations ?? current.output.destinations,
      recording: { ...current.output.recording, ...o.recording },
      transition: { ...current.output.transition, ...o.transition },
    },
    ffmpegPath: patch.ffmpegPath !== undefined ? patch.ffmpegPath : current.ffmpegPath,
    ui,
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
