/**
 * A small raw RTMP client for tests, written the way an attacker's would be: simple handshake,
 * chunking with any chunk size, AMF0 encoding (including values no real client sends), the usual
 * commands in any order, audio/video/data messages, and raw bytes. It also reads what the server
 * sends (chunks reassembled, commands AMF0-decoded) so a test can wait for a status or media.
 */
import net from 'node:net';

export const MSG = { setChunkSize: 1, audio: 8, video: 9, data: 18, command: 20 } as const;

/** An AMF0 value; `Amf0Raw` lets a test put any bytes where a value belongs. */
export type Amf0Value = number | boolean | string | null | undefined | Amf0Raw | Amf0Value[] | { [k: string]: Amf0Value };
export class Amf0Raw {
  constructor(readonly bytes: Buffer) {}
}

export function amf0(value: Amf0Value): Buffer {
  if (value instanceof Amf0Raw) return value.bytes;
  if (value === null) return Buffer.from([0x05]);
  if (value === undefined) return Buffer.from([0x06]);
  if (typeof value === 'number') {
    const b = Buffer.alloc(9);
    b[0] = 0x00;
    b.writeDoubleBE(value, 1);
    return b;
  }
  if (typeof value === 'boolean') return Buffer.from([0x01, value ? 1 : 0]);
  if (typeof value === 'string') {
    const s = Buffer.from(value, 'utf8');
    if (s.length > 0xffff) {
      const h = Buffer.alloc(5);
      h[0] = 0x0c;
      h.writeUInt32BE(s.length, 1);
      return Buffer.concat([h, s]);
    }
    const h = Buffer.alloc(3);
    h[0] = 0x02;
    h.writeUInt16BE(s.length, 1);
    return Buffer.concat([h, s]);
  }
  if (Array.isArray(value)) {
    const h = Buffer.alloc(5);
    h[0] = 0x0a;
    h.writeUInt32BE(value.length, 1);
    return Buffer.concat([h, ...value.map(amf0)]);
  }
  const parts: Buffer[] = [Buffer.from([0x03])];
  for (const [k, v] of Object.entries(value)) {
    const key = Buffer.from(k, 'utf8');
    const kl = Buffer.alloc(2);
    kl.writeUInt16BE(key.length);
    parts.push(kl, key, amf0(v));
  }
  parts.push(Buffer.from([0x00, 0x00, 0x09]));
  return Buffer.concat(parts);
}

export function amf0Command(name: Amf0Value, transId: number, ...args: Amf0Value[]): Buffer {
  return Buffer.concat([amf0(name), amf0(transId), ...args.map(amf0)]);
}

/** Tolerant AMF0 decoder for what the server sends (enough for statuses). */
export function decodeAmf0(buf: Buffer): unknown[] {
  const out: unknown[] = [];
  let p = 0;
  const one = (): unknown => {
    const t = buf[p++];
    switch (t) {
      case 0x00: { const v = buf.readDoubleBE(p); p += 8; return v; }
      case 0x01: return buf[p++] !== 0;
      case 0x02: { const n = buf.readUInt16BE(p); p += 2; const s = buf.toString('utf8', p, p + n); p += n; return s; }
      case 0x05: case 0x06: return null;
      case 0x03:
      case 0x08: {
        if (t === 0x08) p += 4; // ecma array: a count, then like an object
        const o: Record<string, unknown> = {};
        while (p + 3 <= buf.length) {
          const n = buf.readUInt16BE(p); p += 2;
          if (n === 0 && buf[p] === 0x09) { p++; break; }
          const k = buf.toString('utf8', p, p + n); p += n;
          o[k] = one();
        }
        return o;
      }
      default: throw new Error(`amf0 type ${t}`);
    }
  };
  try {
    while (p < buf.length) out.push(one());
  } catch {
    // keep what decoded
  }
  return out;
}

/** One message as chunks of `chunkSize` (fmt 0 header, then fmt 3 continuations); the length may lie. */
export function chunkMessage(chunkSize: number, csid: number, type: number, streamId: number, payload: Buffer, timestamp = 0, lengthOverride?: number): Buffer {
  const basic = (fmt: number) => (csid < 64 ? Buffer.from([(fmt << 6) | csid]) : Buffer.from([(fmt << 6) | 0, csid - 64]));
  const header = Buffer.alloc(11);
  header.writeUIntBE(Math.min(timestamp, 0xffffff), 0, 3);
  header.writeUIntBE(lengthOverride ?? payload.length, 3, 3);
  header[6] = type;
  header.writeUInt32LE(streamId, 7);
  const ext = timestamp >= 0xffffff ? Buffer.alloc(4) : Buffer.alloc(0);
  if (ext.length) ext.writeUInt32BE(timestamp);
  const parts: Buffer[] = [basic(0), header, ext];
  for (let off = 0; off < payload.length; off += chunkSize) {
    if (off > 0) parts.push(basic(3), ext);
    parts.push(payload.subarray(off, off + chunkSize));
  }
  return Buffer.concat(parts);
}

