/**
 * Real parts for the viewer/overlay e2e tests and the browser benchmarks: a relay on ephemeral ports
 * with the room hub on its HTTP port, and the bundled ffmpeg publishing a live test pattern over RTMP.
 * (Not a test file itself: no `.test.` in the name.)
 */
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { memoryLogger, type Logger } from '../../media/log';
import { locateFfmpeg } from '../../media/ffmpeg/locate';
import { ProcessRegistry, type TrackedProcess } from '../../media/ffmpeg/processes';
import { createRelay, type Relay } from '../../media/relay/relay';
import { createRoomHub, type RoomHub } from '../../media/room/hub';
import { io, type Socket } from 'socket.io-client';
import { ROOM_NAMESPACE, type Welcome } from '../../common/room-protocol';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';

export interface Stack {
  relay: Relay;
  hub: RoomHub | null;
  processes: ProcessRegistry;
  origin: string;
  room: string;
  log: Logger & { lines: string[] };
  publish(): TrackedProcess;
  /** A socket.io client in the room (WebSocket, no reconnection), closed by stop(). Rejects with the refusal. */
  join(auth: Record<string, unknown>): Promise<{ socket: Socket; welcome: Welcome }>;
  stop(): Promise<void>;
}

export async function startStack(opts: { hub?: boolean; room?: string } = {}): Promise<Stack> {
  const room = opts.room ?? 'main';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'danmu-viewer-e2e-'));
  const processes = new ProcessRegistry();
  const log = memoryLogger();
  const relay = createRelay({ host: '127.0.0.1', rtmpPort: 0, httpPort: 0, dataDir, rooms: [{ id: room }], processes, log });
  let hub: RoomHub | null = null;
  if (opts.hub) {
    hub = createRoomHub({ server: relay.httpServer, rooms: relay.rooms, dataDir: null, log, batchMs: 50 });
    relay.addRoute(hub.httpRoute);
    // as media/relay/service.ts does: the relay refuses every other Upgrade request
    relay.allowUpgradePath('/socket.io/');
    relay.on('live', (i) => hub?.setLive(i.room, true));
    relay.on('offline', (i) => hub?.setLive(i.room, false));
  }
  await relay.start();
  const origin = `http://127.0.0.1:${relay.httpPort}`;
  const ffmpeg = locateFfmpeg().path;
  const sockets: Socket[] = [];
  const stack: Stack = {
    relay, hub, processes, origin, room, log,
    join: (auth) => {
      const socket = io(origin + ROOM_NAMESPACE, { auth: { room, ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('welcome', (welcome: Welcome) => resolve({ socket, welcome }));
        socket.once('connect_error', reject);
      });
    },
    publish: () => {
      const url = `rtmp://127.0.0.1:${relay.rtmpPort}/live/${room}?key=${relay.rooms.key(room)}`;
      return processes.spawn('publisher', ffmpeg, testPatternArgs(url), { quitWith: 'q' });
    },
    stop: async () => {
      for (const s of sockets) s.close();
      await processes.stopAll(2000);
      await hub?.close().catch(() => {});
      await relay.stop();
      processes.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/**
 * Geometry of the clock stamp the latency bench paints on its screen (test/helpers/x11-stamp.ts) and
 * the page decodes (clock-stamp-reader.ts): 32 bits (epoch ms mod 2^32, LSB first), row 2 is row 1 inverted.
 */
export const STAMP = { bits: 32, block: 20 } as const;

export function testPatternArgs(rtmpUrl: string): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-nostats',
    '-re', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30',
    '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-ar', '48000', '-b:a', '96k',
    '-f', 'flv', rtmpUrl,
  ];
}

export async function until<T>(fn: () => Promise<T | false | null | undefined> | T | false | null | undefined, what: string, ms = 20_000, every = 250): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/**
 * One relay + hub stack and one Chromium shared by a test file, started before its tests and stopped
 * after them (the set-up every viewer e2e file needs). Read them through the getters inside tests.
 */
export function sharedStackAndBrowser(opts: { hub?: boolean; room?: string } = { hub: true }): { readonly stack: Stack; readonly browser: Browser } {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  before(async () => {
    stack = await startStack(opts);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });
  return {
    get stack() { if (!stack) throw new Error('the stack starts in before()'); return stack; },
    get browser() { if (!browser) throw new Error('Chromium starts in before()'); return browser; },
  };
}

/**
 * Resolves when `page` has been welcomed into a room (the hub's `welcome` packet on its socket.io
 * WebSocket): the moment from which it gets live events. Call it before `page.goto`. A page that
 * joins late only gets earlier events as history, which the overlay does not draw, so a test that
 * sends right after loading must wait for this rather than for a fixed time.
 */
export function roomWelcome(page: Page, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${page.url()} was not welcomed into its room within ${timeoutMs} ms`)), timeoutMs);
    page.on('websocket', (ws) => ws.on('framereceived', (f) => {
      if (typeof f.payload === 'string' && f.payload.startsWith(`42${ROOM_NAMESPACE},["welcome"`)) {
        clearTimeout(timer);
        resolve();
      }
    }));
  });
}
