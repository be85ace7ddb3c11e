/**
 * The frame rate a live studio really delivers, measured apart from the studio's own figure: video
 * frames (FLV tags) arriving from the relay over wall time, and how long the encoder's pacing thread
 * waited for a CPU meanwhile (/proc/<pid>/schedstat: time runnable but not running), so a test can tell
 * "our pipeline loses frames" from "the machine did not run us".
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { StudioApi } from '../../common/studio-api';
import { openFlvViewer } from './flv-viewer';

export interface Delivery {
  /** Video frames that arrived from the relay per second of wall time. */
  relayFps: number;
  /**
   * How much later (s) the window's last second of frames arrived, relative to their stream time, than
   * its first second's (median of arrival - FLV timestamp): about 0 when the stream keeps real time,
   * growing when frames queue somewhere instead of being dropped.
   */
  delayGrowthSec: number;
  /** Frames the encoder reported in the window per second (from its progress, stats.frames). */
  encoderFps: number;
  /** The status figure at the end of the window (stats.fps, an average over the last few seconds). */
  statusFps: number;
  /** Share of the window the encoder's main thread (which paces the canvas) waited for a CPU; null off Linux. */
  encoderWaitShare: number | null;
  overload: boolean;
  load1: number;
}

/** Nanoseconds the thread spent runnable but waiting for a CPU, or null where /proc has no schedstat. */
export function runQueueWaitNs(pid: number): number | null {
  try {
    const wait = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
    return Number.isFinite(wait) ? wait : null;
  } catch {
    return null;
  }
}

export async function measureDelivery(api: StudioApi, flvUrl: string, encoderPid: number, seconds: number): Promise<Delivery> {
  const viewer = openFlvViewer(flvUrl, { keepBytes: false });
  try {
    // A new viewer gets the relay's GOP cache in a burst: count from after it.
    await new Promise((r) => setTimeout(r, 2000));
    const s0 = (await api.getSnapshot()).pipeline.stats;
    const wait0 = runQueueWaitNs(encoderPid);
    const from = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const to = Date.now();
    const wait1 = runQueueWaitNs(encoderPid);
    const s1 = (await api.getSnapshot()).pipeline.stats;
    const frames = viewer.videoTimes().filter((v) => v.at >= from && v.at <= to);
    const wall = (to - from) / 1000;
    const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : 0);
    const offset = (lo: number, hi: number) => median(frames.filter((v) => v.at >= lo && v.at < hi).map((v) => v.at - v.ts));
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      relayFps: round(frames.length / wall),
      delayGrowthSec: round((offset(to - 1000, to + 1) - offset(from, from + 1000)) / 1000),
      encoderFps: s0 && s1 && s1.at > s0.at ? round((s1.frames - s0.frames) / ((s1.at - s0.at) / 1000)) : 0,
      statusFps: s1?.fps ?? 0,
      encoderWaitShare: wait0 !== null && wait1 !== null ? round((wait1 - wait0) / 1e9 / wall) : null,
      overload: Boolean(s1?.overload),
      load1: round(os.loadavg()[0] ?? 0),
    };
  } finally {
    viewer.close();
  }
}
