/**
 * The set-up every "studio process + its page in Chromium" e2e file shares: a temporary data folder,
 * the studio started (and started again, after a kill) on it, one Chromium, and all of it ended and
 * removed after the file. Skip the file with `skip` where the studio page is not built.
 */
import { after } from 'node:test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { DEFAULT_WEB_ROOT } from '../../main/composition';
import { launchChromium } from './browser';
import { startStudioProcess, type StudioProcess } from './studio-process';

export interface StudioPageFixture {
  readonly dataDir: string;
  /** Why the file cannot run here (the studio page is not built), else false. */
  readonly skip: string | false;
  /** Starts the studio on the data folder (again, after a kill: the last one is the one ended after the file); Chromium once. */
  start(): Promise<{ studio: StudioProcess; browser: Browser }>;
}

export function studioPageFixture(prefix: string): StudioPageFixture {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  let studio: StudioProcess | null = null;
  let browser: Browser | null = null;
  after(async () => {
    await browser?.close();
    await studio?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    skip: !existsSync(path.join(DEFAULT_WEB_ROOT, 'studio', 'index.html')) && 'run "node scripts/build.mjs" first',
    async start() {
      studio = await startStudioProcess({ dataDir });
      browser ??= await launchChromium();
      return { studio, browser };
    },
  };
}
