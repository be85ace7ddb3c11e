/**
 * Pure LL-HLS segmenter: decides where parts and segments begin and writes each frame into the open
 * part as MPEG-TS the moment it arrives. Segments start on a keyframe at least three quarters of a
 * segment target after the previous one (in a burst of keyframes, 0.4 of it when waiting for the
 * next could make the segment round above TARGETDURATION); parts are cut so that none lasts longer
 * than the part target (the next frame would overflow it), which at 25, 30 and 60 fps gives parts of exactly 200 ms with the default
 * timing. Durations come from the media timeline (video dts, or audio for audio-only streams); the
 * wall clock only stamps EXT-X-PROGRAM-DATE-TIME.
 */
import { llHlsParameters, type LiveTiming } from '../../common/live-timing';
import type { MediaFrame } from './flv-demux';
import { TsMuxer } from './ts-mux';

export interface SegmenterPart {
  /** Media sequence number of the segment this part belongs to. */
  msn: number;
  /** Index of the part inside its segment (what _HLS_part counts). */
  index: number;
  /** Global part number of this publish (the part's URI uses it, so a preload hint is never wrong). */
  id: number;
  durationSec: number;
  independent: boolean;
  data: Buffer;
}

export interface SegmenterSink {
  /** `discontinuity`: the publisher's clock jumped; players must reset their timeline here. */
  segmentStarted(msn: number, programDateMs: number, discontinuity: boolean): void;
  part(p: SegmenterPart): void;
  segmentEnded(msn: number, durationSec: number): void;
}

export interface SegmenterOptions {
  timing: LiveTiming;
  sink: SegmenterSink;
  /** Which streams the demuxer has a configuration for (asked when the first segment starts). */
  streams: () => { video: boolean; audio: boolean };
  now?: () => number;
  /** Bounds for publishers whose clock stands still (defaults: 8 MB per part, 64 MB per segment). */
  maxPartBytes?: number;
  maxSegmentBytes?: number;
}

interface Open {
  msn: number;
  startMs: number;
  partIndex: number;
  partStartMs: number;
  partIndependent: boolean;
  chunks: Buffer[];
  bytes: number;
  segmentBytes: number;
}

/**
 * A keyframe cuts the segment once this fraction of the segment target has passed. Keyframes forced
 * "every second" by wall-clock time (the studio's encoder, OBS with dropped frames) come 0.93–1.07 s
 * apart; with a cut only at ≥ 1 s, every short interval made a 2 s segment, which raised
 * TARGETDURATION to 2 (the spec says it must not change) and put plain HLS players 6 s behind
 * instead of 3 (measured with bench:latency through the studio). Segments may be shorter than the
 * target; never longer than it rounds to.
 */
const KEYFRAME_CUT_FRACTION = 0.75;

/**
 * Keyframes that come closer together than the keyframe interval (a starting encoder: the studio's
 * make one every 0.25 s for their first 2 s, at Go Live and at every scene switch,
 * media/studio/args/encoder.ts) also cut once this fraction of the target has passed, if waiting one
 * more keyframe interval could make a segment whose EXTINF rounds above TARGETDURATION. Without this a
 * segment started 1.5 s into such a burst lasted until the keyframe at 3 s, raised TARGETDURATION to 2
 * and put hls.js (3 target durations behind by default) 6.5 s behind instead of 3.8 (bench:latency,
 * plain HLS through the studio after scene switches). The fraction bounds how short a segment gets
 * (no slivers) and leaves 0.6 of the target for the gap that may follow.
 */
const EARLY_CUT_FRACTION = 0.4;

/** A publisher that never sends a keyframe (or stops the clock) must not grow a part or segment forever. */
const MAX_SEGMENT_MS = 10_000;
const MAX_PART_BYTES = 8 * 1024 * 1024;
const MAX_SEGMENT_BYTES = 64 * 1024 * 1024;
/** A timestamp this far back or ahead of the last one is a jump of the publisher's clock, not media time. */
const JUMP_BACK_MS = 1000;
const JUMP_AHEAD_MS = 10_000;

export class Segmenter {
  private mux: TsMuxer | null = null;
  private streams = { video: false, audio: false };
  private streamsChanged = false;
  private videoMode = false;
  private open: Open | null = null;
  private nextMsn = 0;
  private nextPartId = 0;
  private lastMs: number | null = null;
  private pendingDiscontinuity = false;
  private readonly intervals: number[] = [];
  /** A segment may last up to this and its EXTINF still round to TARGETDURATION (two frames of jitter spared). */
  private readonly roundsToTargetMs: number;
  private readonly now: () => number;

  constructor(private readonly o: SegmenterOptions) {
    this.now = o.now ?? Date.now;
    this.roundsToTargetMs = (llHlsParameters(o.timing).targetDuration + 0.5) * 1000;
  }

  /** Id the next part will have: the preload hint. */
  get upcomingPartId(): number {
    return this.nextPartId;
  }

