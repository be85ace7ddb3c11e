/**
 * The one way tests and benchmarks launch Chromium: Debian's /usr/bin/chromium (it plays H.264 via MSE,
 * which the Playwright-bundled builds may not), with flags that keep it quiet and offline.
 * Headless by default; pass `headless: false` under Xvfb when real requestAnimationFrame timing matters
 * (headless Chromium can throttle rAF, so frame-rate measurements there are not meaningful).
 */
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const CHROMIUM_PATH = process.env.DANMU_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];

export interface LaunchChromiumOptions extends Omit<LaunchOptions, 'executablePath'> {
  /** Extra command-line flags, appended to CHROMIUM_ARGS. */
  extraArgs?: string[];
}

export async function launchChromium(opts: LaunchChromiumOptions = {}): Promise<Browser> {
  const { extraArgs = [], args = [], headless = true, ...rest } = opts;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless,
    args: [...CHROMIUM_ARGS, ...args, ...extraArgs],
    ...rest,
  });
}
