/**
 * RTMP and RTMPS (Bilibili, Douyin, Huya, Twitch, YouTube, Kick, the studio's own relay): a server
 * URL plus a stream key, published as FLV. The key goes last in the path, as platforms present it
 * ("server URL" + "stream key"); a URL may also hold it already (`…/live/room?key=…`).
 */
import { z } from 'zod';
import type { OutputKind } from './kind';

/** A publish URL: rtmp(s)://host[:port]/app[/stream][?query] (an IPv6 host in brackets). The key may be given separately. */
export const RTMP_URL_PATTERN = /^rtmps?:\/\/(\[[0-9a-f:.]+\]|[^\s/:?#[\]]+)(:\d{1,5})?\/[^\s?#]+(\?[^\s#]*)?$/i;

export const rtmpUrlSchema = z
  .string()
  .trim()
  .regex(RTMP_URL_PATTERN, {
    message: 'must look like rtmp://host[:port]/app/stream (rtmp:// or rtmps://, no spaces)',
  })
  .refine((u) => {
    const m = /:(\d{1,5})\//.exec(u.replace(/^rtmps?:\/\//, 'x://'));
    return !m || (Number(m[1]) > 0 && Number(m[1]) < 65536);
  }, { message: 'has a port outside 1-65535' });

export const RtmpSettingsSchema = z.object({
  /** e.g. rtmp://live.twitch.tv/app (the key below is appended as the last path part) or a full URL. */
  url: rtmpUrlSchema,
  /** Stream key; appended as "/<key>" to url. Empty when url already holds it. */
  key: z.string().max(500).regex(/^[^\s]*$/, { message: 'must not contain spaces' }).default(''),
});
export type RtmpSettings = z.infer<typeof RtmpSettingsSchema>;

export interface RtmpUrlParts {
  proto: 'rtmp' | 'rtmps';
  host: string;
  port: number;
  /** What ffmpeg takes as the application: the first path element. */
  app: string;
  /** The rest (stream name, query): the playpath. */
  rest: string;
}

/** rtmp[s]://host[:port]/app[/rest] -> parts, or null when it is not such a URL. */
export function parseRtmpUrl(url: string): RtmpUrlParts | null {
  const m = /^(rtmps?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d{1,5}))?\/([^/?#]*)\/?(.*)$/i.exec(url);
  if (!m) return null;
  const proto = (m[1] as string).toLowerCase() as 'rtmp' | 'rtmps';
  return { proto, host: (m[2] as string).replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : proto === 'rtmps' ? 443 : 1935, app: m[4] ?? '', rest: m[5] ?? '' };
}

/** The URL ffmpeg publishes to (the address instead of the name) and the tcUrl it announces (the name, which CDNs route on). */
export function addressedRtmpUrl(t: RtmpUrlParts, address: string): { url: string; tcUrl: string } {
  const host = (h: string) => (h.includes(':') ? `[${h}]` : h);
  return {
    url: `${t.proto}://${host(address)}:${t.port}/${t.app}${t.rest ? `/${t.rest}` : ''}`,
    tcUrl: `${t.proto}://${host(t.host)}:${t.port}/${t.app}`,
  };
}

/**
 * A full URL pasted without a separate key carries the key as its stream name
 * (rtmp://live.twitch.tv/app/live_123456_AbCd, rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop):
 * that stream name is the secret. Short names (`room`, `main`) are not platform keys, and hiding them
 * would turn every "room" in a log line into ***.
 */
function streamNameKey(url: string): string {
  const name = (parseRtmpUrl(url)?.rest ?? '').split('?')[0]!.replace(/\/+$/, '');
  return name.length >= 12 ? name : '';
}

/** Query parameters known to carry a key whatever its length (Tencent's txSecret, Alibaba's auth_key, wsSecret…). */
const SECRET_PARAM = /^(?:key|token|secret|sign|auth|auth_?key|ws_?secret|tx_?secret|streamkey|stream_?key|password|pass|pwd)$/i;

/**
 * Every query value is treated as a secret (platforms put keys in `?wsSecret=`, `?auth=`, `?sign=`,
 * `?txSecret=`… and new names appear): the display URL masks them all (see redactUrlQueries in the
 * registry). As free-text secrets (ffmpeg's own lines) values of 6 characters or more are matched,
 * and those of a known key name at any length: hiding a 4-letter value such as `rtmp` everywhere in a
 * line would mangle the line without hiding anything secret.
 */
function queryValueSecrets(url: string): string[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const before = url.slice(0, q);
  return url.slice(q + 1).split('#')[0]!.split('&').flatMap((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return [];
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    // `?vhost=<the host>` repeats what the URL shows anyway: hiding it would only blank the host.
    if (!value || (before.includes(value) && !SECRET_PARAM.test(name))) return [];
    return value.length >= 6 || SECRET_PARAM.test(name) ? [value] : [];
  });
}

export const rtmpOutput: OutputKind<RtmpSettings> = {
  id: 'rtmp',
  label: 'outputs.kind.rtmp',
  protocols: ['rtmp', 'rtmps'],
  settings: RtmpSettingsSchema,
  fields: [
    { key: 'url', label: 'outputs.url', input: 'url', required: true, maxLength: 2000, placeholder: 'rtmp://live-push.bilivideo.com/live-bvc/', hint: 'outputs.urlHint' },
    { key: 'key', label: 'outputs.key', input: 'secret', required: false, maxLength: 500 },
  ],
  publishUrl: (s) => (s.key ? `${s.url.replace(/\/+$/, '')}/${s.key}` : s.url),
  secrets: (s) => [s.key || streamNameKey(s.url), ...rtmpOutput.secretsInUrl(s.url)].filter(Boolean),
  secretsInUrl: queryValueSecrets,
  target: (url) => {
    const t = parseRtmpUrl(url);
    return t ? { host: t.host, port: t.port, transport: 'tcp' } : null;
  },
  ffmpegOutput: (url, address) => {
    const t = address ? parseRtmpUrl(url) : null;
    const addressed = t && address ? addressedRtmpUrl(t, address) : null;
    return [
      // MPEG-TS carries ADTS AAC; FLV wants raw AAC + AudioSpecificConfig (ffmpeg 4.x does not insert this itself).
      '-bsf:a', 'aac_adtstoasc',
      // A server that accepts the connection and then says nothing must not hold the output forever.
      '-rw_timeout', '10000000',
      ...(addressed ? ['-rtmp_tcurl', addressed.tcUrl] : []),
      '-f', 'flv', '-flvflags', 'no_duration_filesize', addressed?.url ?? url,
    ];
  },
  rejected: /NetStream\.Publish\.(BadName|Rejected)|Server error|publish.*(rejected|denied)|Unauthorized|403 Forbidden|NetConnection\.Connect\.Rejected/i,
};
