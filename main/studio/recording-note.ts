/** The note that tells the streamer where a finished recording is (coded, so the UI shows it in their language). */
import type { RecordingStatus } from '../../common/pipeline';
import type { CodedMessage } from '../../common/studio-api';

export function recordingSavedNote(r: Pick<RecordingStatus, 'path' | 'bytes' | 'durationSec'>): CodedMessage {
  const seconds = Math.round(r.durationSec);
  const mb = Number((r.bytes / 1e6).toFixed(1));
  return { code: 'recording-saved', params: { path: r.path, seconds, mb }, text: `Recording saved: ${r.path} (${seconds} s, ${mb.toFixed(1)} MB).` };
}
