/**
 * Benchmark (not a test): what the studio page costs the broadcast. Browser-mode studio, the studio page
 * in Chromium, Go Live on the test pattern (1280x720, 30 fps, x264 veryfast), then phases that add or
 * remove one suspect at a time (`+` joins actions): open / close (the page), pause / play (the program
 * monitor), nomonitor (the FLV refused, page reloaded: no monitor, the editor pulls JPEGs), nopreview,
 * preview, nometers (their requests refused), boost / unboost (encoder + forwarders at nice -5 / 0),
 * boostnode / unboostnode (the studio process), chrome0 / chrome10 (Chromium's processes' nice).
 * Per phase: the status figure each second, frames the encoder reported per second, frames counted at
 * the relay (HTTP-FLV video tags over wall time, and their media time), dropped frames, lag, CPU % of
 * one core per process, the encoder main thread's run-queue wait share, the studio's event-loop delay.
 * One JSON line per phase; the last line is one JSON object with all of them and the load before/after.
 *   xvfb-run -a npm run bench:studio-page [-- --phase-seconds 15 --phases open,close,open]
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseProcStat, processTree } from '../../media/ffmpeg/proc-usage';
import { openFlvViewer } from '../../test/helpers/flv-viewer';
import { startBrowserModeStudio } from '../../test/helpers/studio';
import { isBusy, loadSnapshot, machineLine } from './machine-load';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const PHASE_SEC = Number(arg('--phase-seconds') ?? 15);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cmdline(pid: number): string {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '); } catch { return ''; }
}

function ticksOf(pids: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const pid of pids) {
    try {
      const s = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      if (s) m.set(pid, s.cpuTicks);
    } catch { /* gone */ }
  }
  return m;
}

/** Run and run-queue wait (ns) of a process's main thread and of all its threads. */
function schedOf(pid: number): { mainRun: number; mainWait: number; allWait: number } | null {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number);
    let allWait = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try { allWait += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]); } catch { /* gone */ }
    }
    return { mainRun: run!, mainWait: wait!, allWait };
  } catch { return null; }
}