export interface RtmpMessage {
  type: number;
  streamId: number;
  timestamp: number;
  payload: Buffer;
  /** For command messages: the decoded AMF0 values. */
  values?: unknown[];
}

export class RawRtmpClient {
  readonly socket: net.Socket;
  readonly messages: RtmpMessage[] = [];
  readonly closed: Promise<void>;
  isClosed = false;
  /** Outgoing chunk size (what we told the server, or 128). */
  chunkSize = 128;
  private inChunkSize = 128;
  private inBuf = Buffer.alloc(0);
  private readonly inStreams = new Map<number, { fmt: number; length: number; type: number; streamId: number; timestamp: number; parts: Buffer[]; got: number }>();
  private handshaken = false;
  private waiters: Array<() => void> = [];

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.isClosed = true;
      this.notify();
      resolve();
    }));
  }

  /** Connects and completes the simple (version 3, zero digest) handshake. */
  static async connect(port: number, host = '127.0.0.1', opts: { handshake?: boolean } = {}): Promise<RawRtmpClient> {
    const socket = net.connect(port, host);
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    const c = new RawRtmpClient(socket);
    if (opts.handshake === false) return c;
    const c1 = Buffer.alloc(1536);
    for (let i = 8; i < 1536; i++) c1[i] = (i * 7) & 0xff;
    const s0s1s2 = await c.readExactly(1 + 1536 + 1536, [Buffer.from([3]), c1]);
    socket.write(s0s1s2.subarray(1, 1 + 1536)); // C2 echoes S1
    c.handshaken = true;
    socket.on('data', (d) => c.onData(d));
    if (c.inBuf.length) c.onData(Buffer.alloc(0));
    return c;
  }

  private readExactly(n: number, send: Buffer[]): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const onData = (d: Buffer) => {
        this.inBuf = Buffer.concat([this.inBuf, d]);
        if (this.inBuf.length >= n) {
          this.socket.off('data', onData);
          const out = this.inBuf.subarray(0, n);
          this.inBuf = this.inBuf.subarray(n);
          resolve(out);
        }
      };
      this.socket.on('data', onData);
      this.socket.once('close', () => reject(new Error('closed during handshake')));
      for (const b of send) this.socket.write(b);
    });
  }

  /** Raw bytes, for fuzzing. */
  raw(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Encodes one message into chunks of this client's `chunkSize`. */
  chunk(csid: number, type: number, streamId: number, payload: Buffer, timestamp = 0, lengthOverride?: number): Buffer {
    return chunkMessage(this.chunkSize, csid, type, streamId, payload, timestamp, lengthOverride);
  }

  send(csid: number, type: number, streamId: number, payload: Buffer, timestamp = 0): void {
    this.raw(this.chunk(csid, type, streamId, payload, timestamp));
  }

  setChunkSize(size: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(size >>> 0);
    this.send(2, MSG.setChunkSize, 0, b);
    this.chunkSize = size;
  }

  command(name: Amf0Value, transId: number, ...args: Amf0Value[]): void {
    this.send(3, MSG.command, 0, amf0Command(name, transId, ...args));
  }

  connectApp(app: string, port: number): void {
    this.command('connect', 1, { app, type: 'nonprivate', flashVer: 'FMLE/3.0', tcUrl: `rtmp://127.0.0.1:${port}/${app}` });
  }

  createStream(): void {
    this.command('createStream', 2, null);
  }

  publish(name: string, streamId = 1): void {
    this.send(8, MSG.command, streamId, amf0Command('publish', 3, null, name, 'live'));
  }

  play(name: string, streamId = 1): void {
    this.send(8, MSG.command, streamId, amf0Command('play', 3, null, name));
  }

  audio(payload: Buffer, timestamp: number, streamId = 1): void {
    this.send(4, MSG.audio, streamId, payload, timestamp);
  }

  video(payload: Buffer, timestamp: number, streamId = 1): void {
    this.send(6, MSG.video, streamId, payload, timestamp);
  }

  metadata(values: Record<string, Amf0Value>, streamId = 1): void {
    this.send(5, MSG.data, streamId, Buffer.concat([amf0('@setDataFrame'), amf0('onMetaData'), amf0(values)]));
  }

  /** Statuses (onStatus info.code) and results the server sent so far. */
  statusCodes(): string[] {
    return this.messages.filter((m) => m.values).flatMap((m) => m.values!.map((v) => (v && typeof v === 'object' && 'code' in v ? String((v as { code: unknown }).code) : null)).filter((c): c is string => c !== null));
  }

  /** Resolves when `pred` holds (checked on every message and on close), or rejects after `ms`. */
  waitFor(what: string, pred: () => boolean, ms = 10_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      const check = () => {
        if (!pred()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  /** connect + createStream + publish, and wait for NetStream.Publish.Start (or the close). */
  async startPublish(port: number, streamName: string): Promise<boolean> {
    this.connectApp('live', port);
    this.createStream();
    this.publish(streamName);
    await this.waitFor('publish start or close', () => this.isClosed || this.statusCodes().includes('NetStream.Publish.Start'));
    return !this.isClosed;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private onData(d: Buffer): void {
    if (!this.handshaken) return;
    this.inBuf = Buffer.concat([this.inBuf, d]);
    for (;;) {
      const used = this.parseChunk();
      if (used === 0) break;
      this.inBuf = this.inBuf.subarray(used);
    }
    this.notify();
  }

  /** Parses one chunk at the start of inBuf; returns the bytes consumed or 0 if incomplete. */
  private parseChunk(): number {
    const b = this.inBuf;
    if (b.length < 1) return 0;
    const fmt = b[0]! >> 6;
    let csid = b[0]! & 0x3f;
    let p = 1;
    if (csid === 0) { if (b.length < 2) return 0; csid = 64 + b[1]!; p = 2; } else if (csid === 1) { if (b.length < 3) return 0; csid = 64 + b[1]! + b[2]! * 256; p = 3; }
    const hlen = [11, 7, 3, 0][fmt]!;
    if (b.length < p + hlen) return 0;
    const prev = this.inStreams.get(csid) ?? { fmt, length: 0, type: 0, streamId: 0, timestamp: 0, parts: [], got: 0 };
    let ts = prev.timestamp;
    if (fmt <= 2) ts = b.readUIntBE(p, 3);
    if (fmt <= 1) { prev.length = b.readUIntBE(p + 3, 3); prev.type = b[p + 6]!; }
    if (fmt === 0) prev.streamId = b.readUInt32LE(p + 7);
    p += hlen;
    if (ts === 0xffffff) { if (b.length < p + 4) return 0; ts = b.readUInt32BE(p); p += 4; }
    const need = Math.min(this.inChunkSize, prev.length - prev.got);
    if (b.length < p + need) return 0;
    if (prev.got === 0) prev.timestamp = ts;
    prev.parts.push(b.subarray(p, p + need));
    prev.got += need;
    this.inStreams.set(csid, prev);
    if (prev.got >= prev.length) {
      const payload = Buffer.concat(prev.parts);
      prev.parts = [];
      prev.got = 0;
      const msg: RtmpMessage = { type: prev.type, streamId: prev.streamId, timestamp: prev.timestamp, payload };
      if (prev.type === MSG.setChunkSize && payload.length >= 4) this.inChunkSize = payload.readUInt32BE(0) & 0x7fffffff;
      if (prev.type === MSG.command || prev.type === MSG.data) msg.values = decodeAmf0(payload);
      this.messages.push(msg);
    }
    return p + need;
  }
}

/** An AAC sequence header and a raw AAC frame; an H.264 sequence header and a keyframe (contents are fake but well-formed FLV). */
export const FAKE_MEDIA = {
  aacHeader: Buffer.from([0xaf, 0x00, 0x12, 0x10]),
  aacFrame: (marker: number) => Buffer.from([0xaf, 0x01, 0x21, 0x00, marker, 0x42, 0x42, 0x42]),
  avcHeader: Buffer.from([0x17, 0x00, 0x00, 0x00, 0x00, 0x01, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0x00, 0x04, 0x67, 0x64, 0x00, 0x1f, 0x01, 0x00, 0x04, 0x68, 0xee, 0x3c, 0x80]),
  avcKeyframe: (marker: number) => Buffer.concat([Buffer.from([0x17, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x65, 0x88, marker]), Buffer.alloc(5, marker)]),
};
