/** The relay's public surface, used by the CLI, the studio's composition root and the room hub. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayUrlSet } from '../../common/studio-api';

export interface RoomMediaInfo {
  room: string;
  live: boolean;
  /** ms since the epoch when the current (or last) publish started. */
  since: number | null;
  video: { codec: string; width: number; height: number; fps: number } | null;
  audio: { codec: string; sampleRate: number; channels: number } | null;
  /** Measured ingest bitrate over the last few seconds, kbit/s. */
  bitrateKbps: number;
}

/** Handles a request and returns true, or returns false to let the next route try. */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

/** The URLs of one room; the studio API carries the same shape. */
export type RelayUrls = RelayUrlSet;

export interface RelayEvents {
  live: [RoomMediaInfo];
  offline: [RoomMediaInfo];
}
