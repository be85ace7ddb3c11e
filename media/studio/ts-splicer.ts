/**
 * The program bus's splicer: it takes the MPEG-TS of several encoder generations (one per scene,
 * composition or transition) and makes ONE continuous MPEG-TS of whichever is on air, so the
 * outputs (forwarders -> RTMP) and the recording never see a stream end when the scene changes.
 * Pure: bytes and the wall clock in, packets out; media/studio/program-bus.ts does the I/O.
 *
 * A switch is make-before-break: the next generation's packets are dropped until its first CURRENT
 * video key frame (random_access_indicator on a video PES start); from there they are held while the on-air
 * generation finishes the PES it is in the middle of (its next unit start), then the held packets go
 * out and the old generation's are dropped. So every PES on the output is whole, and the first video
 * frame after the cut is an IDR with SPS/PPS.
 *
 * Every generation's clock starts near zero (ffmpeg stamps frames with the wall clock since its own
 * start), so each gets an offset that continues the output's timeline: its key frame's DTS lands the wall time
 * that really passed (at least a quarter frame) after the last video DTS sent. PTS, DTS and
 * PCR are rewritten in place with that offset, and continuity counters are renumbered per PID, so the
 * output is one stream to every demuxer.
 *
 * "Current": a new encoder's first frames come out as a burst (its start-up backlog), captured well
 * before they arrive. Placed one frame after the last frame on air, such a key frame would repeat that
 * much real time, and the output's timeline would run ahead of the wall clock at every switch (~0.16 s
 * each, measured: recordings longer than the broadcast, viewers' buffers growing). So a key frame is
 * skipped while its arrival lag (arrival wall time - DTS) is clearly below that of frames 100+ ms
 * older, i.e. the backlog is still draining; the encoders make a key frame every 0.25 s during their
 * first seconds (media/studio/args/encoder.ts) so a current one comes soon. After `maxSettleMs` from
 * the first key frame the cut happens anyway (a busy machine), and a generation replacing one that
 * ended cuts at once (the picture is frozen already). An audio PES of the new generation that would start before
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
  /** Longest wait (from its first key frame) for the next generation's start-up backlog to drain. */
  maxSettleMs?: number;
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
  /** Before its cut: recent video frames (DTS, arrival wall time) to tell backlog from current frames. */
  readonly recent: { dts: number; wall: number }[];
  /** Arrival of its first key frame (before its cut). */
  firstKeyAt: number | null;
  /** On air: arrival lag (ms, wall - DTS) of the key frame it was cut in at, and the lowest since. */
  lag: { key: number; min: number } | null;
}

interface Held { packets: Buffer[]; keyDts: number; keyPts: number; since: number }

const TICKS_PER_MS = 90;
/** Frames at least this much older than a key frame show whether it is still part of a backlog. */
const LAG_WINDOW_TICKS = { from: 100 * TICKS_PER_MS, to: 600 * TICKS_PER_MS };

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
  private readonly lagToleranceMs: number;
  /** How far cuts put the output's timeline ahead of the wall clock (a step had to be longer than the wall gap). */
  private aheadTicks = 0;
  private pendingCut: Omit<SpliceCut, 'wallGapMs'> & { lastVideoWall: number | null } | null = null;
  /** The last 100 cuts, oldest first. */
  readonly cuts: SpliceCut[] = [];
  /** Cuts made since the start (the list above keeps the last 100). */
  cutsMade = 0;
  private everSent = false;

  constructor(private readonly opts: SplicerOptions) {
    this.frameTicks = Math.round(90_000 / Math.max(1, opts.fps));
    // Arrival jitter allowed before a key frame counts as backlog: half a frame, at least 20 ms.
    this.lagToleranceMs = Math.max(20, this.frameTicks / TICKS_PER_MS / 2);
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
    const gen: Generation = { id, aligner: new PacketAligner(), offset: null, passing: new Map(), ended: false, prevAudioDts: new Map(), recent: [], firstKeyAt: null, lag: null };
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
      if (!pes || !isVideoStream(pes.streamId) || pes.dts === null) return; // before its first key frame
      if (!this.isCurrentKey(gen, pes.dts, randomAccess(p), now)) return;
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

  /**
   * Records a video frame of the waiting generation; true when it is a key frame to cut at: not part
   * of the start-up backlog (see the header), or the wait is over.
   */
  private isCurrentKey(gen: Generation, dts: number, key: boolean, now: number): boolean {
    const lag = now - dts / TICKS_PER_MS;
    const older = gen.recent.filter((r) => dts - r.dts >= LAG_WINDOW_TICKS.from && dts - r.dts <= LAG_WINDOW_TICKS.to);
    gen.recent.push({ dts, wall: now });
    while (gen.recent.length > 0 && dts - gen.recent[0]!.dts > LAG_WINDOW_TICKS.to) gen.recent.shift();
    if (gen.recent.length > 256) gen.recent.shift();
    if (!key) return false;
    gen.firstKeyAt ??= now;
    if (!this.onAir || this.onAir.ended) return true;
    if (now - gen.firstKeyAt >= (this.opts.maxSettleMs ?? 1500)) return true;
    if (older.length === 0) return false;
    const minLag = Math.min(...older.map((r) => r.wall - r.dts / TICKS_PER_MS));
    return lag >= minLag - this.lagToleranceMs;
  }

  private cut(now: number, out: Buffer[]): void {
    const next = this.next;
    const held = this.held;
    if (!next || !held) return;
    const from = this.onAir;
    let offset = 0;
    let step = 0;
    // The outgoing generation's frames came sooner after their capture than its key frame did (its
    // backlog was not quite drained, or the key frame was slow to encode): its cut step put the
    // timeline that much ahead of real time; this cut gives it back.
    if (from?.lag && from.lag.key > from.lag.min) this.aheadTicks += Math.round((from.lag.key - from.lag.min) * TICKS_PER_MS);
    if (this.lastVideo) {
      // The wall time that really passed since the last frame sent (both generations run in real time
      // once the backlog is skipped), less what earlier cuts put the timeline ahead; at least a quarter
      // frame (DTS strictly increasing). A whole frame each time ran ~30 ms ahead per switch when the
      // two encoders' frames interleave (measured, 15 fps): the timeline never runs ahead of real time.
      const wallTicks = Math.round((now - this.lastVideo.wall) * TICKS_PER_MS);
      const minStep = Math.round(this.frameTicks / 4);
      step = Math.max(minStep, wallTicks - this.aheadTicks);
      offset = this.lastVideo.dts + step - held.keyDts;
      // With B-frames the last frames sent may show later than their DTS: the key frame must show after them.
      offset = Math.max(offset, this.lastVideo.maxPts + minStep - held.keyPts);
      step = held.keyDts + offset - this.lastVideo.dts;
      this.aheadTicks = Math.max(0, this.aheadTicks + step - wallTicks);
    }
    next.offset = offset;
    const keyLag = held.since - held.keyDts / TICKS_PER_MS;
    next.lag = { key: keyLag, min: keyLag };
    next.recent.length = 0;
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
      if (gen.lag) gen.lag.min = Math.min(gen.lag.min, now - pes.dts / TICKS_PER_MS);
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
