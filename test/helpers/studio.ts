/** Browser mode as `npm start -- --web` runs it (composition root + bridge), plus Chromium, for e2e tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memoryLogger } from '../../media/log';
import { startBridge } from '../../main/bridge/server';
import { compose, DEFAULT_WEB_ROOT } from '../../main/composition';
import { originOf } from '../../main/studio/csp';
import { launchChromium } from './browser';

/** `dataDir`: start on an existing data folder (a restart); it is then left in place. */
export async function startBrowserModeStudio(prefix: string, opts: { dataDir?: string } = {}) {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), prefix));
  const log = memoryLogger();
  const { core, processes, recordings, dispose } = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: 0 }, log });
  const bridge = await startBridge({
    api: core, webRoot: DEFAULT_WEB_ROOT, log, recordings,
    relayOrigins: () => { const u = core.relayState().urls; return u ? [originOf(u.hls)!] : []; },
  });
  const browser = await launchChromium();
  return {
    core, processes, bridge, browser, log, dataDir,
    async stop() {
      await browser.close();
      await bridge.close();
      await dispose();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
