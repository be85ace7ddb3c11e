/**
 * Runs inside the page (passed to page.evaluate): no imports, no closures over Node values.
 */
// Code passed to page.evaluate runs in Chromium; this (Node) program has no DOM types, so the few
// page globals it touches are declared loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any, document: any;

/** Installed in the page: decodes the stamp of every displayed frame into window.__lat (seconds). */
export function installReader(stamp: { bits: number; block: number }): void {
  const w = window as unknown as { __lat: number[]; __at: number[]; __bad: number };
  w.__lat = [];
  w.__at = [];
  w.__bad = 0;
  const video = document.querySelector('video');
  const cw = stamp.bits * stamp.block;
  const ch = 2 * stamp.block;
  const canvas = document.createElement('canvas');
  canvas.width = cw;
  canvas.height = ch;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const onFrame = () => {
    const now = Date.now();
    if (video.videoWidth === 1280) {
      ctx.drawImage(video, 0, 0, cw, ch, 0, 0, cw, ch);
      const d = ctx.getImageData(0, 0, cw, ch).data;
      let low = 0;
      let ok = true;
      for (let k = 0; k < stamp.bits; k++) {
        const x = k * stamp.block + (stamp.block >> 1);
        const a = d[((stamp.block >> 1) * cw + x) * 4]! > 128;
        const b = d[((stamp.block + (stamp.block >> 1)) * cw + x) * 4]! > 128;
        if (a === b) ok = false;
        if (a) low += 2 ** k;
      }
      if (ok) {
        // Rebuild the full epoch ms from its low 32 bits: the nearest value not far from now.
        const span = 2 ** 32;
        let full = now - (now % span) + low;
        if (full > now + span / 2) full -= span;
        w.__lat.push((now - full) / 1000);
        w.__at.push(now);
      } else w.__bad++;
    }
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
}
