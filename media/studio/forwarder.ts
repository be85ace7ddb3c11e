/**
 * One output: an ffmpeg that copies (no re-encode) the encoder's MPEG-TS from a local UDP port and
 * publishes it the way its output kind says (common/outputs/: RTMP/RTMPS as FLV today). Each output
 * has its own forwarder, so one failing destination never stops the others, and each reconnects on
 * its own with backoff while the encoder (and the recording) keep running untouched. The kind's
 * secrets never leave it: statuses, errors and log lines are redacted.
 */
import { EventEmitter } from 'node:events';
import type { OutputKind } from '../../common/outputs/kind';
import { outputKindForUrl, redactSecrets, urlSecrets } from '../../common/outputs/registry';
import type { OutputError, OutputState, OutputStatus } from '../../common/pipeline';
import type { ProcessRegistry, TrackedProcess } from '../ffmpeg/processes';
import { ProgressParser } from '../ffmpeg/progress';
import type { Logger } from '../log';
import { Backoff } from './backoff';
import { DestinationError, reachDestination } from './destination';
import { classifyOutputFailure, explainFfmpegFailure, hostOf, outputErrorText } from './explain';

export interface ForwarderOptions {
  id: string;
  name: string;
  /** Where the encoder's MPEG-TS arrives, e.g. udp://127.0.0.1:40001 */
  inputUrl: string;
  /** The full publish URL, key included; its scheme picks the output kind. */
  publishUrl: string;
  /** The same URL with the key hidden, for the UI and logs. */
  displayUrl: string;
  /** The destination's secrets (stream key…): hidden in every status, error and log line. Those in the URL's query are added. */
  secrets?: readonly string[];
  ffmpegPath: string;
  processes: ProcessRegistry;
  log: Logger;
  backoff?: Backoff;
  /** After this many failed attempts in a row the state says "failed" (retries go on at the cap). */
  failedAfter?: number;
  /** The encoder's keyframe interval (a rejoining forwarder probes until the next keyframe). */
  keyframeIntervalSec?: number;
  /** How long to wait for the server to accept a TCP connection. */
  connectTimeoutMs?: number;
  /** A connection that stayed up this long resets the backoff. */
  stableMs?: number;
  now?: () => number;
}

/**
 * How long the forwarder reads before it publishes. MPEG-TS has no header, so ffmpeg always reads this
 * much (it cannot stop once both streams are described): it is start-up delay, paid on every Go Live
 * and scene switch. The window is media time, and a fresh encoder first sends the audio it queued while
 * its video started (a burst), then a keyframe: 1 s covers a video start of up to ~0.8 s (a busy
 * machine) and costs ~0.7 s of wall time on an idle one. A retry joins a running
 * stream and must wait for the next keyframe (keyframes are forced every interval, by time).
 */
export function probeSeconds(attempt: number, keyframeIntervalSec = 1): number {
  return attempt === 0 ? 1 : Math.max(1.5, keyframeIntervalSec + 0.5);
}

/** The input side is the same for every kind; `output` is the kind's (OutputKind.ffmpegOutput). */
export function forwarderArgs(inputUrl: string, output: readonly string[], probeSec = probeSeconds(0)): string[] {
  // fifo_size is in 188-byte packets (~9 MB): a keyframe burst must not overflow while ffmpeg starts.
  const input = `${inputUrl}${inputUrl.includes('?') ? '&' : '?'}fifo_size=50000&overrun_nonfatal=1&buffer_size=4194304`;
  return [
    '-hide_banner', '-nostats', '-loglevel', 'warning',
    // fpsprobesize 0: do not count 20 frames to guess a frame rate (FLV does not need it).
    '-probesize', '5000000', '-analyzeduration', String(Math.round(probeSec * 1e6)), '-fpsprobesize', '0',
    '-i', input,
    '-map', '0:v:0', '-map', '0:a:0', '-c', 'copy',
    '-progress', 'pipe:1',
    // Every frame goes out the moment it is muxed (depending on version and protocol ffmpeg may
    // otherwise hold up to 32 kB: a second of a 256 kbit/s stream).
    '-flush_packets', '1',
    ...output,
  ];
}

export class Forwarder extends EventEmitter<{ status: [OutputStatus] }> {
  private proc: TrackedProcess | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private everLive = false;
  private liveSince: number | null = null;
  private lastBytes: { bytes: number; at: number } | null = null;
  private kbps: number | null = null;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private readonly kind: OutputKind;
  private readonly secrets: string[];
  private current: OutputStatus;

  /** The running ffmpeg's pid (for CPU and memory readings), or null between runs. */
  get pid(): number | null {
    return this.proc?.child.pid ?? null;
  }

  constructor(private readonly opts: ForwarderOptions) {
    super();
    this.backoff = opts.backoff ?? new Backoff(1000, 8000);
    this.now = opts.now ?? Date.now;
    this.secrets = [...(opts.secrets ?? []), ...urlSecrets(opts.publishUrl)];
    const kind = outputKindForUrl(opts.publishUrl);
    if (!kind) throw new Error(`${opts.name}: no output kind publishes to ${this.redact(opts.displayUrl)}.`);
    this.kind = kind;
    this.current = {
      id: opts.id, name: opts.name, url: opts.displayUrl, state: 'connecting', since: this.now(),
      lastError: null, reconnects: 0, retryInMs: null, nextRetryAt: null, error: null,
    };
  }

