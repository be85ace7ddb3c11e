/**
 * The studio's embedded relay as a service: starts it (relay + room hub) on the address the settings
 * or `--host` ask for, restarts it on the same ports when LAN sharing is switched, follows whether
 * the room is being published to, and keeps the RelayInfo the UI shows. The relay itself comes in
 * as a StartRelay port (the composition root passes the real one, tests a fake).
 */
import { EventEmitter } from 'node:events';
import type { CodedMessage, RelayInfo, StudioSettings } from '../../common/studio-api';
import type { ResolvedBinary } from '../../media/ffmpeg/locate';
import type { Logger } from '../../media/log';
import type { RunningRelay, StartRelay } from './ports';
import { relayUrlSets } from './relay-runtime';
import { ListenError } from '../../media/net/listen-error';

/**
 * Why the relay could not start, coded for the UI: a taken port or a --host that is not ours is
 * said as such (in the user's language); anything else carries the error's own words.
 */
// Ports go in as strings: a number param is localized ("33,509"), a port must read as typed.
export function relayStartFailure(err: unknown): CodedMessage {
  const text = `The relay could not start: ${(err as Error).message}`;
  if (err instanceof ListenError && err.failure === 'in-use') {
    return { code: 'relay-port-in-use', params: { server: err.server, port: String(err.port), host: err.host }, text };
  }
  if (err instanceof ListenError && err.failure === 'address-unavailable') {
    return { code: 'relay-address-unavailable', params: { host: err.host }, text };
  }
  const reason = (err as Error).message;
  return { code: 'relay-failed', params: { reason }, text: `${text} Close the program that holds the relay's ports, or start the studio with other ones (--rtmp-port, --http-port; --host must be an address of this computer).` };
}

export interface RelaySupervisorOptions {
  start: StartRelay;
  /** The saved settings (room id, ports, LAN sharing, public host). */
  settings: () => StudioSettings;
  /** Bind address forced for this run (`--host`); absent = the LAN sharing setting decides. */
  host?: string | undefined;
  /** CLI overrides of the saved ports (not persisted). */
  ports?: { rtmp?: number | undefined; http?: number | undefined } | undefined;
  log: Logger;
}

interface SupervisorEvents {
  state: [RelayInfo];
  note: ['info' | 'warn' | 'error', CodedMessage];
}

export class RelaySupervisor {
  private readonly events = new EventEmitter<SupervisorEvents>();
  private running: RunningRelay | null = null;
  private ffmpeg: ResolvedBinary | null = null;
  private offIngest: (() => void) | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private current: RelayInfo;

  constructor(private readonly opts: RelaySupervisorOptions) {
    this.current = {
      status: 'stopped', room: opts.settings().room.id, urls: null, lanUrls: [], rtmpPort: null, httpPort: null,
      ffmpeg: 'not located yet', ffmpegOk: false, ingestLive: false, notes: [], error: null, errorCode: null,
    };
  }

  info(): RelayInfo {
    return structuredClone(this.current);
  }

  /** The relay while it runs (its ports, the room key), else null. */
  relay(): RunningRelay | null {
    return this.running;
  }

  onState(l: (info: RelayInfo) => void): () => void {
    this.events.on('state', l);
    return () => this.events.off('state', l);
  }

  onNote(l: (level: 'info' | 'warn' | 'error', message: CodedMessage) => void): () => void {
    this.events.on('note', l);
    return () => this.events.off('note', l);
  }

  /** Says which ffmpeg the studio uses (or why none): part of what the relay panel shows. */
  setFfmpeg(description: string, ok: boolean): void {
    this.set(ok ? { ffmpeg: description, ffmpegOk: true } : { status: 'error', ffmpeg: description, ffmpegOk: false, error: description, errorCode: null });
  }

  /** The bind address: `--host` when given, else the LAN sharing setting. */
  host(): string {
    return this.opts.host ?? (this.opts.settings().relay.lanSharing ? '0.0.0.0' : '127.0.0.1');
  }

