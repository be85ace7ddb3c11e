/**
 * Parses ffmpeg's `-progress pipe:1` output: blocks of key=value lines, each block ending with
 * `progress=continue` (or `progress=end` on the last one). Pure and incremental: feed it chunks as
 * they arrive (a chunk may end mid-line) and it returns the blocks completed so far.
 */

export interface ProgressBlock {
  frame: number | null;
  fps: number | null;
  /** kbit/s; null when ffmpeg prints N/A (e.g. with the tee muxer). */
  bitrateKbps: number | null;
  /** Bytes written; null when N/A. */
  totalSize: number | null;
  /** Position of the output, microseconds. */
  outTimeUs: number | null;
  dupFrames: number;
  dropFrames: number;
  /** Relative to real time (1 = real time); null when N/A. */
  speed: number | null;
  /** true on the last block (ffmpeg is finishing). */
  end: boolean;
  /** Every key as printed, for anything not parsed above (stream_0_0_q, ...). */
  raw: Record<string, string>;
}

function num(v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number.parseFloat(v);
  return Number.isFinite(n) ? n : null;
}

/** One block's key=value map -> typed values. "N/A" becomes null. */
export function toProgressBlock(raw: Record<string, string>): ProgressBlock {
  const bitrate = raw.bitrate; // "2500.3kbits/s" or "N/A"
  const speed = raw.speed; // "1.01x" or "N/A"
  return {
    frame: num(raw.frame),
    fps: num(raw.fps),
    bitrateKbps: bitrate && bitrate !== 'N/A' ? num(bitrate.replace(/kbits\/s$/, '')) : null,
    totalSize: raw.total_size && raw.total_size !== 'N/A' ? num(raw.total_size) : null,
    // Older ffmpeg prints out_time_ms in microseconds too (a historical misnomer).
    outTimeUs: num(raw.out_time_us) ?? num(raw.out_time_ms),
    dupFrames: num(raw.dup_frames) ?? 0,
    dropFrames: num(raw.drop_frames) ?? 0,
    speed: speed && speed !== 'N/A' ? num(speed.replace(/x$/, '')) : null,
    end: raw.progress === 'end',
    raw,
  };
}

export class ProgressParser {
  private partial = '';
  private current: Record<string, string> = {};

  /** Feed a chunk of stdout; returns the blocks it completed. */
  push(chunk: string): ProgressBlock[] {
    const lines = (this.partial + chunk).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    const done: ProgressBlock[] = [];
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      this.current[key] = value;
      if (key === 'progress') {
        done.push(toProgressBlock(this.current));
        this.current = {};
      }
    }
    return done;
  }
}
