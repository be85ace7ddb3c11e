/**
 * The program bus: Node owns the one MPEG-TS stream the outputs and the recording see. Each encoder
 * generation (one per scene, live edit or transition) writes MPEG-TS to its stdout; the splicer
 * (./ts-splicer.ts) keeps the on-air generation's packets, re-stamped onto one continuous timeline,
 * and the bus sends them to every output's loopback UDP port and appends them to the recording. The
 * outputs' forwarders and the recording file therefore live as long as the broadcast, whatever
 * happens to the encoders: a scene switch is a splice, not a restart.
 *
 *   encoder gen N   --stdout--┐
 *   encoder gen N+1 --stdout--┴─▶ splicer ─▶ udp://127.0.0.1:A (forwarder ─▶ RTMP relay)
 *                                         ├─▶ udp://127.0.0.1:B (forwarder ─▶ RTMP destination)
 *                                         └─▶ recording.ts (Node write stream)
 */
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Logger } from '../log';
import { type SpliceCut, TsSplicer } from './ts-splicer';

/** 7 TS packets: one loopback datagram that never fragments (what the tee muxer sent with pkt_size=1316). */
const DATAGRAM = 1316;
/** If the disk cannot keep up, the recording stops growing past this backlog (and says so) rather than eat memory. */
const MAX_RECORDING_BACKLOG = 64 * 1024 * 1024;

export interface ProgramBusOptions {
  fps: number;
  /** Loopback UDP ports the outputs' forwarders read from. */
  outputPorts: number[];
  recordingPath: string | null;
  log: Logger;
  now?: () => number;
}

interface BusEvents {
  cut: [SpliceCut];
  /** The recording could not be written (disk full, folder gone, too slow): the broadcast goes on. */
  recordingError: [Error];
}

export class ProgramBus extends EventEmitter<BusEvents> {
  private readonly splicer: TsSplicer;
  private readonly socket: dgram.Socket;
  private readonly recording: WriteStream | null;
  private recordingFailed = false;
  private readonly now: () => number;
  private seenCuts = 0;
  private closed = false;
  /** Bytes the bus sent (output side), for the stats' bitrate. */
  bytesOut = 0;

  constructor(private readonly opts: ProgramBusOptions) {
    super();
    this.now = opts.now ?? Date.now;
    this.splicer = new TsSplicer({ fps: opts.fps });
    this.socket = dgram.createSocket('udp4');
    this.socket.on('error', (err) => opts.log.warn(`program bus: UDP send failed: ${err.message}`));
    this.socket.unref();
    this.recording = opts.recordingPath ? createWriteStream(opts.recordingPath, { flags: 'a' }) : null;
    this.recording?.on('error', (err) => this.failRecording(err));
  }

  get onAir(): number | null {
    return this.splicer.onAirId;
  }

  get pending(): number | null {
    return this.splicer.nextId;
  }

  /** How long the program has run, in stream time (the recording's duration). */
  get durationSec(): number {
    return this.splicer.durationSec;
  }

  cuts(): SpliceCut[] {
    return [...this.splicer.cuts];
  }

  /** A new encoder generation: it goes on air at its first key frame (the very first one at once). */
  attach(gen: number, ts: Readable): void {
    this.splicer.begin(gen);
    ts.on('data', (chunk: Buffer) => this.send(this.splicer.push(gen, chunk, this.now())));
    ts.once('close', () => this.send(this.splicer.end(gen, this.now())));
    ts.on('error', () => undefined); // the encoder's exit is reported by its process
  }

  private send(packets: Buffer[]): void {
    if (packets.length === 0 || this.closed) return;
    const data = packets.length === 1 ? packets[0]! : Buffer.concat(packets);
    this.bytesOut += data.length;
    for (let at = 0; at < data.length; at += DATAGRAM) {
      const datagram = data.subarray(at, at + DATAGRAM);
      for (const port of this.opts.outputPorts) this.socket.send(datagram, port, '127.0.0.1');
    }
    if (this.recording && !this.recordingFailed) {
      if (this.recording.writableLength > MAX_RECORDING_BACKLOG) this.failRecording(new Error('the disk is not keeping up with the recording'));
      else this.recording.write(data);
    }
    if (this.seenCuts !== this.splicer.cutsMade) {
      this.seenCuts = this.splicer.cutsMade;
      const cut = this.splicer.cuts[this.splicer.cuts.length - 1];
      if (cut) this.emit('cut', cut);
    }
  }

  private failRecording(err: Error): void {
    if (this.recordingFailed) return;
    this.recordingFailed = true;
    this.opts.log.error(`recording stopped: ${err.message}`);
    this.emit('recordingError', err);
  }

  /** Stops sending and finishes the recording file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
    const rec = this.recording;
    if (rec && !rec.destroyed) await new Promise<void>((resolve) => rec.end(() => resolve()));
  }
}