  status(): OutputStatus {
    return { ...this.current };
  }

  /** Measured from the bytes written over the last progress interval; null until live. */
  bitrateKbps(): number | null {
    return this.current.state === 'live' ? this.kbps : null;
  }

  start(): void {
    this.stopping = false;
    this.attempt();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const p = this.proc;
    this.proc = null;
    // A forwarder whose encoder already stopped sits blocked on its UDP input and cannot read 'q':
    // a long grace would only lengthen a scene switch's cut. A stream copy to RTMP has nothing to finalise.
    if (p) await p.stop(300);
    this.set('stopped', { retryInMs: null, nextRetryAt: null });
  }

  private set(state: OutputState, patch: Partial<OutputStatus> = {}): void {
    const changed = state !== this.current.state;
    this.current = { ...this.current, ...patch, state, since: changed ? this.now() : this.current.since };
    this.emit('status', this.status());
  }

  private attempt(): void {
    if (this.stopping) return;
    this.timer = null;
    this.lastBytes = null;
    this.kbps = null;
    void this.reach().then((reached) => {
      if (reached && !this.stopping) this.spawn(reached.address);
    });
  }

  /** Text with this output's secrets hidden. */
  private redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /**
   * Finds and reaches the server (media/studio/destination.ts); on failure schedules the retry.
   * `address` is set when ffmpeg must be given it instead of the host name.
   */
  private async reach(): Promise<{ address: string | null } | null> {
    const target = this.kind.target(this.opts.publishUrl);
    if (!target) return { address: null };
    try {
      const address = await reachDestination(target, this.opts.connectTimeoutMs ?? 5000);
      return { address: target.host === address ? null : address };
    } catch (err) {
      if (!(err instanceof DestinationError)) throw err;
      this.retryLater({ code: err.code, host: err.host, detail: err.detail });
      return null;
    }
  }

  private spawn(address: string | null): void {
    const output = this.kind.ffmpegOutput(this.opts.publishUrl, address);
    const args = forwarderArgs(this.opts.inputUrl, output, probeSeconds(this.current.reconnects, this.opts.keyframeIntervalSec));
    const proc = this.opts.processes.spawn(`forward:${this.opts.id}`, this.opts.ffmpegPath, args, { quitWith: 'q' });
    this.proc = proc;
    const parser = new ProgressParser();
    proc.child.stdout?.setEncoding('utf8');
    proc.child.stdout?.on('data', (chunk: string) => {
      for (const block of parser.push(chunk)) {
        const at = this.now();
        if (block.totalSize !== null) {
          if (this.lastBytes && at > this.lastBytes.at) this.kbps = Math.round(((block.totalSize - this.lastBytes.bytes) * 8) / (at - this.lastBytes.at));
          this.lastBytes = { bytes: block.totalSize, at };
        }
        // Live once media time advances: the RTMP publish was accepted and data flows.
        if ((block.outTimeUs ?? 0) > 0 && this.current.state !== 'live' && !this.stopping) {
          this.everLive = true;
          this.liveSince = at;
          this.opts.log.info(this.redact(`${this.opts.name}: live (${this.opts.displayUrl})`));
          this.set('live', { retryInMs: null, nextRetryAt: null, lastError: null, error: null });
        }
      }
    });
    void proc.exited.then((code) => this.onExit(proc, code));
  }

  private onExit(proc: TrackedProcess, code: number | null): void {
    if (this.proc !== proc) return; // an old attempt, already replaced or stopped
    this.proc = null;
    if (this.stopping) return;
    const stableMs = this.opts.stableMs ?? 10_000;
    if (this.liveSince !== null && this.now() - this.liveSince >= stableMs) this.backoff.reset();
    this.liveSince = null;
    const lines = proc.stderrTail();
    const host = this.kind.target(this.opts.publishUrl)?.host ?? hostOf(this.opts.displayUrl);
    const signal = proc.child.signalCode;
    const cause = signal ? { code: 'other' as const, detail: `ffmpeg crashed (${signal})` } : classifyOutputFailure(lines, this.kind.rejected);
    this.opts.log.warn(this.redact(`${this.opts.name}: ffmpeg exited (${code ?? signal}): ${explainFfmpegFailure(lines, { target: this.opts.displayUrl }).message}`));
    this.retryLater({ ...cause, host });
  }

  /** Records why the attempt failed and plans the next one (backoff). */
  private retryLater(cause: OutputError): void {
    // ffmpeg's own words name the URL it was given, key included.
    const error = { ...cause, detail: this.redact(cause.detail) };
    const delay = this.backoff.next();
    const failedAfter = this.opts.failedAfter ?? 3;
    const state: OutputState = this.backoff.failures >= failedAfter ? 'failed' : this.everLive ? 'reconnecting' : 'connecting';
    const message = outputErrorText(error);
    this.opts.log.warn(this.redact(`${this.opts.name}: ${message} Retrying in ${delay / 1000} s.`));
    this.set(state, { lastError: message, error, reconnects: this.current.reconnects + 1, retryInMs: delay, nextRetryAt: this.now() + delay });
    this.timer = setTimeout(() => this.attempt(), delay);
  }
}
