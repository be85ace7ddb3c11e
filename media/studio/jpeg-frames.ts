/**
 * Splits ffmpeg's MJPEG output (one complete JPEG after another on a pipe) into frames. Pure and
 * bounded: the splitter walks the JPEG's marker segments by their lengths up to the scan, then looks
 * for the end-of-image marker in the entropy-coded data (where a 0xFF byte is always followed by
 * 0x00 or a restart marker), so bytes that look like markers inside tables never cut a frame short.
 * Garbage before a start-of-image is skipped; a frame larger than `maxFrameBytes` is dropped and the
 * splitter resynchronises on the next start-of-image.
 */

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

export interface JpegSplitterOptions {
  /** A frame larger than this is dropped (default 4 MB: a 1080p JPEG at high quality is ~1 MB). */
  maxFrameBytes?: number;
}

export class JpegFrameSplitter {
  private buf: Buffer = Buffer.alloc(0);
  /** Where the scan for the current frame resumes (bytes already known not to end it). */
  private pos = 0;
  /** Inside the entropy-coded data of the current frame (after SOS). */
  private inScan = false;
  private readonly max: number;
  /** Frames dropped for being too large, and bytes skipped while looking for a start of image. */
  dropped = 0;
  skippedBytes = 0;

  constructor(opts: JpegSplitterOptions = {}) {
    this.max = opts.maxFrameBytes ?? 4 * 1024 * 1024;
  }

  /** Feeds a chunk; returns the complete JPEGs it finished (each its own Buffer). */
  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Buffer[] = [];
    for (;;) {
      if (!this.syncToStart()) break;
      const end = this.findEnd();
      if (end === 'resync') continue;
      if (end === null) {
        if (this.buf.length <= this.max) break;
        this.skipStart(); // larger than any frame we accept: drop it, look for the next one
        continue;
      }
      if (end > this.max) this.dropped++;
      else frames.push(Buffer.from(this.buf.subarray(0, end)));
      this.buf = this.buf.subarray(end);
      this.pos = 0;
      this.inScan = false;
    }
    return frames;
  }

  /** The buffer starts with FF D8 (true), or more bytes are needed (false). */
  private syncToStart(): boolean {
    if (this.pos > 0) return true;
    let i = 0;
    while (i + 1 < this.buf.length && !(this.buf[i] === 0xff && this.buf[i + 1] === SOI)) i++;
    if (i + 1 >= this.buf.length) {
      // keep a trailing FF: it may be the first half of the next start marker
      const keep = this.buf.length > 0 && this.buf[this.buf.length - 1] === 0xff ? 1 : 0;
      this.skippedBytes += this.buf.length - keep;
      this.buf = this.buf.subarray(this.buf.length - keep);
      return false;
    }
    this.skippedBytes += i;
    this.buf = this.buf.subarray(i);
    this.pos = 2;
    return true;
  }

  /** The length of the current frame when its end is in the buffer, else null (pos remembers progress). */
  private findEnd(): number | null | 'resync' {
    const b = this.buf;
    while (!this.inScan) {
      if (this.pos + 4 > b.length) return null;
      if (b[this.pos] !== 0xff) return this.resync();
      const marker = b[this.pos + 1]!;
      if (marker === 0xff) { this.pos++; continue; } // fill byte
      if (marker === EOI) return this.pos + 2;
      if (marker >= 0xd0 && marker <= 0xd7) { this.pos += 2; continue; } // stray restart marker
      const len = b.readUInt16BE(this.pos + 2);
      if (len < 2) return this.resync();
      this.pos += 2 + len;
      if (marker === SOS) this.inScan = true;
    }
    for (; this.pos + 1 < b.length; this.pos++) {
      if (b[this.pos] !== 0xff) continue;
      const next = b[this.pos + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
      if (next === EOI) return this.pos + 2;
      // Another marker segment after the scan (progressive JPEGs have several scans).
      this.inScan = false;
      return this.findEnd();
    }
    return null;
  }

  /** Not a JPEG after all: skip this start marker and look for the next one. */
  private resync(): 'resync' {
    this.skipStart();
    return 'resync';
  }

  private skipStart(): void {
    this.dropped++;
    this.buf = this.buf.subarray(2);
    this.pos = 0;
    this.inScan = false;
  }
}
