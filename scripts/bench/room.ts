/**
 * Room hub benchmark (not a test): N viewers in worker processes, R danmaku/s in total from many of
 * them, for S seconds, against the real hub (with the studio following through RoomClient) and then,
 * in the same run under the same load, against a plain socket.io broadcast server.
 *
 *   npm run bench:room [-- --seconds 60 --viewers 1000 --rate 100 --workers 4]
 *   npm run bench:room -- --moderation   (hub with moderation off, then on: 200 blocked terms, slow
 *     mode, the wave detector; then the batched plain socket.io baseline; plus the wave detector's
 *     recall and false positives on the scripted chat of its test)
 *
 * The last line of output is one JSON object with the numbers.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import { ROOM_NAMESPACE } from '../../common/room-protocol';
import { RoomClient } from '../../main/room/client';
import { WaveDetector } from '../../media/room/moderation/wave-detector';
import { botWave, mixChat, ordinaryChat } from '../../test/helpers/chat-script';
import { Histogram, parseBenchText, preciseNow } from './room-histogram';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    viewers: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '100' },
    workers: { type: 'string', default: '4' },
    'measure-every': { type: 'string', default: '10' },
    // Load generators run at a lower priority so that, on one small machine, the simulated audience
    // does not starve the server under test (in real life viewers are on other machines).
    'viewer-nice': { type: 'string', default: '0' },
    baseline: { type: 'string', default: 'yes' },
    // `memory` keeps the hub's event log in memory (to tell disk stalls apart from the rest).
    store: { type: 'string', default: 'disk' },
    partitions: { type: 'string', default: '4' },
    moderation: { type: 'boolean', default: false },
  },
});
const MODERATION = values.moderation === true;
const SECONDS = Number(values.seconds);
const VIEWERS = Number(values.viewers);
const RATE = Number(values.rate);
const WORKERS = Math.max(1, Math.min(Number(values.workers), VIEWERS));
const MEASURE_EVERY = Math.max(1, Number(values['measure-every']));
const VIEWER_NICE = Number(values['viewer-nice']);
const BASELINE = values.baseline !== 'no';
const KEY = 'bench-key-123456';
const here = __dirname;
const tsx = { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[] };

// Many senders at a human pace: at most 500, each well under the hub's 1/s per-viewer limit when possible.
const SENDERS = Math.min(VIEWERS, 500);
const PER_SENDER_RATE = RATE / SENDERS;

interface Result { hist: [number, number][]; acked: string[]; refused: Record<string, number>; connected: number }

const once = <T>(child: ChildProcess, type: string): Promise<T> => new Promise((resolve, reject) => {
  const onMsg = (m: { type: string; message?: string }) => {
    if (m.type === type) { child.off('message', onMsg); resolve(m as T); }
    else if (m.type === 'failed') reject(new Error(m.message));
  };
  child.on('message', onMsg);
  child.once('exit', (code) => reject(new Error(`${path.basename(String(child.spawnargs.at(-1)))} exited (${code}) before "${type}"`)));
});

const TICK = 100; // USER_HZ on Linux
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** 200 blocked terms (mixed actions, some with gaps) and slow mode under the senders' pace: what `--moderation` turns on. */
function moderationSettings(perSenderRate: number) {
  const actions = ['mask', 'hold', 'refuse'] as const;
  return {
    slowModeSeconds: Math.max(1, Math.floor(0.8 / perSenderRate)),
    blockedTerms: Array.from({ length: 200 }, (_, i) => ({ term: i % 10 === 0 ? `禁${i}*词` : `blocked${i}term`, action: actions[i % 3]! })),
    linkPolicy: 'hold' as const,
  };
}

