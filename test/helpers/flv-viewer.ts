/** A raw HTTP-FLV viewer for tests: counts FLV tags by type as they arrive and (optionally) keeps every byte. */
import http from 'node:http';

export interface FlvViewer {
  status: Promise<number>;
  bytes(): Buffer;
  received(): number;
  /** Complete FLV tags seen so far, by type (8 audio, 9 video, 18 script). */
  tags(): { audio: number; video: number; script: number };
  /** Payloads of the complete video tags (kept only with keepBytes). */
  videoPayloads(): Buffer[];
  /** Every video tag (sequence headers left out): its FLV timestamp (ms), arrival (ms since the epoch), key frame. */
  videoTimes(): VideoTagTime[];
  /** Every AAC frame's FLV timestamp (ms; the sequence header left out). */
  audioTimes(): number[];
  closed: Promise<void>;
  close(): void;
}

export interface VideoTagTime { ts: number; at: number; key: boolean }

export function openFlvViewer(url: string, opts: { keepBytes?: boolean } = {}): FlvViewer {
  const keep = opts.keepBytes ?? true;
  const chunks: Buffer[] = [];
  const videoPayloads: Buffer[] = [];
  const videoTimes: VideoTagTime[] = [];
  const audioTimes: number[] = [];
  const counts = { audio: 0, video: 0, script: 0 };
  let total = 0;
  let pending: Buffer = Buffer.alloc(0);
  let headerSeen = false;
  const parse = () => {
    let p = 0;
    if (!headerSeen) {
      if (pending.length < 13) return;
      headerSeen = true;
      p = 13;
    }
    while (p + 11 <= pending.length) {
      const type = pending[p]! & 0x1f;
      const size = pending.readUIntBE(p + 1, 3);
      if (p + 11 + size + 4 > pending.length) break;
      if (type === 8) {
        counts.audio++;
        // AAC packet type 0 (byte 1 of the body) is the AudioSpecificConfig, not a frame.
        if (pending[p + 12] !== 0) audioTimes.push(pending.readUIntBE(p + 4, 3) + (pending[p + 7]! << 24));
      }
      else if (type === 9) {
        counts.video++;
        // Timestamp: 24 bits + 8 extension bits; AVC packet type 0 is the sequence header, not a frame.
        const ts = pending.readUIntBE(p + 4, 3) + (pending[p + 7]! << 24);
        if (pending[p + 12] !== 0) videoTimes.push({ ts, at: Date.now(), key: pending[p + 11]! >> 4 === 1 });
        if (keep) videoPayloads.push(Buffer.from(pending.subarray(p + 11, p + 11 + size)));
      } else if (type === 18) counts.script++;
      p += 11 + size + 4;
    }
    pending = pending.subarray(p);
  };
  let closedResolve!: () => void;
  const closed = new Promise<void>((r) => (closedResolve = r));
  let statusResolve!: (n: number) => void;
  const status = new Promise<number>((r) => (statusResolve = r));
  const req = http.get(url, (res) => {
    statusResolve(res.statusCode ?? 0);
    res.on('data', (d: Buffer) => {
      if (keep) chunks.push(d);
      total += d.length;
      pending = pending.length ? Buffer.concat([pending, d]) : d;
      parse();
    });
    res.on('close', () => closedResolve());
    res.on('error', () => closedResolve());
  });
  req.on('error', () => { statusResolve(0); closedResolve(); });
  return {
    status,
    bytes: () => Buffer.concat(chunks),
    received: () => total,
    tags: () => ({ ...counts }),
    videoPayloads: () => videoPayloads,
    videoTimes: () => [...videoTimes],
    audioTimes: () => [...audioTimes],
    closed,
    close: () => req.destroy(),
  };
}
