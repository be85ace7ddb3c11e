/**
 * npm run bench:slow-viewers [-- --viewers 200 --seconds 300 --bitrate 2500k --viewer-buffer-kb 4096]
 * The relay's memory with HTTP-FLV viewers that never read (issue 7, observation 4). Starts
 * `npm run relay` as its own process (so its RSS is the relay's alone), publishes a 640x360 30 fps
 * test pattern at --bitrate with the bundled ffmpeg, opens one normal viewer that reads and
 * --viewers stalled viewers (TCP sockets that send the request and never read a byte), and samples
 * the relay's RSS and open file descriptors every 10 s. `--viewer-buffer-kb 262144` (256 MB per
 * viewer, i.e. effectively no cap) is the baseline: the behaviour before the cap.
 * Last line JSON: {viewers, seconds, bitrate, rssMb: {start, max, end}, samples: [...], loadavg...}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { locateFfmpeg } from '../../media/ffmpeg/locate';

const root = path.resolve(__dirname, '../..');
const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
};
const viewers = Number(arg('--viewers', '200'));
const seconds = Number(arg('--seconds', '300'));
const bitrate = arg('--bitrate', '2500k');
const viewerBufferKb = arg('--viewer-buffer-kb', '4096');
const sampleEveryS = 10;

const children: ChildProcess[] = [];
const sockets: net.Socket[] = [];
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'danmu-bench-slow-'));
function cleanup() {
  for (const s of sockets) s.destroy();
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const procStatus = (pid: number, field: string) => {
  const m = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
};
const rssMb = (pid: number) => Math.round(procStatus(pid, 'VmRSS') / 1024);
const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const loadBefore = os.loadavg();
  const relay = spawn(process.execPath, ['--import', 'tsx', 'media/cli/relay.ts', '--json', '--rtmp-port', '0', '--http-port', '0',
    '--data-dir', dataDir, '--room', 'bench', '--http-per-address', String(viewers + 50), '--viewer-buffer-kb', viewerBufferKb], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(relay);
  let relayLog = '';
  relay.stderr!.on('data', (d) => (relayLog += d));
  const info = await new Promise<{ rtmp: string; flv: string; httpPort: number }>((resolve, reject) => {
    let out = '';
    relay.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    relay.once('exit', (code) => reject(new Error(`relay exited ${code}: ${relayLog}`)));
  });
  const pid = relay.pid!;

  const ffmpeg = spawn(locateFfmpeg().path, ['-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-b:v', bitrate, '-minrate', bitrate, '-maxrate', bitrate, '-bufsize', bitrate,
    '-x264-params', 'nal-hrd=cbr:filler=1', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', '-ac', '2', '-f', 'flv', info.rtmp], { stdio: 'ignore' });
  children.push(ffmpeg);
  const events: string[] = [];
  const t0 = Date.now();
  const note = (what: string) => { events.push(`${Math.round((Date.now() - t0) / 1000)}s ${what}`); console.error(what); };
  ffmpeg.once('exit', (code, signal) => note(`publisher ffmpeg exited (${code ?? signal})`));

  // the normal viewer: reads and counts
  let normalBytes = 0;
  const waitLive = Date.now();
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      http.get(info.flv, (res) => {
        resolve(res.statusCode ?? 0);
        if (res.statusCode === 200) {
          res.on('data', (d: Buffer) => (normalBytes += d.length));
          res.once('close', () => note('the normal viewer\'s stream ended'));
        } else res.resume();
      }).on('error', () => resolve(0));
    });
    if (status === 200) break;
    if (Date.now() - waitLive > 30_000) throw new Error('the stream did not go live within 30 s');
    await sleep(500);
  }
  await sleep(3000);
  const rssStart = rssMb(pid);
  const fdStart = fdCount(pid);

  // stalled viewers, ramped over ~10 s
  for (let i = 0; i < viewers; i++) {
    const s = net.connect(info.httpPort, '127.0.0.1', () => {
      s.write(`GET /live/bench.flv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      s.pause();
    });
    s.on('error', () => {});
    sockets.push(s);
    if (i % 20 === 19) await sleep(1000);
  }

  const samples: Array<{ t: number; rssMb: number; fds: number; normalKbps: number; live: boolean }> = [];
  const isLive = async () => {
    try {
      return ((await (await fetch(info.flv.replace(/\/live\/bench\.flv$/, '/api/rooms/bench'))).json()) as { live: boolean }).live;
    } catch {
      return false;
    }
  };
  const started = Date.now();
  let lastBytes = normalBytes;
  while (Date.now() - started < seconds * 1000) {
    await sleep(sampleEveryS * 1000);
    const kbps = Math.round(((normalBytes - lastBytes) * 8) / sampleEveryS / 1000);
    lastBytes = normalBytes;
    const s = { t: Math.round((Date.now() - started) / 1000), rssMb: rssMb(pid), fds: fdCount(pid), normalKbps: kbps, live: await isLive() };
    samples.push(s);
    console.error(`t=${s.t}s relay RSS ${s.rssMb} MB, fds ${s.fds}, normal viewer ${s.normalKbps} kbit/s, live ${s.live}`);
  }
  const dropped = (relayLog.match(/Dropped slow HTTP-FLV viewer/g) ?? []).length
    + [...relayLog.matchAll(/\((\d+) similar relay warnings left out/g)].reduce((n, m) => n + Number(m[1]), 0);
  const otherRelayLines = relayLog.split('\n').filter((l) => l && !/Dropped slow HTTP-FLV viewer|similar relay warnings/.test(l)).slice(0, 20);
  for (const l of otherRelayLines) console.error(`relay: ${l}`);
  const loadAfter = os.loadavg();
  const rss = samples.map((s) => s.rssMb);
  const result = {
    bench: 'slow-viewers', viewers, seconds, bitrate, viewerBufferKb: Number(viewerBufferKb),
    rssMb: { beforeViewers: rssStart, max: Math.max(...rss), end: rss.at(-1) },
    fds: { beforeViewers: fdStart, end: samples.at(-1)?.fds },
    droppedLogged: dropped,
    events,
    normalViewerKbps: { min: Math.min(...samples.map((s) => s.normalKbps)), end: samples.at(-1)?.normalKbps },
    samples,
    loadavgBefore: loadBefore.map((v) => Math.round(v * 100) / 100),
    loadavgAfter: loadAfter.map((v) => Math.round(v * 100) / 100),
    cpus: os.cpus().length,
    busy: loadBefore[0]! > os.cpus().length * 0.7,
  };
  console.log(JSON.stringify(result));
  process.exit(0);
}

main().catch((err) => {
  console.error(`bench:slow-viewers failed: ${(err as Error).message}`);
  process.exit(1);
});
