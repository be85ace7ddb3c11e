/**
 * Benchmark hook, installed only when the page URL has `?bench=1`: `window.__danmakuBench(n)` keeps
 * n scrolling comments on screen without the network, and `window.__danmakuFps(ms)` measures the
 * frame rate the page actually achieves and the time per frame spent in our drawing code. Every
 * comment has its own text (thousands of distinct strings: Chinese, English, emoji, numbers) and its
 * own sprite, and a comment that has crossed the stage is replaced by a new one with new text, so
 * text measuring and sprite rendering cost what a busy real stream costs (n / ~8 s new comments per
 * second). The comments bypass lane allocation (a 720p stage holds only a few hundred
 * collision-free comments) but go through the same sprites and drawImage path as real ones.
 */
import type { DanmakuEngine } from './engine';
import type { Sprite } from './sprites';

declare global {
  interface Window {
    __danmakuBench?: (n: number) => number;
    __danmakuFps?: (ms: number) => Promise<{ fps: number; frames: number; p95FrameMs: number; onScreen: number; ourP95Ms: number; distinctTexts: number }>;
  }
}

const ZH = ['哈哈哈哈', '前方高能', '主播好强', '这也行？', '打卡', '好听', '弹幕护体', '太秀了', '学到了', '爷青回', '下次一定', '泪目', '绝了', '冲冲冲', '名场面', '笑死我了'];
const EN = ['nice shot!', 'GG', 'lol', 'first time here', 'what a play', 'clip it', 'hello from Berlin', 'pog', 'no way', 'let’s go'];
const EMOJI = ['😂', '🔥', '👍', '🎉', '❤️', '🤣', '😭', '🙏', '👀', '💯', '🐶', '🌸'];
const COLORS = ['#ffffff', '#fe0302', '#ffff00', '#00cd00', '#4266be', '#cc0273', '#89d5ff', '#ff7204'];

/** The i-th comment's text: distinct for every i, mixing scripts as real danmaku do. */
export function benchText(i: number): string {
  const zh = ZH[i % ZH.length]!;
  const en = EN[Math.floor(i / ZH.length) % EN.length]!;
  const emoji = EMOJI[(i * 7) % EMOJI.length]!;
  return i % 3 === 0 ? `${zh}${emoji} ${i}` : i % 3 === 1 ? `${en} ${emoji}${emoji} #${i}` : `${zh} ${en} ${i}`;
}

interface BenchItem {
  sprite: Sprite;
  y: number;
  phase: number;
  duration: number;
  pass: number;
}

export function installBench(engine: DanmakuEngine): void {
  let items: BenchItem[] = [];
  let next = 0;
  const ourMs: number[] = [];
  let measuring = false;
  const fresh = () => engine.createSprite(benchText(next), COLORS[next++ % COLORS.length]!);
  window.__danmakuBench = (n: number) => {
    for (const it of items) it.sprite.close();
    items = [];
    const { height } = engine.size;
    for (let i = 0; i < n; i++) {
      items.push({ sprite: fresh(), y: Math.random() * Math.max(1, height - 30), phase: Math.random(), duration: 6000 + Math.random() * 4000, pass: -1 });
    }
    engine.extraDraw = n === 0 ? null : (ctx, now, w, _h, dpr) => {
      const t0 = performance.now();
      for (const it of items) {
        const pos = now / it.duration + it.phase;
        const pass = Math.floor(pos);
        if (it.pass >= 0 && pass !== it.pass) {
          // Crossed the stage: the next comment, with its own text, takes its place.
          it.sprite.close();
          it.sprite = fresh();
        }
        it.pass = pass;
        const x = w - (pos - pass) * (w + it.sprite.width);
        ctx.drawImage(it.sprite.image, Math.round(x * dpr), Math.round(it.y * dpr));
      }
      if (measuring) ourMs.push(performance.now() - t0);
    };
    return items.length;
  };
  window.__danmakuFps = (ms: number) =>
    new Promise((resolve) => {
      const times: number[] = [];
      ourMs.length = 0;
      measuring = true;
      const firstText = next;
      const step = (t: number) => {
        times.push(t);
        if (t - times[0]! < ms) requestAnimationFrame(step);
        else {
          measuring = false;
          const deltas = times.slice(1).map((v, i) => v - times[i]!).sort((a, b) => a - b);
          const ours = [...ourMs].sort((a, b) => a - b);
          const span = times[times.length - 1]! - times[0]!;
          resolve({
            fps: ((times.length - 1) * 1000) / span,
            frames: times.length - 1,
            p95FrameMs: deltas[Math.floor(deltas.length * 0.95)] ?? 0,
            onScreen: items.length + engine.onScreen,
            ourP95Ms: ours[Math.floor(ours.length * 0.95)] ?? 0,
            distinctTexts: items.length + (next - firstText),
          });
        }
      };
      requestAnimationFrame(step);
    });
}
