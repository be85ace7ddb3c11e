/**
 * The recordings the replay player may read: a session's recording as the history knows it (the path
 * comes from the pipeline, never from a request), served as MP4 — the file itself, or a cached MP4
 * copy of an MPEG-TS recording (./remux-cache.ts). Shared by the browser bridge and Electron's scheme.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { SessionRecording } from '../../common/history';
import { StudioError } from '../../common/studio-api';
import type { RemuxCache } from './remux-cache';

export interface MediaFile {
  file: string;
  size: number;
  mime: string;
}

export interface RecordingMediaDeps {
  /** The session's recording (throws not_found for a session the history does not have). */
  recordingOf: (sessionId: string) => SessionRecording | null;
  remux: Pick<RemuxCache, 'mp4For'>;
}

export class RecordingMedia {
  constructor(private readonly deps: RecordingMediaDeps) {}

  /** The playable file of the session's recording; a StudioError not_found when there is none or it is gone. */
  async open(sessionId: string): Promise<MediaFile> {
    const rec = this.deps.recordingOf(sessionId);
    if (!rec) throw new StudioError('not_found', 'This session has no recording.');
    if (rec.missing || !isFile(rec.path)) throw new StudioError('not_found', `The recording ${rec.name} was moved or deleted.`);
    const ext = path.extname(rec.path).toLowerCase();
    if (ext === '.mp4') return { file: rec.path, size: statSync(rec.path).size, mime: 'video/mp4' };
    if (ext === '.ts') {
      const file = await this.deps.remux.mp4For(rec.path);
      return { file, size: statSync(file).size, mime: 'video/mp4' };
    }
    throw new StudioError('invalid', `The recording ${rec.name} is not an MP4 or MPEG-TS file.`);
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
