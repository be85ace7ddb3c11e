/**
 * The X11 connection handshake, in a few bytes of protocol: enough to learn the screen's size (x11grab
 * captures 640x480 unless told the size, and xrandr is not installed everywhere) and the root window.
 * Local displays only (":N" -> /tmp/.X11-unix/XN), with the MIT-MAGIC-COOKIE-1 from XAUTHORITY when
 * there is one. The parsers are pure and unit-tested.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface X11Screen {
  root: number;
  width: number;
  height: number;
}

export interface X11Connection {
  socket: net.Socket;
  screen: X11Screen;
}

/** ":1", ":1.0", "unix:1" -> 1; null for TCP displays ("host:10.0"). */
export function localDisplayNumber(display: string): number | null {
  const m = /^(?:unix)?:(\d+)(?:\.\d+)?$/.exec(display.trim());
  return m ? Number(m[1]) : null;
}

interface XauthEntry { family: number; address: string; number: string; name: string; data: Buffer }

/** The Xauthority file format: records of (family, address, number, name, data), big-endian lengths. */
export function parseXauthority(buf: Buffer): XauthEntry[] {
  const out: XauthEntry[] = [];
  let o = 0;
  const field = (): Buffer | null => {
    if (o + 2 > buf.length) return null;
    const len = buf.readUInt16BE(o);
    if (o + 2 + len > buf.length) return null;
    const b = buf.subarray(o + 2, o + 2 + len);
    o += 2 + len;
    return b;
  };
  while (o + 2 <= buf.length) {
    const family = buf.readUInt16BE(o);
    o += 2;
    const [address, number, name, data] = [field(), field(), field(), field()];
    if (!address || !number || !name || !data) break;
    out.push({ family, address: address.toString('latin1'), number: number.toString('latin1'), name: name.toString('latin1'), data: Buffer.from(data) });
  }
  return out;
}

function cookieFor(displayNumber: number, env: NodeJS.ProcessEnv): Buffer | null {
  const file = env.XAUTHORITY ?? path.join(env.HOME ?? os.homedir(), '.Xauthority');
  let entries: XauthEntry[];
  try {
    entries = parseXauthority(readFileSync(file));
  } catch {
    return null; // no file: the server may not need one (Xvfb without -auth)
  }
  const host = os.hostname();
  const e = entries.find((x) => x.name === 'MIT-MAGIC-COOKIE-1' && (x.number === String(displayNumber) || x.number === '')
    && (x.family === 65535 || (x.family === 256 && (x.address === host || x.address === ''))))
    ?? entries.find((x) => x.name === 'MIT-MAGIC-COOKIE-1' && x.number === String(displayNumber));
  return e?.data ?? null;
}

/** The connection setup request (little-endian, protocol 11.0). */
export function setupRequest(cookie: Buffer | null): Buffer {
  const name = cookie ? Buffer.from('MIT-MAGIC-COOKIE-1', 'latin1') : Buffer.alloc(0);
  const data = cookie ?? Buffer.alloc(0);
  const pad = (n: number) => (4 - (n % 4)) % 4;
  const head = Buffer.alloc(12);
  head.write('l', 0, 'latin1');
  head.writeUInt16LE(11, 2);
  head.writeUInt16LE(name.length, 6);
  head.writeUInt16LE(data.length, 8);
  return Buffer.concat([head, name, Buffer.alloc(pad(name.length)), data, Buffer.alloc(pad(data.length))]);
}

/**
 * The setup reply: null until complete; throws when the server refused. The first SCREEN follows the
 * vendor string and the pixmap formats: root window (4 bytes) ... width/height in pixels at +20/+22.
 */
export function parseSetupReply(buf: Buffer): X11Screen | null {
  if (buf.length < 8) return null;
  const total = 8 + buf.readUInt16LE(6) * 4;
  if (buf.length < total) return null;
  if (buf[0] !== 1) {
    const reason = buf.subarray(8, 8 + (buf[1] ?? 0)).toString('latin1');
    throw new Error(`the X server refused the connection${reason ? `: ${reason}` : ''}`);
  }
  const vendorLen = buf.readUInt16LE(24);
  const formats = buf.readUInt8(29);
  const screen = 40 + Math.ceil(vendorLen / 4) * 4 + 8 * formats;
  if (screen + 24 > total) throw new Error('the X server sent a setup reply without a screen');
  return { root: buf.readUInt32LE(screen), width: buf.readUInt16LE(screen + 20), height: buf.readUInt16LE(screen + 22) };
}

/** Opens a connection to a local display; the caller ends the socket. */
export function connectX11(display: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 2000): Promise<X11Connection> {
  const n = localDisplayNumber(display);
  if (n === null) return Promise.reject(new Error(`${display} is not a local X display`));
  return new Promise((resolve, reject) => {
    const socket = net.connect(`/tmp/.X11-unix/X${n}`);
    const timer = setTimeout(() => fail(new Error(`the X server at ${display} did not answer`)), timeoutMs);
    let buf = Buffer.alloc(0);
    const fail = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    socket.once('error', fail);
    socket.on('data', function onData(c: Buffer) {
      buf = Buffer.concat([buf, c]);
      try {
        const screen = parseSetupReply(buf);
        if (!screen) return;
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('error', fail);
        socket.on('error', () => undefined);
        resolve({ socket, screen });
      } catch (err) {
        fail(err as Error);
      }
    });
    socket.write(setupRequest(cookieFor(n, env)));
  });
}

/** The size of a local display's screen, or null when it cannot be asked. */
export async function x11ScreenSize(display: string, env: NodeJS.ProcessEnv = process.env): Promise<{ width: number; height: number } | null> {
  try {
    const { socket, screen } = await connectX11(display, env);
    socket.destroy();
    return { width: screen.width, height: screen.height };
  } catch {
    return null;
  }
}
