/**
 * The node-media-server internals we rely on, in one place: module paths, classes, the methods we
 * wrap and the fields we read. NMS is CommonJS without types; these interfaces are our contract with
 * the exact pinned version (package.json), and test/unit/nms-contract.test.ts fails loudly when an
 * upgrade changes any of it. Only media/relay/ imports this file.
 */
import type net from 'node:net';
import type { EventEmitter } from 'node:events';

export interface NmsBroadcast {
  streamPath: string;
  publisher: NmsSession | null;
  publishGraceMs: number;
  subscribers: Map<string, unknown>;
  postPlay(session: unknown): string | null;
  donePlay(session: unknown): void;
  /** Ends the publish now (NMS otherwise waits publishGraceMs on a timer). */
  _finishPublish(): void;
}

/** The fields of NMS's per-connection RTMP parser (protocol/rtmp.js) that our guards read or wrap. */
export interface NmsRtmpPacket {
  header: { fmt: number; cid: number; length: number; type: number; stream_id: number };
  capacity: number;
}
export interface NmsRtmpParser {
  inChunkSize: number;
  inPackets: Map<number, NmsRtmpPacket>;
  parserPacket: NmsRtmpPacket;
  streamApp?: unknown;
  streamId?: number;
  onConnectCallback: (req: { app: string; name: string; host: string; query: unknown }) => void;
  onPlayCallback: () => void;
  onPushCallback: () => void;
  onPacketCallback: (packet: NmsAvPacket) => void;
  packetAlloc(): void;
  packetParse(): void;
  controlHandler(): void;
  respondPublish(): void;
  respondPlay(): void;
  sendStatusMessage(sid: number, level: string, code: string, description: string): void;
}

export interface NmsAvPacket {
  codec_type: number;
  size: number;
}

export interface NmsSession {
  id: string;
  ip: string;
  protocol: string;
  isPublisher: boolean;
  streamApp: string;
  streamName: string;
  streamPath: string;
  streamQuery: Record<string, unknown>;
  broadcast: NmsBroadcast;
  inBytes: number;
  videoCodec: number;
  videoWidth: number;
  videoHeight: number;
  videoFramerate: number;
  audioCodec: number;
  audioSamplerate: number;
  audioChannels: number;
  sendBuffer: (buf: Buffer) => void;
  onData: (buf: Buffer) => void;
  close(): void;
  run(): void;
  socket?: net.Socket;
  rtmp?: NmsRtmpParser;
}

export const NMS_MODULES = {
  context: 'node-media-server/src/core/context.js',
  logger: 'node-media-server/src/core/logger.js',
  rtmpSession: 'node-media-server/src/session/rtmp_session.js',
  flvSession: 'node-media-server/src/session/flv_session.js',
  broadcastServer: 'node-media-server/src/server/broadcast_server.js',
} as const;

export const nmsContext = require(NMS_MODULES.context) as {
  sessions: Map<string, NmsSession>;
  broadcasts: Map<string, NmsBroadcast>;
  eventEmitter: EventEmitter;
  config: Record<string, unknown>;
};
export const NmsLogger = require(NMS_MODULES.logger) as { log: (...args: unknown[]) => void };
export const RtmpSession = require(NMS_MODULES.rtmpSession) as new (socket: net.Socket) => NmsSession;
export const FlvSession = require(NMS_MODULES.flvSession) as new (req: unknown, res: unknown) => NmsSession;
export const BroadcastServer = require(NMS_MODULES.broadcastServer) as new (path: string) => NmsBroadcast;

// NMS logs every session to stdout through a process-wide logger; our engine logs what matters
// (publishes, refusals, dropped connections) to the logger it was given, so NMS's own lines are dropped.
NmsLogger.log = () => undefined;
