/**
 * What an output kind is (RTMP/RTMPS today; SRT or WHIP tomorrow): everything the studio needs to
 * know about one protocol family, in one descriptor. The settings dialog renders its form from
 * `fields`, settings are validated with `settings`, its secrets are hidden wherever a URL, a log line
 * or an error is shown, and the forwarder (media/studio/forwarder.ts) starts and supervises it from
 * `preflight` and `ffmpegOutput`. Adding a kind is one module beside rtmp.ts and one entry in
 * registry.ts (plus its labels in the i18n catalogs). Pure: runs in Node and in the browser.
 */
import type { z } from 'zod';
import type { OutputErrorCode } from '../pipeline';

/** One input of the destination form. `label` and `hint` are i18n keys (renderer/shared/i18n). */
export interface OutputField {
  /** The property of the destination's settings this field edits. */
  key: string;
  label: string;
  /** `url`: a server URL (checked against the kind's protocols as it is typed); `secret`: hidden as typed, never shown again. */
  input: 'url' | 'text' | 'secret';
  required: boolean;
  maxLength: number;
  /** An example value (a URL is not translated). */
  placeholder?: string;
  hint?: string;
}

/** Where a publish URL points: what the forwarder resolves and reaches before ffmpeg starts. */
export interface OutputTarget {
  host: string;
  port: number;
  /** `tcp`: the server must accept a connection first; `udp`: the name is resolved, nothing to connect. */
  transport: 'tcp' | 'udp';
}

export interface OutputKind<S extends Record<string, unknown> = Record<string, unknown>> {
  /** Stored in each destination's `kind`. */
  id: string;
  /** i18n key of the kind's name (the form's kind picker). */
  label: string;
  /** URL schemes this kind publishes to, e.g. ['rtmp', 'rtmps']. */
  protocols: readonly string[];
  /** The kind's own settings (beside id, name, enabled, kind), validated at every boundary. */
  settings: z.ZodType<S, unknown>;
  fields: readonly OutputField[];
  /** The URL ffmpeg publishes to, secrets included. */
  publishUrl(s: S): string;
  /** Every secret of these settings (stream key, passphrase, token), as it could appear in a URL or a log. */
  secrets(s: S): string[];
  /** Secrets inside a full publish URL (e.g. `?key=`), for URLs that carry their own. */
  secretsInUrl(url: string): string[];
  /** Host and port to reach before publishing, or null when the URL is not this kind's. */
  target(url: string): OutputTarget | null;
  /**
   * ffmpeg's output options and URL for a publish to `url`. `address` is the resolved address when
   * it differs from the host (the bundled static ffmpeg crashes on any name lookup, so it is given
   * the address, and the kind says how to keep the original name, e.g. RTMP's tcUrl).
   */
  ffmpegOutput(url: string, address: string | null): string[];
  /** Log lines (ffmpeg's) that mean the server refused the stream itself (a wrong key), beyond the generic causes. */
  rejected: RegExp;
}

/** What a failed attempt is classified as (see media/studio/explain.ts). */
export type { OutputErrorCode };