  /** Starts on the saved (or overridden) ports; false, with a note, when it cannot. */
  start(ffmpeg: ResolvedBinary): Promise<boolean> {
    this.ffmpeg = ffmpeg;
    const s = this.opts.settings();
    return this.enqueue(() => this.startOn(this.opts.ports?.rtmp ?? s.relay.rtmpPort, this.opts.ports?.http ?? s.relay.httpPort));
  }

  /** The URL our own pipeline publishes to (key included), or null while the relay is down. */
  publishUrl(): string | null {
    const r = this.running;
    const room = this.current.room;
    const key = r?.key(room);
    return r && key ? `rtmp://127.0.0.1:${r.rtmpPort}/live/${room}?key=${key}` : null;
  }

  /**
   * Settings were saved: LAN sharing switched restarts the relay on the new address, on the same
   * ports (viewer links and the OBS URL stay valid; a live publisher reconnects on its own); a new
   * public host only changes the links. Resolves to true when the relay was restarted.
   */
  async applySettings(before: StudioSettings, next: StudioSettings): Promise<boolean> {
    if (before.relay.lanSharing !== next.relay.lanSharing) {
      if (this.opts.host) {
        this.note('info', { code: 'lan-sharing-next-start', params: { host: this.opts.host }, text: `Saved. LAN sharing takes effect the next time the studio starts without --host (this run listens on ${this.opts.host}).` });
        return false;
      }
      if (!this.running) return false;
      await this.restart();
      this.note('info', next.relay.lanSharing
        ? { code: 'lan-sharing-on', text: 'LAN sharing is on: the relay was restarted on all network interfaces, so phones and computers on this network can open the viewer link. A live stream reconnects by itself.' }
        : { code: 'lan-sharing-off', text: 'LAN sharing is off: the relay was restarted on 127.0.0.1, so only this computer can reach it. A live stream reconnects by itself.' });
      return true;
    }
    if (before.relay.publicHost !== next.relay.publicHost && this.running) {
      this.set(relayUrlSets(this.running, this.current.room, this.host(), next.relay.publicHost));
    }
    return false;
  }

  /** Restarts on the current bind address and the same ports (the old ones, if still free). */
  restart(): Promise<void> {
    return this.enqueue(async () => {
      const old = this.running;
      if (!old || !this.ffmpeg) return;
      this.detach();
      this.set({ status: 'starting' });
      await old.stop().catch((err: Error) => this.opts.log.warn(`stopping the relay failed: ${err.message}`));
      await this.startOn(old.rtmpPort, old.httpPort);
    });
  }

  async stop(): Promise<void> {
    await this.queue;
    const r = this.running;
    this.detach();
    this.events.removeAllListeners();
    await r?.stop();
  }

  private detach(): void {
    this.offIngest?.();
    this.offIngest = null;
    this.running = null;
  }

  private async startOn(rtmpPort: number, httpPort: number): Promise<boolean> {
    const s = this.opts.settings();
    const host = this.host();
    this.set({ status: 'starting' });
    let relay: RunningRelay;
    try {
      relay = await this.opts.start({ host, rtmpPort, httpPort, room: this.current.room, ffmpeg: this.ffmpeg! });
    } catch (err) {
      const failure = relayStartFailure(err);
      this.set({ status: 'error', error: failure.text, errorCode: { code: failure.code, ...(failure.params ? { params: failure.params } : {}) }, urls: null, lanUrls: [] });
      this.note('error', failure);
      return false;
    }
    this.running = relay;
    for (const n of relay.notes) this.note('warn', n);
    this.offIngest = relay.onIngest(this.current.room, (live) => this.set({ ingestLive: live }));
    this.set({
      status: 'running', rtmpPort: relay.rtmpPort, httpPort: relay.httpPort, notes: relay.notes.map((n) => n.text), error: null, errorCode: null, ingestLive: false,
      ...relayUrlSets(relay, this.current.room, host, s.relay.publicHost),
    });
    return true;
  }

  /** One start or restart at a time: a LAN switch during start-up waits for the start to finish. */
  private enqueue<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private set(patch: Partial<RelayInfo>): void {
    this.current = { ...this.current, ...patch };
    this.events.emit('state', this.info());
  }

  private note(level: 'info' | 'warn' | 'error', message: CodedMessage): void {
    this.events.emit('note', level, message);
  }
}
