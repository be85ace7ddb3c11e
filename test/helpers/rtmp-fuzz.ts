/**
 * A seeded corpus of malformed RTMP, by category: chunk headers, AMF0 type markers, truncated AMF0,
 * connect command objects, non-string stream names, commands in the wrong order, absurd sizes and
 * raw garbage. Each case is the bytes one connection sends after the handshake (or instead of it).
 */
import { rng } from './chat-script';
import { Amf0Raw, amf0, amf0Command, chunkMessage, MSG, type Amf0Value } from './rtmp-client';

export interface FuzzCase {
  category: string;
  /** Skip the handshake and send these bytes raw. */
  raw?: boolean;
  /** The server must close the connection by itself (a bound was exceeded). */
  mustClose?: boolean;
  /** What one connection sends, in order (all generated up front, so a seed is one exact corpus). */
  writes: Buffer[];
}

/** The subset of RawRtmpClient the builders need (chunking at the default chunk size). */
interface Chunker {
  chunk(csid: number, type: number, streamId: number, payload: Buffer, timestamp?: number, lengthOverride?: number): Buffer;
}
type Build = (c: Chunker, port: number) => Buffer[];

export function buildFuzzCorpus(seed: number, port: number): FuzzCase[] {
  const chunker: Chunker = { chunk: (...a) => chunkMessage(128, ...a) };
  const rnd = rng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const weird: Amf0Value[] = [
    0, -1, 1e308, NaN, true, false, null, undefined, '', 'x'.repeat(300), [], [1, 'a', null], {}, { a: { b: { c: 1 } } },
    new Amf0Raw(Buffer.from([0x04])), new Amf0Raw(Buffer.from([0x0d])), new Amf0Raw(Buffer.from([0xff, 0x00])),
    new Amf0Raw(Buffer.from([0x07, 0x00, 0x01])), new Amf0Raw(Buffer.from([0x0b])), new Amf0Raw(Buffer.from([0x10, 0x00, 0x01, 0x41])),
  ];
  const connectCmd = (port: number, obj: Amf0Value = { app: 'live', tcUrl: `rtmp://127.0.0.1:${port}/live` }) => amf0Command('connect', 1, obj);
  const cmds = (c: Chunker, port: number): Record<string, () => Buffer> => ({
    connect: () => c.chunk(3, MSG.command, 0, connectCmd(port)),
    createStream: () => c.chunk(3, MSG.command, 0, amf0Command('createStream', 2, null)),
    publish: () => c.chunk(8, MSG.command, 1, amf0Command('publish', 3, null, pick(['main', 'main?key=nope', 'other', '']), 'live')),
    play: () => c.chunk(8, MSG.command, 1, amf0Command('play', 3, null, pick(['main', 'nosuch', '']))),
    deleteStream: () => c.chunk(8, MSG.command, 1, amf0Command('deleteStream', 4, null, 1)),
    FCPublish: () => c.chunk(3, MSG.command, 0, amf0Command('FCPublish', 5, null, 'main')),
    audio: () => c.chunk(4, MSG.audio, 1, bytes(1 + int(64)), int(1000)),
    video: () => c.chunk(6, MSG.video, 1, Buffer.concat([Buffer.from([pick([0x17, 0x27, 0x1c, 0x90, 0x00]), int(3)]), bytes(int(64))]), int(1000)),
    metadata: () => c.chunk(5, MSG.data, 1, Buffer.concat([amf0('@setDataFrame'), amf0('onMetaData'), amf0(pick(weird))])),
    setChunkSize: () => { const b = Buffer.alloc(4); b.writeUInt32BE(pick([1, 128, 4096, 0, 0xffffffff])); return c.chunk(2, MSG.setChunkSize, 0, b); },
  });

  const cases: FuzzCase[] = [];
  const add = (n: number, category: string, build: Build, extra: Partial<FuzzCase> = {}) => {
    for (let i = 0; i < n; i++) cases.push({ category, writes: build(chunker, port), ...extra });
  };

  // 1. chunk headers: any fmt, chunk stream id form, length, type, stream id, extended timestamp
  add(200, 'chunk-header', () => {
    const fmt = int(4);
    const form = int(3);
    const basic = form === 0 ? Buffer.from([(fmt << 6) | (2 + int(62))]) : form === 1 ? Buffer.from([(fmt << 6) | 0, int(256)]) : Buffer.from([(fmt << 6) | 1, int(256), int(256)]);
    const header = bytes([11, 7, 3, 0][fmt]!);
    if (fmt <= 1) header.writeUIntBE(int(3) === 0 ? int(0x1000000) : int(4096), 3, 3);
    const ext = rnd() < 0.3 ? bytes(4) : Buffer.alloc(0);
    if (ext.length && fmt <= 2) header.writeUIntBE(0xffffff, 0, 3);
    return [Buffer.concat([basic, header, ext, bytes(int(2048))])];
  });

  // 2. connect with command objects no client sends
  add(120, 'connect-object', (c, port) => {
    const obj = pick<Amf0Value>([
      ...weird, { app: 'live' }, { app: 'live', tcUrl: 42 }, { app: 'live', tcUrl: 'not a url' }, { app: 42, tcUrl: `rtmp://127.0.0.1:${port}/live` },
      { app: { x: 1 }, tcUrl: `rtmp://127.0.0.1:${port}/live` }, { app: '../etc', tcUrl: `rtmp://h/x` }, { app: 'live', tcUrl: 'rtmp://[::1' },
      { app: 'live', tcUrl: `rtmp://127.0.0.1:${port}/live`, objectEncoding: 'three' },
    ]);
    const name = pick<Amf0Value>(['connect', 'connect', 42, null, new Amf0Raw(Buffer.from([0x02, 0xff, 0xff]))]);
    return [c.chunk(3, MSG.command, 0, amf0Command(name, pick([1, NaN, -1]), obj)), ...(rnd() < 0.5 ? [cmds(c, port).createStream!(), cmds(c, port).publish!()] : [])];
  });

  // 3. unknown or misplaced AMF0 type markers anywhere in a command
  add(150, 'amf0-marker', (c, port) => {
    const values: Amf0Value[] = [pick(['connect', 'publish', 'play', 'createStream']), 1, { app: 'live', tcUrl: `rtmp://127.0.0.1:${port}/live` }, 'main'];
    const at = int(values.length);
    const marker = pick([0x04, 0x09, 0x0d, 0x0e, 0x11, 0x12, 0x7f, 0xfe, 0xff, 0x07, 0x0a, 0x0b, 0x0c, 0x0f, 0x10]);
    values[at] = new Amf0Raw(Buffer.concat([Buffer.from([marker]), bytes(int(12))]));
    const payload = Buffer.concat(values.map(amf0));
    return [cmds(c, port).connect!(), c.chunk(3, pick([MSG.command, MSG.data, 17, 15]), int(2), payload)];
  });

  // 4. truncated AMF0: a valid command cut short, with a length that matches the cut or claims more
  add(150, 'amf0-truncated', (c, port) => {
    const full = pick([
      connectCmd(port),
      amf0Command('publish', 3, null, 'main?key=abc', 'live'),
      amf0Command('play', 3, null, 'main'),
      amf0Command('connect', 1, { app: 'live', tcUrl: `rtmp://127.0.0.1:${port}/live`, nested: { deep: [1, 2, { x: 'y' }] } }),
      Buffer.concat([amf0('@setDataFrame'), amf0('onMetaData'), amf0({ width: 1280, height: 720 })]),
    ]);
    const cut = full.subarray(0, int(full.length));
    const claim = rnd() < 0.5 ? cut.length : full.length;
    const type = pick([MSG.command, MSG.data, 17]);
    const prefix = rnd() < 0.5 ? [cmds(c, port).connect!()] : [];
    return [...prefix, c.chunk(3, type, 1, cut, 0, claim)];
  });

  // 5. publish/play whose stream name is not a string (or an absurd one)
  add(120, 'non-string-name', (c, port) => {
    const name = pick<Amf0Value>([...weird, 'a'.repeat(70_000), 'main?key=' + 'k'.repeat(5000), '../../main', 'main/../x', 'main\u0000', '主播']);
    const which = pick(['publish', 'play']);
    return [cmds(c, port).connect!(), cmds(c, port).createStream!(), c.chunk(8, MSG.command, 1, amf0Command(which, 3, null, name, 'live')), c.chunk(6, MSG.video, 1, bytes(32))];
  });

  // 6. commands and media in the wrong order
  add(150, 'wrong-order', (c, port) => {
    const table = cmds(c, port);
    const names = Object.keys(table);
    return Array.from({ length: 2 + int(6) }, () => table[pick(names)]!());
  });

  // 7. absurd sizes: message lengths, chunk sizes, chunk stream counts, array counts, nesting
  const absurd: Record<string, Build> = {
    'message-length': (c) => [c.chunk(6, MSG.video, 1, bytes(16), 0, 0x900000 + int(0x6fffff))],
    // many chunk streams each starting a big message (one chunk each): the reassembly budget is hit
    'reassembly': (c) => [Buffer.concat(Array.from({ length: 40 }, (_, i) => c.chunk(10 + i, MSG.video, 1, Buffer.alloc(128), 0, 0x400000 + int(0x3fffff))))],
    'chunk-size': (c, port) => { const b = Buffer.alloc(4); b.writeUInt32BE(pick([0, 0x80000000, 0xffffffff])); return [c.chunk(2, MSG.setChunkSize, 0, b), cmds(c, port).connect!()]; },
    'short-control': (c) => [c.chunk(2, pick([MSG.setChunkSize, 3, 5, 6]), 0, Buffer.alloc(1 + int(3)))],
    'chunk-streams': (c) => [Buffer.concat(Array.from({ length: 100 }, (_, i) => c.chunk(i < 62 ? 2 + i : 66 + (i - 62), MSG.command, 0, amf0('x'))))],
    'array-count': (c) => [c.chunk(3, MSG.command, 0, Buffer.concat([amf0('connect'), amf0(1), Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff]), Buffer.alloc(64, 0x05)]))],
    // objects nested thousands deep: { a: { a: { a: ... } } }
    'nesting': (c) => {
      const depth = 5000 + int(20_000);
      const nested = Buffer.concat(Array.from({ length: depth }, () => Buffer.from([0x03, 0x00, 0x01, 0x61])));
      return [c.chunk(3, MSG.command, 0, Buffer.concat([amf0('connect'), amf0(1), nested]))];
    },
  };
  for (const [name, build] of Object.entries(absurd)) add(12, `absurd-size:${name}`, build, { mustClose: true });

  // 8. raw garbage instead of a handshake
  add(50, 'raw-garbage', () => [Buffer.concat([Buffer.from([pick([3, 6, 0, 0xff])]), bytes(int(5000))])], { raw: true });

  return cases;
}
