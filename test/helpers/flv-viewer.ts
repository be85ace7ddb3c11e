/** A raw HTTP-FLV viewer for tests: keeps every byte it receives and counts FLV tags by type. */
import http from 'node:http';

export interface FlvViewer {
  status: Promise<number>;
  bytes(): Buffer;
  received(): number;
  /** Complete FLV tags seen so far, by type (8 audio, 9 video, 18 script). */
  tags(): { audio: number; video: number; script: number };
  /** Payloads of the complete video tags (for codec header checks). */
  videoPayloads(): Buffer[];
  closed: Promise<void>;
  close(): void;
}

export function openFlvViewer(url: string): FlvViewer {
  const chunks: Buffer[] = [];
  let total = 0;
  let closedResolve!: () => void;
  const closed = new Promise<void>((r) => (closedResolve = r));
  let statusResolve!: (n: number) => void;
  const status = new Promise<number>((r) => (statusResolve = r));
  const req = http.get(url, (res) => {
    statusResolve(res.statusCode ?? 0);
    res.on('data', (d: Buffer) => { chunks.push(d); total += d.length; });
    res.on('close', () => closedResolve());
    res.on('error', () => closedResolve());
  });
  req.on('error', () => { statusResolve(0); closedResolve(); });
  const bytes = () => Buffer.concat(chunks);
  const parse = () => {
    const b = bytes();
    const tags: Array<{ type: number; payload: Buffer }> = [];
    let p = b.length >= 13 && b.toString('latin1', 0, 3) === 'FLV' ? 13 : b.length;
    while (p + 11 <= b.length) {
      const type = b[p]! & 0x1f;
      const size = b.readUIntBE(p + 1, 3);
      if (p + 11 + size + 4 > b.length) break;
      tags.push({ type, payload: b.subarray(p + 11, p + 11 + size) });
      p += 11 + size + 4;
    }
    return tags;
  };
  return {
    status,
    bytes,
    received: () => total,
    tags: () => {
      const t = parse();
      return { audio: t.filter((x) => x.type === 8).length, video: t.filter((x) => x.type === 9).length, script: t.filter((x) => x.type === 18).length };
    },
    videoPayloads: () => parse().filter((x) => x.type === 9).map((x) => x.payload),
    closed,
    close: () => req.destroy(),
  };
}
