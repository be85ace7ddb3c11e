/**
 * The program bus's splicer: it takes the MPEG-TS of several encoder generations (one per scene,
 * composition or transition) and makes ONE continuous MPEG-TS of whichever is on air, so the
 * outputs (forwarders -> RTMP) and the recording never see a stream end when the scene changes.
 * Pure: bytes and the wall clock in, packets out; media/studio/program-bus.ts does the I/O.
 *
 * A switch is make-before-break: the next generation's packets are dropped until its first video key
 * frame (random_access_indicator on a video PES start); from there they are held while the on-air
 * generation finishes the PES it is in the middle of (its next unit start), then the held packets go
 * out and the old generation's are dropped. So every PES on the output is whole, and the first video
 * frame after the cut is an IDR with SPS/PPS.
 *
 * Every generation's clock starts near zero (ffmpeg stamps frames with the wall clock since its own
 * start), so each gets an offset that continues the output's timeline: its key frame's DTS lands one
 * frame (or the wall time that really passed, when longer) after the last video DTS sent. PTS, DTS and
 * PCR are rewritten in place with that offset, and continuity counters are renumbered per PID, so the
 * output is one stream to every demuxer. An audio PES of the new generation that would start before
 * the old generation's audio ended is dropped (audio DTS stays monotonic; at most one PES of silence).
 */
import {
  continuity, hasPayload, isVideoStream, pid, PacketAligner, randomAccess, readPcr, readPes,
  setContinuity, TS_PACKET, unitStart, writePcr, writeTimestamp,
} from './ts-packet';

export interface SplicerOptions {
  /** The output frame rate (the smallest step the video timeline advances at a cut). */
  fps: number;
  /** Longest wait for the outgoing generation to finish its PES before the cut happens anyway. */
  drainMs?: number;
  /** Bound on the incoming generation's packets held during that wait. */
  maxHeldBytes?: number;
}

/** One cut, as measured by the splicer (what a viewer's player sees at the seam). */
export interface SpliceCut {
  from: number | null;
  to: number;
  /** Wall clock of the cut (ms). */
  at: number;
  /** Output video time between the last frame before and the first after the cut (ms). */
  timelineStepMs: number;
  /** Wall time between the last video frame sent before the cut and the first after it (ms). */
  wallGapMs: number;
}

interface Generation {
  readonly id: number;
  readonly aligner: PacketAligner;
  /** Added to every PTS/DTS/PCR; null until the generation goes on air. */
  offset: number | null;
  /** Per PID: is the PES in progress being passed (false: dropped, e.g. it started before the cut)? */
  readonly passing: Map<number, boolean>;
  ended: boolean;
  /** Audio DTS of the previous PES per PID (input clock), to estimate how long one PES lasts. */
  readonly prevAudioDts: Map<number, number>;
}

interface Held { packets: Buffer[]; keyDts: number; keyPts: number; since: number }

const TICKS_PER_MS = 90;

export class TsSplicer {
  private readonly gens = new Map<number, Generation>();
  private onAir: Generation | null = null;
  private next: Generation | null = null;
  private held: Held | null = null;
  private draining = false;
  /** Output clock: last video DTS, the highest video PTS, and when that frame went out. */
  private lastVideo: { dts: number; maxPts: number; wall: number } | null = null;
  private firstVideoDts: number | null = null;
  /** Per audio PID: the last PES's output DTS and its estimated length (ticks). */
  private readonly lastAudio = new Map<number, { dts: number; dur: number }>();
  /** After a cut: audio of the new generation must not start before these (per PID). */
  private readonly audioFloor = new Map<number, number>();
  private readonly cc = new Map<number, number>();
  private readonly frameTicks: number;
  private pendingCut: Omit<SpliceCut, 'wallGapMs'> & { lastVideoWall: number | null } | null = null;
  /** The last 100 cuts, oldest first. */
  readonly cuts: SpliceCut[] = [];
  /** Cuts made since the start (the list above keeps the last 100). */
  cutsMade = 0;
  private everSent = false;

