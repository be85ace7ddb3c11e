/** Pure parsing and validation of `npm run relay` flags (unit-tested; the CLI only does I/O). */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ROOM_ID_PATTERN } from '../../common/room-protocol';
import { validateTrustedProxies } from '../net/client-address';
import type { RelayLimits } from '../relay/limits';
import type { VodRetention } from '../replay/catalog';

export const RELAY_USAGE = `Usage: npm run relay -- [options]
  --host <addr>        address to bind (default 127.0.0.1; use 0.0.0.0 to accept other machines)
  --rtmp-port <n>      RTMP ingest port (default 1935)
  --http-port <n>      HTTP port for HLS, HTTP-FLV, viewer page, API and live room (default 8000)
  --data-dir <dir>     where stream keys and the room log are stored (default ./data)
  --room <id>          a room to host; repeat for more (default: main)
  --key <streamKey>    stream key of the first room (generated and stored when absent)
  --ffmpeg <path>      ffmpeg binary to use (default: DANMU_FFMPEG, ffmpeg-static, bundled, PATH)
  --trust-proxy <ip>   a reverse proxy (IP or CIDR range) whose X-Forwarded-For is believed; repeat for more
  --rtmp-per-address <n>  concurrent RTMP connections per address, IPv6 per /64 (default 10)
  --http-per-address <n>  concurrent HTTP/WebSocket connections per address (default 256; trusted proxies exempt)
  --viewer-buffer-kb <n>  unsent data a viewer may fall behind before it is dropped (default 4096)
  --replay-max-days <n>   remove unpublished replays older than this (default: keep all; published ones are kept)
  --replay-max-gb <n>     remove the oldest unpublished replays when all together take more (default: no limit)
  --no-replays         do not archive publishes for replays
  --json               print one JSON line with the URLs on start
  --help               show this help`;

const port = (name: string) => z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`).min(0, `${name} must be 0-65535`).max(65535, `${name} must be 0-65535`);

const count = (name: string, min: number, max: number) => z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`).min(min, `${name} must be ${min}-${max}`).max(max, `${name} must be ${min}-${max}`);

const proxyEntry = z.string().superRefine((v, ctx) => {
  try {
    validateTrustedProxies([v]);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `--trust-proxy: ${(err as Error).message}` });
  }
});

const flagsSchema = z.object({
  host: z.string().min(1, '--host must not be empty').default('127.0.0.1'),
  rtmpPort: port('--rtmp-port').default(1935),
  httpPort: port('--http-port').default(8000),
  dataDir: z.string().min(1).default('data'),
  rooms: z.array(z.string().regex(ROOM_ID_PATTERN, '--room must be 1-64 letters, digits, "_" or "-"')).min(1).default(['main']),
  key: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, '--key must be 8-128 letters, digits, "_" or "-"').optional(),
  ffmpeg: z.string().min(1).optional(),
  trustProxy: z.array(proxyEntry).default([]),
  rtmpPerAddress: count('--rtmp-per-address', 1, 10_000).optional(),
  httpPerAddress: count('--http-per-address', 1, 100_000).optional(),
  viewerBufferKb: count('--viewer-buffer-kb', 64, 262_144).optional(),
  replayMaxDays: z.coerce.number({ error: '--replay-max-days must be a number' }).min(0.01, '--replay-max-days must be more than 0').max(36_500, '--replay-max-days is at most 36500').optional(),
  replayMaxGb: z.coerce.number({ error: '--replay-max-gb must be a number' }).min(0.1, '--replay-max-gb must be at least 0.1').max(1_000_000, '--replay-max-gb is too large').optional(),
  noReplays: z.boolean().default(false),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

export type RelayFlags = z.infer<typeof flagsSchema>;

export type ParseResult = { ok: true; flags: RelayFlags } | { ok: false; error: string };

export function parseRelayFlags(argv: string[]): ParseResult {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        'rtmp-port': { type: 'string' },
        'http-port': { type: 'string' },
        'data-dir': { type: 'string' },
        room: { type: 'string', multiple: true },
        key: { type: 'string' },
        ffmpeg: { type: 'string' },
        'trust-proxy': { type: 'string', multiple: true },
        'rtmp-per-address': { type: 'string' },
        'http-per-address': { type: 'string' },
        'viewer-buffer-kb': { type: 'string' },
        'replay-max-days': { type: 'string' },
        'replay-max-gb': { type: 'string' },
        'no-replays': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { ok: false, error: (err as Error).message.replace(/\. To specify.*$/s, '') };
  }
  const parsed = flagsSchema.safeParse({
    host: values.host, rtmpPort: values['rtmp-port'], httpPort: values['http-port'], dataDir: values['data-dir'],
    rooms: values.room, key: values.key, ffmpeg: values.ffmpeg, json: values.json, help: values.help,
    trustProxy: values['trust-proxy'], rtmpPerAddress: values['rtmp-per-address'], httpPerAddress: values['http-per-address'], viewerBufferKb: values['viewer-buffer-kb'],
    replayMaxDays: values['replay-max-days'], replayMaxGb: values['replay-max-gb'], noReplays: values['no-replays'],
  });
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join('; ') };
  if (parsed.data.rtmpPort !== 0 && parsed.data.rtmpPort === parsed.data.httpPort) {
    return { ok: false, error: '--rtmp-port and --http-port must differ' };
  }
  return { ok: true, flags: { ...parsed.data, rooms: [...new Set(parsed.data.rooms)] } };
}

/** The relay limits the flags set (the rest keep their defaults, see media/relay/limits.ts). */
export function limitsFromFlags(flags: RelayFlags): Partial<RelayLimits> {
  return {
    rtmpConnectionsPerAddress: flags.rtmpPerAddress,
    httpConnectionsPerAddress: flags.httpPerAddress,
    viewerMaxPendingBytes: flags.viewerBufferKb === undefined ? undefined : flags.viewerBufferKb * 1024,
  };
}

/** Replays: on unless --no-replays; retention for unpublished ones from the flags (default: keep all). */
export function vodFromFlags(flags: RelayFlags): { enabled: boolean; retention: VodRetention } {
  return {
    enabled: !flags.noReplays,
    retention: {
      ...(flags.replayMaxDays !== undefined ? { maxAgeDays: flags.replayMaxDays } : {}),
      ...(flags.replayMaxGb !== undefined ? { maxBytes: Math.round(flags.replayMaxGb * 1e9) } : {}),
    },
  };
}
