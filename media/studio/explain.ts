/**
 * ffmpeg's last log lines -> one message a streamer understands. Pure; the rules go from the most
 * specific to the most generic, because one failure often prints several matching lines.
 */
import type { OutputError, OutputErrorCode } from '../../common/pipeline';
import { ENCODER_LIST } from './args/encoder';

export interface ExplainContext {
  /** The URL being published to (shown without the key). */
  target?: string | undefined;
}

export interface Explanation {
  message: string;
  /** The lines that matched (or the last lines when none did). */
  logLines: string[];
}

interface Rule {
  test: RegExp;
  say: (m: RegExpExecArray, ctx: ExplainContext) => string;
}

export function hostOf(url: string | undefined): string {
  if (!url) return 'the server';
  const m = /^[a-z]+:\/\/([^/?#]+)/i.exec(url);
  return m?.[1] ?? url;
}

const RULES: Rule[] = [
  { test: /pa_context_connect\(\) failed|pulse.*Connection refused/i, say: () => 'PulseAudio is not running, so the microphone and desktop audio cannot be opened. Start PulseAudio/PipeWire or remove those audio sources.' },
  { test: /Cannot open display ?([^\s,]*)/i, say: (m) => `Cannot open the display ${m[1] || ''}: is the X server running and DISPLAY set correctly? (Wayland sessions need an X display such as XWayland.)`.replace('display  ', 'display ') },
  { test: /(\/dev\/video\d+)[^\n]*(No such file or directory|Cannot open video device)/i, say: (m) => `The camera ${m[1]} is missing: is it plugged in?` },
  { test: /(\/dev\/video\d+)[^\n]*(Device or resource busy)/i, say: (m) => `The camera ${m[1]} is busy: close the other program using it (a browser tab, Zoom, OBS).` },
  { test: /(\/dev\/video\d+)[^\n]*Permission denied/i, say: (m) => `No permission to open the camera ${m[1]}: add your user to the "video" group.` },
  { test: /Could not find video device with name \[([^\]]*)\]/i, say: (m) => `The camera "${m[1]}" is missing: is it plugged in?` },
  { test: /Could not find audio only device with name \[([^\]]*)\]/i, say: (m) => `The microphone "${m[1]}" is missing: is it plugged in?` },
  { test: /Could not run graph|Could not set video options/i, say: () => 'The camera refused the requested size or frame rate: pick another camera mode.' },
  { test: /Selected (video|audio) device index out of range|(video|audio) device index .* out of range/i, say: (m) => `The selected ${m[1] ?? m[2] ?? ''} device is missing: is it plugged in?`.replace('  ', ' ') },
  { test: /cannot open audio device ([^\s]+) \(([^)]*)\)/i, say: (m) => `The microphone ${m[1]} cannot be opened (${m[2]}): is it plugged in and not used by another program?` },
  { test: /Unknown encoder '([^']+)'|Encoder \(codec ([^)]+)\) not found/i, say: (m) => `This ffmpeg has no ${m[1] ?? m[2]} encoder: choose the software encoder (x264).` },
  // What each encoder's own failures mean is part of its descriptor (args/encoder.ts).
  ...ENCODER_LIST.flatMap((e) => (e.failures ?? []).map((f) => ({ test: f.test, say: () => f.say }))),
  { test: /No space left on device/i, say: () => 'The disk is full: free some space or choose another recording folder.' },
  { test: /Connection refused/i, say: (_m, ctx) => `The relay at ${hostOf(ctx.target)} refused the connection: is it running?` },
  { test: /Connection timed out|Operation timed out/i, say: (_m, ctx) => `${hostOf(ctx.target)} did not answer (timed out): check the address and your network.` },
  { test: /Failed to resolve hostname|Name or service not known|nodename nor servname|No address associated/i, say: (_m, ctx) => `The server name ${hostOf(ctx.target)} could not be found: check the URL.` },
  { test: /NetStream\.Publish\.(BadName|Rejected)|Server error:|publish.*(rejected|denied)|Unauthorized|403 Forbidden/i, say: (_m, ctx) => `${hostOf(ctx.target)} refused the stream: check the stream key.` },
  { test: /Connection reset by peer|Broken pipe|End of file|Input\/output error/i, say: (_m, ctx) => `The connection to ${hostOf(ctx.target)} was closed by the server (a wrong stream key, or the server stopped).` },
  { test: /([^\s:]+): No such file or directory/i, say: (m) => `The file ${m[1]} does not exist.` },
  { test: /Permission denied/i, say: () => 'ffmpeg was not allowed to open a file or device (permission denied).' },
];