async function run(mode: 'hub' | 'hub-moderation' | 'baseline' | 'batched') {
  const serverMode = mode === 'hub-moderation' ? 'hub' : mode;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-room-'));
  const server = fork(path.join(here, 'room-server.ts'), [serverMode, KEY, values.store === 'memory' ? '' : dataDir, String(Math.max(1, PER_SENDER_RATE * 1.5)), String(values.partitions)], tsx);
  const { port } = await once<{ port: number }>(server, 'listening');
  const url = `http://127.0.0.1:${port}`;
  const pid = server.pid!;

  // The studio: the real RoomClient as owner for the hub; a plain listener for the baseline.
  const studio = new Histogram();
  const studioIds = new Set<string>();
  let duplicates = 0;
  const onStudio = (text: string) => {
    const b = parseBenchText(text);
    if (!b) return;
    if (studioIds.has(b.id)) duplicates += 1;
    studioIds.add(b.id);
    studio.record(preciseNow() - b.sentAt);
  };
  let closeStudio: () => void;
  if (serverMode === 'hub') {
    const client = new RoomClient({ url, room: 'main', key: KEY, name: 'Studio' });
    client.on('event', (e) => { if (e.type === 'danmaku') onStudio(e.text); });
    client.connect();
    closeStudio = () => client.close();
    if (mode === 'hub-moderation') {
      await new Promise<void>((resolve) => client.once('welcome', () => resolve()));
      const a = await client.moderate('room-settings', moderationSettings(PER_SENDER_RATE));
      if (!a.ok) throw new Error(`room-settings refused: ${a.message}`);
    }
  } else {
    // the batched baseline tells the studio apart by its key, as the hub does
    const s = io(`${url}${ROOM_NAMESPACE}`, { transports: ['websocket'], auth: { key: KEY } });
    s.on('event', (e: { type: string; text: string }) => { if (e.type === 'danmaku') onStudio(e.text); });
    closeStudio = () => s.close();
  }

  const workers = Array.from({ length: WORKERS }, () => fork(path.join(here, 'room-viewers.ts'), [], tsx));
  for (const w of workers) if (w.pid && VIEWER_NICE) os.setPriority(w.pid, VIEWER_NICE);
  const connectStart = Date.now();
  await Promise.all(workers.map((w, i) => {
    const viewers = Math.floor(VIEWERS / WORKERS) + (i < VIEWERS % WORKERS ? 1 : 0);
    const senders = Math.floor(SENDERS / WORKERS) + (i < SENDERS % WORKERS ? 1 : 0);
    const ready = once(w, 'ready');
    w.send({ type: 'start', url, worker: i, viewers, senders, sendIntervalMs: 1000 / PER_SENDER_RATE, measureEvery: MEASURE_EVERY });
    return ready;
  }));
  console.log(`[${mode}] ${VIEWERS} viewers connected in ${((Date.now() - connectStart) / 1000).toFixed(1)} s; sending ${RATE}/s from ${SENDERS} viewers for ${SECONDS} s`);
  await new Promise((r) => setTimeout(r, 2000)); // let enter events and viewer counts settle

  const t0 = Date.now();
  const cpu0 = cpuTicks(pid);
  let rssPeak = rssMb(pid);
  const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, rssMb(pid)); }, 1000);
  server.send({ type: 'measure' });
  for (const w of workers) w.send({ type: 'go' });
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const cpuSeconds = (cpuTicks(pid) - cpu0) / TICK;
  const cpuPercent = (cpuSeconds / ((Date.now() - t0) / 1000)) * 100;
  clearInterval(sampler);
  const loopStats = once<{ loopP50Ms: number; loopP99Ms: number; loopMaxMs: number }>(server, 'stats');
  server.send({ type: 'stats' });
  const loop = await loopStats;
  const results = await Promise.all(workers.map((w) => {
    const r = once<Result>(w, 'result');
    w.send({ type: 'stop' });
    return r;
  }));

  const viewers = new Histogram();
  const acked = new Set<string>();
  const refused: Record<string, number> = {};
  let connected = 0;
  for (const r of results) {
    viewers.merge(r.hist);
    for (const id of r.acked) acked.add(id);
    for (const [k, n] of Object.entries(r.refused)) refused[k] = (refused[k] ?? 0) + n;
    connected += r.connected;
  }
  const lost = [...acked].filter((id) => !studioIds.has(id)).length;
  closeStudio();
  server.kill();
  rmSync(dataDir, { recursive: true, force: true });
  const out = {
    studio_p50_ms: studio.percentile(50), studio_p99_ms: studio.percentile(99),
    viewer_p50_ms: viewers.percentile(50), viewer_p99_ms: viewers.percentile(99),
    acked: acked.size, lost, duplicates, refused, viewers_connected_at_end: connected,
    viewer_deliveries: viewers.count,
    cpu_percent: Number(cpuPercent.toFixed(1)), rss_mb: Number(rssPeak.toFixed(1)),
    // Normalised by the danmaku the server actually accepted: a server that falls behind receives
    // less of the offered load, which makes its raw CPU % look better than it is.
    cpu_ms_per_danmaku: Number(((cpuSeconds * 1000) / Math.max(1, acked.size)).toFixed(3)),
    loop_delay_p99_ms: Number(loop.loopP99Ms.toFixed(1)), loop_delay_max_ms: Number(loop.loopMaxMs.toFixed(1)),
  };
  console.log(`[${mode}] ${JSON.stringify(out)}`);
  return out;
}

