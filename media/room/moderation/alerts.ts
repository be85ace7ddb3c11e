/**
 * The detectors per room (bot waves, new-identity bursts, floods), turned into `alert` events for
 * staff: with names next to ids, an id per alert (a wave's follow-ups keep theirs), and bounded.
 */
import type { RoomAlert } from '../../../common/room-protocol';
import { FloodDetector } from './flood-detector';
import { IdentityBurstDetector } from './identity-burst';
import { WaveDetector, type WaveAlert, type WaveOptions } from './wave-detector';

export interface AlertOptions { wave?: Partial<WaveOptions> }

interface Detectors { wave: WaveDetector; burst: IdentityBurstDetector; flood: FloodDetector }

type Raw = { kind: RoomAlert['kind']; users: string[]; sample: string; score: number; at: number; cluster?: number };

export class Alerts {
  private readonly rooms = new Map<string, Detectors>();
  private seq = 0;

  constructor(
    private readonly emit: (room: string, alert: RoomAlert) => void,
    private readonly nameOf: (room: string, userId: string) => string,
    private readonly opts: AlertOptions = {},
  ) {}

  private get(room: string): Detectors {
    let d = this.rooms.get(room);
    if (!d) {
      d = { wave: new WaveDetector(this.opts.wave), burst: new IdentityBurstDetector(), flood: new FloodDetector() };
      this.rooms.set(room, d);
    }
    return d;
  }

  /** A viewer's danmaku went through (delivered or held). */
  danmaku(room: string, userId: string, text: string, at: number): void {
    const d = this.get(room);
    this.raise(room, d.wave.observe({ userId, text, at }));
    this.raise(room, d.flood.observe(userId, text, at));
  }

  /** The hub created a new anonymous identity in this room. */
  newIdentity(room: string, userId: string, at: number): void {
    this.raise(room, this.get(room).burst.observe(userId, at));
  }

  /** Once a second: follow-up wave alerts and window upkeep. */
  tick(now: number): void {
    for (const [room, d] of this.rooms) {
      for (const a of d.wave.sweep(now)) this.raise(room, a);
      d.burst.sweep(now);
      d.flood.sweep(now);
    }
  }

  private raise(room: string, a: Raw | WaveAlert | null): void {
    if (!a) return;
    const id = 'cluster' in a && a.cluster !== undefined ? `wave-${a.cluster}` : `${a.kind}-${++this.seq}`;
    this.emit(room, {
      id, kind: a.kind, sample: a.sample, score: a.score, at: a.at,
      users: a.users.map((u) => ({ id: u, name: this.nameOf(room, u) })),
    });
  }
}
