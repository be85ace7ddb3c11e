/** Pure: the ffmpeg command that repackages a room's live FLV (on stdin) into HLS without re-encoding. */

export interface HlsPackagerArgsInput {
  /** e.g. http://127.0.0.1:8000/_ingest/<secret>/<room>/<epoch> — ffmpeg PUTs files below it. */
  uploadBase: string;
  /** Target segment length in seconds; segments are cut on the next keyframe after it. */
  segmentSeconds: number;
  /** Segments listed in the live playlist. */
  listSize: number;
}

export function buildHlsPackagerArgs(input: HlsPackagerArgsInput): string[] {
  if (!(input.segmentSeconds > 0)) throw new Error('segmentSeconds must be positive');
  if (!Number.isInteger(input.listSize) || input.listSize < 2) throw new Error('listSize must be an integer ≥ 2');
  return [
    '-hide_banner', '-nostats', '-loglevel', 'warning',
    // The FLV header declares the streams; a short probe keeps the first segment from waiting.
    '-analyzeduration', '0', '-probesize', '32768', '-fflags', '+nobuffer',
    '-f', 'flv', '-i', 'pipe:0',
    // Only audio and video: an FLV data stream never gets packets and would stall interleaving.
    '-map', '0:v?', '-map', '0:a?', '-c', 'copy',
    '-f', 'hls',
    '-hls_time', String(input.segmentSeconds),
    '-hls_list_size', String(input.listSize),
    '-hls_flags', 'program_date_time+independent_segments',
    '-method', 'PUT',
    '-hls_segment_filename', `${input.uploadBase}/seg-%d.ts`,
    `${input.uploadBase}/index.m3u8`,
  ];
}