const LOAD_BEFORE = Number(os.loadavg()[0]?.toFixed(1));

/** The wave detector on the scripted chat of its test (fixed seeds), fed as the hub feeds it. */
function waveQuality(): { recall: number; falsePositiveRate: number } {
  const normal = ordinaryChat(20261201, 200, 300, 3);
  const bots = botWave(4242, 30, 120_000, 40_000);
  const d = new WaveDetector();
  const flagged = new Set<string>();
  let tick = 0;
  for (const m of mixChat(normal, bots)) {
    while (tick + 1000 <= m.at) { tick += 1000; for (const a of d.sweep(tick)) for (const u of a.users) flagged.add(u); }
    for (const u of d.observe(m)?.users ?? []) flagged.add(u);
  }
  for (const a of d.sweep(tick + 5000)) for (const u of a.users) flagged.add(u);
  const botIds = new Set(bots.map((m) => m.userId));
  const normalIds = new Set(normal.map((m) => m.userId));
  return {
    recall: Number(([...botIds].filter((u) => flagged.has(u)).length / botIds.size).toFixed(3)),
    falsePositiveRate: Number(([...normalIds].filter((u) => flagged.has(u)).length / normalIds.size).toFixed(3)),
  };
}

async function main(): Promise<void> {
  console.log(`room bench: ${VIEWERS} viewers over ${WORKERS} workers (every ${MEASURE_EVERY}th measures, nice ${VIEWER_NICE}), ${RATE} danmaku/s, ${SECONDS} s; ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)}`);
  const hub = await run('hub');
  const moderated = MODERATION ? await run('hub-moderation') : null;
  // `--baseline no` skips the comparison (for quick hub-only runs); its fields are then null.
  const baseline = BASELINE && !MODERATION ? await run('baseline') : null;
  const batched = BASELINE && MODERATION ? await run('batched') : null;
  const wave = MODERATION ? waveQuality() : null;
  console.log(JSON.stringify({
    viewers: VIEWERS, rate_per_s: RATE, seconds: SECONDS,
    studio_p50_ms: hub.studio_p50_ms, studio_p99_ms: hub.studio_p99_ms,
    viewer_p50_ms: hub.viewer_p50_ms, viewer_p99_ms: hub.viewer_p99_ms,
    lost: hub.lost, duplicates: hub.duplicates, acked: hub.acked,
    hub_cpu_percent: hub.cpu_percent, hub_rss_mb: hub.rss_mb, hub_cpu_ms_per_danmaku: hub.cpu_ms_per_danmaku,
    hub_loop_delay_p99_ms: hub.loop_delay_p99_ms,
    baseline_p50_ms: baseline?.viewer_p50_ms ?? null, baseline_p99_ms: baseline?.viewer_p99_ms ?? null,
    baseline_studio_p99_ms: baseline?.studio_p99_ms ?? null,
    baseline_cpu_percent: baseline?.cpu_percent ?? null, baseline_rss_mb: baseline?.rss_mb ?? null,
    baseline_cpu_ms_per_danmaku: baseline?.cpu_ms_per_danmaku ?? null, baseline_acked: baseline?.acked ?? null,
    baseline_viewers_connected_at_end: baseline?.viewers_connected_at_end ?? null,
    ...(MODERATION ? {
      studio_p99_ms_moderation: moderated?.studio_p99_ms ?? null, viewer_p99_ms_moderation: moderated?.viewer_p99_ms ?? null,
      lost_moderation: moderated?.lost ?? null, acked_moderation: moderated?.acked ?? null, refused_moderation: moderated?.refused ?? null,
      hub_cpu_percent_moderation: moderated?.cpu_percent ?? null, hub_cpu_ms_per_danmaku_moderation: moderated?.cpu_ms_per_danmaku ?? null,
      baseline_batched_cpu_percent: batched?.cpu_percent ?? null, baseline_batched_cpu_ms_per_danmaku: batched?.cpu_ms_per_danmaku ?? null,
      baseline_batched_studio_p99_ms: batched?.studio_p99_ms ?? null, baseline_batched_viewer_p99_ms: batched?.viewer_p99_ms ?? null,
      wave_recall: wave?.recall ?? null, wave_false_positive_rate: wave?.falsePositiveRate ?? null,
    } : {}),
    load_average_before: LOAD_BEFORE, load_average: Number(os.loadavg()[0]?.toFixed(1)),
  }));
  process.exit(0);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
