/** HTTP Range for serving a recording (pure): what a <video> element asks for when it seeks. */

export type ByteRange = { start: number; end: number };

/**
 * The single byte range a `Range` header asks for within a file of `size` bytes (end inclusive);
 * null = no usable Range (serve the whole file, 200); 'unsatisfiable' = answer 416. Multiple
 * ranges are not offered (Accept-Ranges: bytes, one range): players never ask for them.
 */
export function parseRange(header: string | undefined | null, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (size === 0) return 'unsatisfiable';
  if (m[1] === '') {
    // "bytes=-N": the last N bytes.
    const n = Number(m[2]);
    if (!Number.isSafeInteger(n) || n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Headers of a (partial) answer for `range` of a `size`-byte file. */
export function rangeHeaders(range: ByteRange | null, size: number, mime: string): { status: 200 | 206; headers: Record<string, string> } {
  const base = { 'content-type': mime, 'accept-ranges': 'bytes', 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };
  if (!range) return { status: 200, headers: { ...base, 'content-length': String(size) } };
  return {
    status: 206,
    headers: { ...base, 'content-length': String(range.end - range.start + 1), 'content-range': `bytes ${range.start}-${range.end}/${size}` },
  };
}
