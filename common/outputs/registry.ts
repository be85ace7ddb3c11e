/**
 * The output kinds the studio knows, and everything the rest of the code asks about a destination
 * (its schema, publish URL, secrets, the URL safe to show) answered from its kind's descriptor. Add a
 * kind: write its module (see rtmp.ts) and list it in KINDS and DESTINATION_VARIANTS below.
 */
import { z } from 'zod';
import type { OutputKind } from './kind';
import { rtmpOutput, RtmpSettingsSchema } from './rtmp';

const KINDS = [rtmpOutput] as const;

/** Every kind, in the order the destination form offers them. */
export const OUTPUT_KINDS: readonly OutputKind[] = KINDS;

const base = {
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  enabled: z.boolean().default(true),
};

const DESTINATION_VARIANTS = [
  z.object({ ...base, kind: z.literal('rtmp'), ...RtmpSettingsSchema.shape }),
] as const;

/**
 * One extra output: a name, on/off, its kind and that kind's settings. Destinations saved before
 * kinds existed have none and are RTMP.
 */
export const DestinationSchema = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) && (v as { kind?: unknown }).kind === undefined ? { ...v, kind: 'rtmp' } : v),
  z.discriminatedUnion('kind', [...DESTINATION_VARIANTS]),
);
export type Destination = z.infer<typeof DestinationSchema>;
export type OutputKindId = Destination['kind'];

export function outputKind(id: string): OutputKind | null {
  return OUTPUT_KINDS.find((k) => k.id === id) ?? null;
}

/** The kind that publishes to this URL's scheme (rtmps://… → RTMP), or null. */
export function outputKindForUrl(url: string): OutputKind | null {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  return OUTPUT_KINDS.find((k) => scheme !== undefined && k.protocols.includes(scheme)) ?? null;
}

function kindOf(d: Pick<Destination, 'kind'>): OutputKind {
  const k = outputKind(d.kind ?? 'rtmp');
  if (!k) throw new Error(`Unknown output kind "${d.kind}".`);
  return k;
}

/** The URL ffmpeg publishes to for a destination (secrets included: never show or log it). */
export function destinationPublishUrl(d: Destination): string {
  return kindOf(d).publishUrl(d);
}

/** Every secret of a destination: its own (the stream key) and any in its URL. */
export function destinationSecrets(d: Destination): string[] {
  return kindOf(d).secrets(d);
}

/** Secrets inside a full publish URL (the relay's `?key=`), by the kind its scheme names. */
export function urlSecrets(url: string): string[] {
  return outputKindForUrl(url)?.secretsInUrl(url) ?? [];
}

/**
 * Every query value of every URL in `text` replaced by *** (the parameter names stay readable:
 * `?wsSecret=***&txTime=***`). A key can hide in any parameter a platform invents, so none is shown.
 */
export function redactUrlQueries(text: string): string {
  // The query ends at white space, a quote or '#'; punctuation after it ("<url>: I/O error") is not part of it.
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#]*\?)([^\s#"'<>]*?)(?=[:,.;)]*(?:[\s#"'<>]|$))/gi, (_whole, head: string, query: string) =>
    head + query.split('&').map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 || eq === pair.length - 1 ? pair : `${pair.slice(0, eq)}=***`;
    }).join('&'));
}

/**
 * `text` (a URL, a log line, an error) with every secret replaced by *** and every URL's query values
 * masked. Longest first, so a key that contains a shorter one is hidden whole.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = redactUrlQueries(text);
  for (const s of [...new Set(secrets)].filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  // URL-encoded forms too (a key with + or / appears encoded in some logs).
  for (const s of secrets) if (s && encodeURIComponent(s) !== s) out = out.split(encodeURIComponent(s)).join('***');
  return out;
}

/** The destination's publish URL with its secrets hidden: what the UI and the logs show. */
export function destinationDisplayUrl(d: Destination): string {
  const url = destinationPublishUrl(d);
  return redactSecrets(url, [...destinationSecrets(d), ...urlSecrets(url)]);
}
