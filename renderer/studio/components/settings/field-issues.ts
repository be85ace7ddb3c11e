/**
 * The core refuses a settings patch with issues like "output.video.width: Resolution 1281x720 has an
 * odd side ..."; this splits them by field so each message shows next to its input.
 */
import type { StudioErrorDetail, StudioErrorDetailCode } from '../../../../common/studio-api';
import { errorText, type Lang } from '../../../shared/i18n';

export function issuesByField(issues: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of issues) {
    const m = /^([\w.]+): (.*)$/s.exec(line);
    const field = m ? m[1]!.split('.').pop()! : '';
    const msg = m ? m[2]! : line;
    out.set(field, [...(out.get(field) ?? []), msg]);
  }
  return out;
}

/** Refusals that name one field: shown there, in the user's language, instead of the core's English issue. */
const CODED_FIELD: Partial<Record<StudioErrorDetailCode, string>> = {
  'recording-folder-unusable': 'output.recording.directory',
  'ffmpeg-path-unusable': 'ffmpegPath',
  'encoder-unusable': 'output.video.encoder',
};

/**
 * What to show next to the fields for a refused save: the translated refusal at its field when it
 * is coded for one, else the core's issues (schema checks the form mirrors), else the whole message.
 */
export function refusalIssues(lang: Lang, err: { message: string; detail: StudioErrorDetail | null; issues: readonly string[] }): string[] {
  const field = err.detail ? CODED_FIELD[err.detail.code] : undefined;
  if (field) return [`${field}: ${errorText(lang, err)}`];
  return err.issues.length ? [...err.issues] : [errorText(lang, err)];
}
