/**
 * The HLS packager's upload route, on its own listener bound to 127.0.0.1 (port chosen by the OS),
 * never on the public port (as Owncast does). Only our own ffmpeg, knowing this process's random
 * secret path, may write media; the secret is compared in constant time.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { HlsSegmentStore } from '../hls/segment-store';
import { PlaylistParseError } from '../hls/playlist';
import type { Logger } from '../log';
import { secretEquals } from '../net/secret';
import { BodyTooLargeError, isLoopback, readBody, sendError } from './http-util';

const INGEST_PATH = /^\/_ingest\/([A-Za-z0-9_-]{1,64})\/([a-zA-Z0-9_-]{1,64})\/([a-z0-9]{1,32})\/(index\.m3u8|seg-\d{1,9}\.ts)$/;
const MAX_UPLOAD = 64 * 1024 * 1024;

export class IngestServer {
  private readonly secret = randomBytes(16).toString('base64url');
  private readonly server: http.Server;
  private port = 0;

  constructor(private readonly store: HlsSegmentStore, private readonly log: Logger) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 60_000;
  }

  /** Base URL for ffmpeg's uploads: http://127.0.0.1:<port>/_ingest/<secret> */
  get base(): string {
    if (!this.port) throw new Error('ingest server not started');
    return `http://127.0.0.1:${this.port}/_ingest/${this.secret}`;
  }

  get listeningPort(): number {
    return this.port;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (err) => reject(new Error(`HLS upload listener could not start on 127.0.0.1: ${err.message}`)));
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
    this.port = 0;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const m = INGEST_PATH.exec((req.url ?? '').split('?')[0]!);
    // Loopback-bound already; the address check is a second wall should the bind ever change.
    if (!m || !isLoopback(req.socket.remoteAddress) || !secretEquals(this.secret, m[1])) {
      this.log.warn(`Refused media upload ${m ? `to ${m[2]}/${m[4]} ` : ''}from ${req.socket.remoteAddress}`);
      return sendError(res, 403, 'forbidden', 'Uploads are accepted only from the relay itself.');
    }
    const [, , room, epoch, file] = m as unknown as [string, string, string, string, string];
    if (req.method === 'DELETE') {
      this.store.deleteSegment(room, epoch, file);
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'PUT' && req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'Use PUT.');
    try {
      const body = await readBody(req, MAX_UPLOAD);
      const accepted = file === 'index.m3u8'
        ? this.store.putPlaylist(room, epoch, body.toString('utf8'))
        : this.store.putSegment(room, epoch, file, body);
      res.writeHead(accepted ? 201 : 410).end();
    } catch (err) {
      if (err instanceof PlaylistParseError || err instanceof BodyTooLargeError) {
        this.log.warn(`Bad HLS upload for ${room}/${file}: ${err.message}`);
        return sendError(res, 400, 'bad_upload', err.message);
      }
      if (!res.headersSent) sendError(res, 500, 'upload_failed', (err as Error).message);
    }
  }
}