  constructor(private readonly opts: SplicerOptions) {
    this.frameTicks = Math.round(90_000 / Math.max(1, opts.fps));
  }

  /** The generation on air (null before the first one starts). */
  get onAirId(): number | null {
    return this.onAir?.id ?? null;
  }

  /** The generation waiting for its key frame or for the cut, if any. */
  get nextId(): number | null {
    return this.next?.id ?? null;
  }

  /** Output video time from the first frame to the last (s): how long the recording is. */
  get durationSec(): number {
    return this.lastVideo && this.firstVideoDts !== null ? (this.lastVideo.dts - this.firstVideoDts) / 90_000 : 0;
  }

  /**
   * Announces a new generation that should go on air. The very first one goes on air from its first
   * packet (PAT/PMT included); later ones at their first key frame. A generation announced while
   * another is still waiting replaces it (the caller stops the replaced one).
   */
  begin(id: number): void {
    if (this.gens.has(id)) throw new Error(`generation ${id} was already announced`);
    const gen: Generation = { id, aligner: new PacketAligner(), offset: null, passing: new Map(), ended: false, prevAudioDts: new Map() };
    this.gens.set(id, gen);
    if (this.next) this.forget(this.next);
    this.held = null;
    this.draining = false;
    if (!this.everSent) {
      // Nothing went out yet (the first encoder, or one that failed before its first packet): this
      // one starts the program from its first packet, PAT and PMT included.
      if (this.onAir) this.forget(this.onAir);
      this.next = null;
      gen.offset = 0;
      this.onAir = gen;
      return;
    }
    this.next = gen;
  }

  /** Bytes from generation `id`'s encoder; returns the packets to send, in order. */
  push(id: number, chunk: Buffer, now: number): Buffer[] {
    const gen = this.gens.get(id);
    if (!gen) return [];
    const out: Buffer[] = [];
    for (const p of gen.aligner.push(chunk)) {
      if (gen === this.onAir) {
        // The outgoing generation finished the PES it was in: cut here (this packet starts the next one).
        if (this.draining && unitStart(p)) this.cut(now, out);
        else this.emit(gen, p, now, out);
      } else if (gen === this.next) {
        this.hold(gen, p, now, out);
      }
    }
    if (this.draining && this.held && now - this.held.since > (this.opts.drainMs ?? 200)) this.cut(now, out);
    return out;
  }

  /** Generation `id`'s encoder stopped (or was stopped): a pending cut need not wait for it. */
  end(id: number, now: number): Buffer[] {
    const gen = this.gens.get(id);
    if (!gen) return [];
    gen.ended = true;
    const out: Buffer[] = [];
    if (gen === this.onAir && this.held) this.cut(now, out);
    if (gen === this.next) {
      this.forget(gen);
      this.next = null;
      this.held = null;
      this.draining = false;
    } else if (gen !== this.onAir) {
      this.gens.delete(id);
    }
    return out;
  }

  private forget(gen: Generation): void {
    this.gens.delete(gen.id);
  }

  private hold(gen: Generation, p: Buffer, now: number, out: Buffer[]): void {
    if (!this.held) {
      const pes = readPes(p);
      if (!pes || !isVideoStream(pes.streamId) || !randomAccess(p) || pes.dts === null) return; // before its first key frame
      this.held = { packets: [], keyDts: pes.dts, keyPts: pes.pts ?? pes.dts, since: now };
      if (!this.onAir || this.onAir.ended) {
        this.held.packets.push(p);
        this.cut(now, out);
        return;
      }
      this.draining = true;
    }
    this.held.packets.push(p);
    if (this.held.packets.length * TS_PACKET > (this.opts.maxHeldBytes ?? 8 * 1024 * 1024)) this.cut(now, out);
  }