async function main() {
  const before = loadSnapshot();
  console.error(machineLine());
  const stack = await startBrowserModeStudio('studio-page-bench-');
  const { core, processes, bridge, browser } = stack;
  const label = (pid: number): string => {
    if (pid === process.pid) return 'studio(node)';
    const tracked = processes.list().find((p) => p.child.pid === pid);
    if (tracked) return tracked.name.replace(/:.*$/, '');
    const c = cmdline(pid);
    if (/chrom/i.test(c)) {
      const t = /--type=([\w-]+)/.exec(c);
      return `chromium:${t ? t[1] : 'browser'}`;
    }
    return c.split(' ')[0]?.split('/').pop() || String(pid);
  };
  try {
    let page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(bridge.url);
    await page.getByTestId('go-live').waitFor({ state: 'visible', timeout: 20_000 });
    await page.getByTestId('scene-test').click();
    await sleep(1000);
    await page.getByTestId('go-live').click();
    await page.getByTestId('stop').waitFor({ state: 'visible', timeout: 30_000 });
    const flvUrl = core.relayState().urls?.flv;
    if (!flvUrl) throw new Error('no FLV URL');
    await sleep(8000); // start-up burst and the monitor's connection

    const setTasksNice = (pid: number, n: number) => {
      let tids: string[] = [];
      try { tids = readdirSync(`/proc/${pid}/task`); } catch { /* gone */ }
      for (const tid of tids) try { os.setPriority(Number(tid), n); } catch { /* gone */ }
    };
    const setEncoderNice = (n: number) => {
      for (const p of processes.list().filter((x) => x.name === 'encoder' || x.name.startsWith('forward'))) {
        const pid = p.child.pid!;
        let tids: string[] = [];
        try { tids = readdirSync(`/proc/${pid}/task`); } catch { /* gone */ }
        for (const tid of tids) try { os.setPriority(Number(tid), n); } catch { /* gone */ }
      }
    };
    const chromePids = () => processTree([process.pid]).filter((pid) => pid !== process.pid && /^chrom/i.test(cmdline(pid).split(' ')[0]?.split('/').pop() ?? ''));
    const openPage = async () => {
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(bridge.url);
      await page.getByTestId('stop').waitFor({ state: 'visible', timeout: 20_000 });
      await sleep(6000);
    };
    let pageOpen = true;
    const actions: Record<string, () => Promise<void>> = {
      open: async () => { if (!pageOpen) { await openPage(); pageOpen = true; } },
      close: async () => { if (pageOpen) { await page.close(); pageOpen = false; await sleep(5000); } },
      pause: async () => { await page.evaluate('document.querySelector("[data-testid=program-monitor]").pause()'); },
      play: async () => { await page.evaluate('document.querySelector("[data-testid=program-monitor]").play()'); },
      nopreview: async () => { await page.route('**/preview.frame', (r) => r.abort()); await sleep(5000); },
      preview: async () => { await page.unroute('**/preview.frame'); await sleep(2000); },
      nometers: async () => { await page.route('**/audio.watchMeters', (r) => r.abort()); await sleep(11_000); },
      nomonitor: async () => {
        await page.route('**/*.flv', (r) => r.abort());
        await page.reload();
        await page.getByTestId('stop').waitFor({ state: 'visible', timeout: 20_000 });
        await sleep(6000);
      },
      boost: async () => setEncoderNice(-5),
      boostnode: async () => setTasksNice(process.pid, -5),
      unboostnode: async () => setTasksNice(process.pid, 0),
      unboost: async () => setEncoderNice(0),
      chrome10: async () => { for (const pid of chromePids()) try { os.setPriority(pid, 10); } catch { /* gone */ } },
      chrome0: async () => { for (const pid of chromePids()) try { os.setPriority(pid, 0); } catch { /* gone */ } },
    };
    const phases = (arg('--phases') ?? 'open,close,open,close').split(',').map((name) => ({
      name, setup: async () => { for (const a of name.split('+')) await actions[a]!(); },
    }));
    const results: object[] = [];
    for (const ph of phases) {
      await ph.setup();
      const viewer = openFlvViewer(flvUrl, { keepBytes: false });
      await sleep(3000); // the viewer's start (it gets the GOP cache in a burst)
      const roots = [process.pid];
      const pids0 = processTree(roots);
      const t0 = ticksOf(pids0);
      const encPid = processes.list().find((p) => p.name === 'encoder')?.child.pid ?? 0;
      const sched0 = schedOf(encPid);
      const at0 = Date.now();
      const load0 = os.loadavg()[0] ?? 0;
      const frames0 = viewer.videoTimes().length;
      const statsFps: number[] = [];
      const eld = monitorEventLoopDelay({ resolution: 10 });
      eld.enable();
      const s0 = (await core.getSnapshot()).pipeline.stats;
      for (let i = 0; i < PHASE_SEC; i++) {
        await sleep(1000);
        const st = (await core.getSnapshot()).pipeline.stats;
        if (st) statsFps.push(st.fps);
      }
      const s1 = (await core.getSnapshot()).pipeline.stats;
      eld.disable();
      const at1 = Date.now();
      const times = viewer.videoTimes();
      const frames1 = times.length;
      const inWindow = times.filter((v) => v.at >= at0 && v.at <= at1);
      const mediaSpan = inWindow.length > 1 ? (inWindow[inWindow.length - 1]!.ts - inWindow[0]!.ts) / 1000 : 0;
      const t1 = ticksOf(processTree(roots));
      const sched1 = schedOf(encPid);
      const wall = (at1 - at0) / 1000;
      const cpu: Record<string, number> = {};
      for (const [pid, ticks] of t1) {
        const d = ticks - (t0.get(pid) ?? 0);
        const k = label(pid);
        cpu[k] = (cpu[k] ?? 0) + d;
      }
      for (const k of Object.keys(cpu)) cpu[k] = Math.round((cpu[k]! / wall)); // % of one core (100 ticks/s)
      viewer.close();
      const r = {
        phase: ph.name,
        statusFps: statsFps.map((f) => Math.round(f)).join(' '),
        encoderFrames: s0 && s1 ? Math.round(((s1.frames - s0.frames) / ((s1.at - s0.at) / 1000)) * 10) / 10 : null,
        relayFps: Math.round(((frames1 - frames0) / wall) * 10) / 10,
        relayMediaFps: mediaSpan > 0 ? Math.round(((inWindow.length - 1) / mediaSpan) * 10) / 10 : null,
        eventLoopMs: { p50: Math.round(eld.percentile(50) / 1e6), p99: Math.round(eld.percentile(99) / 1e6), max: Math.round(eld.max / 1e6) },
        lag: s1?.lagSec ?? null,
        encWait: sched0 && sched1 ? { mainWaitShare: Math.round(((sched1.mainWait - sched0.mainWait) / 1e9 / wall) * 100) / 100, allWaitShare: Math.round(((sched1.allWait - sched0.allWait) / 1e9 / wall) * 100) / 100, mainRunShare: Math.round(((sched1.mainRun - sched0.mainRun) / 1e9 / wall) * 100) / 100 } : null,
        dropped: s1 ? s1.droppedFrames - (s0?.droppedFrames ?? 0) : null,
        cpu,
        nice: Object.fromEntries([...new Set(processTree([process.pid]).map((pid) => `${label(pid)}=${(() => { try { return os.getPriority(pid); } catch { return "?"; } })()}`))].map((x) => x.split('='))),
        load: [Math.round(load0 * 100) / 100, Math.round((os.loadavg()[0] ?? 0) * 100) / 100],
      };
      console.log(JSON.stringify(r));
      results.push(r);
    }
    const after = loadSnapshot();
    console.log(JSON.stringify({ phases: results, load_before: before, load_after: after, busy: isBusy(before, after) }));
  } finally {
    await stack.stop();
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
