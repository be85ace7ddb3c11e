/**
 * `npm start` flags, shared by browser mode (main/cli.ts) and Electron (main/electron/entry.ts).
 * Parsed strictly (unknown flags are errors) and validated with zod, so a typo gets a clear message
 * and exit code 2 instead of a studio that silently ignores it.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeIssues } from './api-schemas';

/** An existing, executable file (whether it really is ffmpeg is checked when the studio starts). */
function isExecutableFile(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

const port = z.string().regex(/^\d{1,5}$/, 'must be a port number 0-65535').transform(Number).pipe(z.number().max(65535, 'must be 0-65535'));

export const cliFlagsSchema = z.object({
  web: z.boolean().default(false),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
  dataDir: z.string().min(1).optional(),
  rtmpPort: port.optional(),
  httpPort: port.optional(),
  bridgePort: port.optional(),
  ffmpeg: z.string().min(1).max(4096).refine(isExecutableFile, 'must be the path of an executable ffmpeg program, e.g. /usr/bin/ffmpeg').optional(),
  host: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')], { error: 'must be an IP address such as 127.0.0.1 or 0.0.0.0' }).optional(),
});
export type CliFlags = z.infer<typeof cliFlagsSchema>;

export const CLI_USAGE = `Usage: npm start [-- options]
  --web                 browser mode: serve the studio at a local URL instead of opening a window
  --json                print one JSON line with the studio, room, RTMP, HLS and viewer URLs
  --data-dir <dir>      where settings, scenes and stream keys live (default: the app's data folder)
  --rtmp-port <n>       RTMP ingest port for this run (default: Settings, 1935; 0 = any free port)
  --http-port <n>       relay HTTP port for this run (default: Settings, 8000; 0 = any free port)
  --bridge-port <n>     browser-mode studio port (default: a free port)
  --host <addr>         relay bind address for this run (default: 127.0.0.1, this machine only; 0.0.0.0
                        when LAN sharing is on in Settings, so phones on the network can watch)
  --ffmpeg <path>       the ffmpeg to use for this run (default: Settings, else DANMU_FFMPEG, the bundled one, PATH)
  --help                this text`;

export type ParseResult = { ok: true; flags: CliFlags } | { ok: false; message: string };

export function parseCliFlags(argv: string[]): ParseResult {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        web: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        'data-dir': { type: 'string' },
        'rtmp-port': { type: 'string' },
        'http-port': { type: 'string' },
        'bridge-port': { type: 'string' },
        host: { type: 'string' },
        ffmpeg: { type: 'string' },
      },
    }).values;
  } catch (err) {
    return { ok: false, message: `${(err as Error).message}\n\n${CLI_USAGE}` };
  }
  const camel = Object.fromEntries(Object.entries(values).map(([k, v]) => [k.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()), v]));
  const parsed = cliFlagsSchema.safeParse(camel);
  if (!parsed.success) {
    const lines = describeIssues(parsed.error).map((l) => '--' + l.replace(/^(\w+)/, (m) => m.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())));
    return { ok: false, message: `Invalid option: ${lines.join('; ')}\n\n${CLI_USAGE}` };
  }
  return { ok: true, flags: parsed.data };
}