  push(f: MediaFrame): void {
    const s = this.o.streams();
    if (!this.mux) {
      if (!s.video && !s.audio) return;
      this.useStreams(s);
    } else if (s.video !== this.streams.video || s.audio !== this.streams.audio) {
      // A codec configuration arrived late (ffmpeg's FLV muxer sends AAC's only with the first
      // audio packet when it copies from MPEG-TS): the next clean start carries it in a new PMT.
      this.streamsChanged = true;
    }
    if (this.streamsChanged && (s.video ? f.kind === 'video' && f.keyframe : f.kind === 'audio')) this.switchStreams(f.dts, s);
    if (!(f.kind === 'video' ? this.streams.video : this.streams.audio)) return; // not in the PMT
    const timeline = this.videoMode ? f.kind === 'video' : f.kind === 'audio';
    if (timeline) this.boundary(f.dts, f.kind === 'audio' || f.keyframe);
    const open = this.open;
    if (!open || !this.mux) return; // before the first keyframe nothing can be decoded
    const bytes = f.kind === 'video' ? this.mux.video(f.dts, f.pts, f.keyframe, f.data) : this.mux.audio(f.pts, f.data);
    open.chunks.push(bytes);
    open.bytes += bytes.length;
  }

  private useStreams(s: { video: boolean; audio: boolean }): void {
    this.streams = { video: s.video, audio: s.audio };
    this.videoMode = s.video;
    this.mux = new TsMuxer(this.streams);
    this.streamsChanged = false;
  }

  /** End the segment here and start the next with the new set of streams (a discontinuity for players). */
  private switchStreams(t: number, s: { video: boolean; audio: boolean }): void {
    const open = this.open;
    if (open) {
      this.closePart(open, t);
      this.o.sink.segmentEnded(open.msn, Math.max(0, t - open.startMs) / 1000);
      this.open = null;
    }
    if (this.nextMsn > 0) this.pendingDiscontinuity = true;
    if (s.video !== this.videoMode) this.intervals.length = 0;
    this.lastMs = null;
    this.useStreams(s);
  }

  /** The publisher left: close the open part and segment, estimating the last frame's length. */
  finish(): void {
    const open = this.open;
    if (!open || this.lastMs === null) return;
    const end = this.lastMs + this.frameMs();
    this.closePart(open, end);
    this.o.sink.segmentEnded(open.msn, Math.max(0, end - open.startMs) / 1000);
    this.open = null;
  }

  private boundary(t: number, independent: boolean): void {
    const est = this.frameMs();
    const last = this.lastMs;
    const jumped = last !== null && (t < last - JUMP_BACK_MS || t > last + JUMP_AHEAD_MS);
    if (last !== null && t > last && !jumped) {
      this.intervals.push(t - last);
      if (this.intervals.length > 15) this.intervals.shift();
    }
    this.lastMs = t;
    if (jumped && this.open) {
      // End what we have at the old clock; the next segment starts on the new one, flagged.
      const open = this.open;
      this.closePart(open, last + est);
      this.o.sink.segmentEnded(open.msn, Math.max(0, last + est - open.startMs) / 1000);
      this.open = null;
      this.pendingDiscontinuity = true;
    }
    const open = this.open;
    if (!open) {
      if (independent) this.startSegment(t, true);
      return;
    }
    const segElapsed = t - open.startMs;
    const partElapsed = t - open.partStartMs;
    const segmentTargetMs = this.o.timing.segmentTargetSec * 1000;
    // Audio-only streams (every frame independent) are cut on time, to the nearest frame.
    const cutAt = this.videoMode ? segmentTargetMs * KEYFRAME_CUT_FRACTION : segmentTargetMs - est / 2;
    const cutEarly = this.videoMode && independent && segElapsed >= segmentTargetMs * EARLY_CUT_FRACTION
      && segElapsed + this.o.timing.keyframeIntervalSec * 1000 > this.roundsToTargetMs - 2 * est;
    if ((independent && segElapsed >= cutAt) || cutEarly || segElapsed >= MAX_SEGMENT_MS || open.segmentBytes > (this.o.maxSegmentBytes ?? MAX_SEGMENT_BYTES)) {
      this.closePart(open, t);
      this.o.sink.segmentEnded(open.msn, segElapsed / 1000);
      this.startSegment(t, independent);
    } else if ((partElapsed > 0 && partElapsed + est > this.o.timing.partTargetSec * 1000 + 0.5) || open.bytes > (this.o.maxPartBytes ?? MAX_PART_BYTES)) {
      this.closePart(open, t);
      open.partIndex++;
      this.startPart(open, t, independent);
    }
  }

  private startSegment(t: number, independent: boolean): void {
    const open: Open = { msn: this.nextMsn++, startMs: t, partIndex: 0, partStartMs: t, partIndependent: independent, chunks: [], bytes: 0, segmentBytes: 0 };
    this.open = open;
    this.o.sink.segmentStarted(open.msn, this.now(), this.pendingDiscontinuity);
    this.pendingDiscontinuity = false;
    this.startPart(open, t, independent);
  }

  private startPart(open: Open, t: number, independent: boolean): void {
    const tables = this.mux!.tables();
    open.partStartMs = t;
    open.partIndependent = independent;
    open.chunks = [tables];
    open.bytes = tables.length;
  }

  private closePart(open: Open, endMs: number): void {
    this.o.sink.part({
      msn: open.msn, index: open.partIndex, id: this.nextPartId++,
      durationSec: Math.max(0, endMs - open.partStartMs) / 1000,
      independent: open.partIndependent,
      data: Buffer.concat(open.chunks),
    });
    open.segmentBytes += open.bytes;
    open.chunks = [];
    open.bytes = 0;
  }

  /** The typical frame interval (median of the recent ones); 30 fps until we know. */
  private frameMs(): number {
    if (this.intervals.length === 0) return 1000 / 30;
    const s = [...this.intervals].sort((a, b) => a - b);
    return s[s.length >> 1]!;
  }
}