  private cut(now: number, out: Buffer[]): void {
    const next = this.next;
    const held = this.held;
    if (!next || !held) return;
    const from = this.onAir;
    let offset = 0;
    let step = 0;
    if (this.lastVideo) {
      // One frame after the last one sent, or the wall time that really passed when that is longer
      // (the old encoder stalled or died): the timeline never runs ahead of real time.
      step = Math.max(this.frameTicks, Math.round((now - this.lastVideo.wall) * TICKS_PER_MS));
      offset = this.lastVideo.dts + step - held.keyDts;
      // With B-frames the last frames sent may show later than their DTS: the key frame must show after them.
      offset = Math.max(offset, this.lastVideo.maxPts + this.frameTicks - held.keyPts);
      step = held.keyDts + offset - this.lastVideo.dts;
    }
    next.offset = offset;
    for (const [audioPid, a] of this.lastAudio) this.audioFloor.set(audioPid, a.dts + a.dur);
    this.pendingCut = { from: from?.id ?? null, to: next.id, at: now, timelineStepMs: Math.round(step / TICKS_PER_MS), lastVideoWall: this.lastVideo?.wall ?? null };
    if (from) this.gens.delete(from.id);
    this.onAir = next;
    this.next = null;
    this.held = null;
    this.draining = false;
    for (const p of held.packets) this.emit(next, p, now, out);
  }

  private emit(gen: Generation, p: Buffer, now: number, out: Buffer[]): void {
    const offset = gen.offset ?? 0;
    const id = pid(p);
    if (hasPayload(p)) {
      if (unitStart(p)) {
        if (!this.startUnit(gen, p, id, offset, now)) {
          gen.passing.set(id, false);
          return;
        }
        gen.passing.set(id, true);
      } else if (gen.passing.get(id) !== true) {
        return; // the rest of a PES (or table) whose start was not passed
      }
    }
    const pcr = readPcr(p);
    if (pcr !== null) writePcr(p, pcr + offset);
    const last = this.cc.get(id);
    const cc = hasPayload(p) ? ((last ?? continuity(p) - 1) + 1) & 0x0f : (last ?? continuity(p));
    setContinuity(p, cc);
    this.cc.set(id, cc);
    this.everSent = true;
    out.push(p);
  }

  /** Re-stamps a unit-start packet; false when its PES must be dropped (audio overlapping the cut). */
  private startUnit(gen: Generation, p: Buffer, id: number, offset: number, now: number): boolean {
    const pes = readPes(p);
    if (!pes || pes.dts === null) return true; // PSI (PAT/PMT/SDT) or a PES without timestamps
    const dts = pes.dts + offset;
    const pts = (pes.pts ?? pes.dts) + offset;
    if (isVideoStream(pes.streamId)) {
      this.firstVideoDts ??= dts;
      if (this.pendingCut) {
        const c = this.pendingCut;
        this.cuts.push({ from: c.from, to: c.to, at: c.at, timelineStepMs: c.timelineStepMs, wallGapMs: c.lastVideoWall === null ? 0 : now - c.lastVideoWall });
        if (this.cuts.length > 100) this.cuts.shift();
        this.cutsMade++;
        this.pendingCut = null;
      }
      this.lastVideo = { dts, maxPts: Math.max(pts, this.lastVideo?.maxPts ?? -Infinity), wall: now };
    } else {
      const floor = this.audioFloor.get(id);
      if (floor !== undefined && dts < floor) return false;
      this.audioFloor.delete(id);
      const prev = gen.prevAudioDts.get(id);
      gen.prevAudioDts.set(id, pes.dts);
      const delta = prev === undefined ? 0 : pes.dts - prev;
      const known = this.lastAudio.get(id)?.dur ?? 0;
      this.lastAudio.set(id, { dts, dur: delta > 0 && delta < 90_000 ? delta : known });
    }
    if (pes.ptsAt >= 0) writeTimestamp(p, pes.ptsAt, pts);
    if (pes.dtsAt >= 0) writeTimestamp(p, pes.dtsAt, dts);
    return true;
  }
}
