/**
 * Benchmark hook, installed only when the page URL has `?bench=1`: `window.__danmakuBench(n)` keeps
 * n scrolling comments on screen without the network, and `window.__danmakuFps(ms)` measures the
 * frame rate the page actually achieves. The comments bypass lane allocation (a 720p stage holds only
 * a few hundred collision-free comments) but go through the same sprites and drawImage path as real ones.
 */
import type { DanmakuEngine } from './engine';
import type { Sprite } from './sprites';

declare global {
  interface Window {
    __danmakuBench?: (n: number) => number;
    __danmakuFps?: (ms: number) => Promise<{ fps: number; frames: number; p95FrameMs: number; onScreen: number }>;
  }
}

const WORDS = ['666', '哈哈哈哈', '前方高能', 'nice shot!', '主播好强', 'GG', '这也行？', 'lol', '打卡', 'awsl', '好听', 'first time here', '弹幕护体', '2333'];
const COLORS = ['#ffffff', '#fe0302', '#ffff00', '#00cd00', '#4266be', '#cc0273', '#89d5ff', '#ff7204'];

interface BenchItem {
  sprite: Sprite;
  y: number;
  phase: number;
  duration: number;
}

export function installBench(engine: DanmakuEngine): void {
  let items: BenchItem[] = [];
  const pool: Sprite[] = [];
  window.__danmakuBench = (n: number) => {
    for (const it of items) it.sprite.close();
    items = [];
    pool.length = 0;
    // Distinct sprites per word/colour pair, as a real stream has a variety of texts.
    for (let i = 0; i < WORDS.length * COLORS.length; i++) {
      pool.push(engine.createSprite(`${WORDS[i % WORDS.length]} ${i}`, COLORS[i % COLORS.length]!));
    }
    const { height } = engine.size;
    for (let i = 0; i < n; i++) {
      items.push({ sprite: pool[i % pool.length]!, y: Math.random() * Math.max(1, height - 30), phase: Math.random(), duration: 6000 + Math.random() * 4000 });
    }
    engine.extraDraw = n === 0 ? null : (ctx, now, w, _h, dpr) => {
      for (const it of items) {
        const t = ((now / it.duration + it.phase) % 1);
        const x = w - t * (w + it.sprite.width);
        ctx.drawImage(it.sprite.image, Math.round(x * dpr), Math.round(it.y * dpr));
      }
    };
    return items.length;
  };
  window.__danmakuFps = (ms: number) =>
    new Promise((resolve) => {
      const times: number[] = [];
      const step = (t: number) => {
        times.push(t);
        if (t - times[0]! < ms) requestAnimationFrame(step);
        else {
          const deltas = times.slice(1).map((v, i) => v - times[i]!).sort((a, b) => a - b);
          const span = times[times.length - 1]! - times[0]!;
          resolve({
            fps: ((times.length - 1) * 1000) / span,
            frames: times.length - 1,
            p95FrameMs: deltas[Math.floor(deltas.length * 0.95)] ?? 0,
            onScreen: items.length + engine.onScreen,
          });
        }
      };
      requestAnimationFrame(step);
    });
}