/**
 * Lines that carry no information (progress noise, level meters, banners), and the decoder's
 * complaints while a forwarder joins a stream between keyframes ("no frame!", "non-existing PPS").
 */
function isNoise(line: string): boolean {
  return /ametadata@|Parsed_astats|^\s*(frame=|Press \[q\]|Stream mapping|Metadata:|encoder\s+:)|\[h264 @[^\]]*\] (no frame!|non-existing PPS|decode_slice_header error|mmco: unref short failure)/.test(line);
}

/** English for logs and as the UI's fallback; the UI says the same in the reader's language (outputs.error.<code>). */
export function outputErrorText(e: OutputError): string {
  switch (e.code) {
    case 'dns': return `The server name ${e.host} could not be found (DNS): check the server URL.`;
    case 'refused': return `${e.host} refused the connection: check the server URL and port.`;
    case 'timeout': return `${e.host} did not answer (timed out): check the server URL, your network and firewall.`;
    case 'unreachable': return `${e.host} cannot be reached (no route): check your network.`;
    case 'rejected': return `${e.host} refused the stream: check the stream key.`;
    case 'closed': return `${e.host} closed the connection (a wrong stream key, or the server stopped).`;
    default: return `Could not stream to ${e.host}: ${e.detail}`;
  }
}

/**
 * A failed output's cause from ffmpeg's log (after Node reached the server): see
 * media/studio/destination.ts. `rejected` is the output kind's own "the server refused the stream".
 */
export function classifyOutputFailure(lines: readonly string[], rejected: RegExp = /Unauthorized|403 Forbidden/i): { code: OutputErrorCode; detail: string } {
  const relevant = lines.filter((l) => !isNoise(l));
  const text = relevant.join('\n');
  const detail = (relevant[relevant.length - 1] ?? 'ffmpeg stopped without saying why').replace(/^\[[^\]]+\]\s*/, '');
  const code: OutputErrorCode =
    rejected.test(text) ? 'rejected'
      : /Connection refused/i.test(text) ? 'refused'
        : /timed out/i.test(text) ? 'timeout'
          : /Failed to resolve hostname|Name or service not known/i.test(text) ? 'dns'
            : /No route to host|Network is unreachable/i.test(text) ? 'unreachable'
              : /Cannot read RTMP handshake|End of file|Connection reset|Broken pipe|Input\/output error/i.test(text) ? 'closed'
                : 'other';
  return { code, detail };
}

export function explainFfmpegFailure(lines: readonly string[], ctx: ExplainContext = {}): Explanation {
  const relevant = lines.filter((l) => !isNoise(l));
  for (const rule of RULES) {
    for (let i = relevant.length - 1; i >= 0; i--) {
      const line = relevant[i] as string;
      const m = rule.test.exec(line);
      if (m) return { message: rule.say(m, ctx), logLines: relevant.slice(Math.max(0, i - 2), i + 3) };
    }
  }
  const last = relevant.slice(-5);
  const hint = last[last.length - 1];
  return {
    message: hint ? `ffmpeg stopped unexpectedly: ${hint.replace(/^\[[^\]]+\]\s*/, '')}` : 'ffmpeg stopped unexpectedly without saying why.',
    logLines: last,
  };
}

/**
 * Which input stopped ffmpeg from starting: ffmpeg ends with "<input>: <error>" for an input it cannot
 * open (e.g. "default: Input/output error", "/dev/video0: Device or resource busy"); a device's own
 * line often says more ("[alsa @ 0x..] cannot open audio device default (No such file or directory)").
 */
export function failedInput<T extends { url: string }>(lines: readonly string[], inputs: readonly T[]): (T & { reason: string }) | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    const input = inputs.find((x) => x.url && line.startsWith(`${x.url}: `));
    if (!input) continue;
    const detail = lines.map((l) => /cannot open [^(]*\(([^)]+)\)/i.exec(l)?.[1]).find(Boolean);
    return { ...input, reason: detail ?? line.slice(input.url.length + 2).trim() };
  }
  return null;
}
