import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcStat, parseProcStatusRssKb, processTree, readProcUsage, UsageMeter, type ProcReading } from '../../media/ffmpeg/proc-usage';
import { cpuHealth } from '../../renderer/studio/logic/stat-health';

// Real lines from Linux 6.x; the second has a name with a space and a ")" in it.
const STAT_FFMPEG = '4242 (ffmpeg) S 4100 4242 4100 0 -1 4194304 18543 0 0 0 1234 567 0 0 20 0 5 0 987654 512000000 30000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0';
const STAT_ODD = '77 (my ) proc) R 1 77 77 0 -1 4194560 100 0 0 0 10 5 0 0 20 0 1 0 100 1000 10 18446744073709551615';
const STATUS = 'Name:\tffmpeg\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t  612340 kB\nVmRSS:\t  120064 kB\nRssAnon:\t   90000 kB\nThreads:\t5\n';

test('/proc/<pid>/stat: pid, name, parent and utime+stime, even with ")" in the name', () => {
  assert.deepEqual(parseProcStat(STAT_FFMPEG), { pid: 4242, comm: 'ffmpeg', ppid: 4100, cpuTicks: 1234 + 567 });
  assert.deepEqual(parseProcStat(STAT_ODD), { pid: 77, comm: 'my ) proc', ppid: 1, cpuTicks: 15 });
  assert.equal(parseProcStat('garbage'), null);
  assert.equal(parseProcStat('12 (x) S'), null, 'a truncated line is refused, not read as zeros');
});

test('/proc/<pid>/status: VmRSS in kB; a zombie without VmRSS is 0', () => {
  assert.equal(parseProcStatusRssKb(STATUS), 120064);
  assert.equal(parseProcStatusRssKb('Name:\tzombie\nState:\tZ (zombie)\n'), 0);
});

test('UsageMeter: CPU since the last sample, summed over processes; restarts and exits handled', () => {
  const table = new Map<number, ProcReading>([[1, { cpuTicks: 100, rssKb: 10240 }], [2, { cpuTicks: 50, rssKb: 20480 }]]);
  const meter = new UsageMeter((pid) => table.get(pid) ?? null);
  const first = meter.sample([1, 2], 0);
  assert.deepEqual(first, { cpuPercentOfCore: 0, cpuSec: 0, rssMb: 30 }, 'the first sample is the baseline');
  table.set(1, { cpuTicks: 180, rssKb: 10240 }); // +0.8 s
  table.set(2, { cpuTicks: 70, rssKb: 20480 }); // +0.2 s
  assert.deepEqual(meter.sample([1, 2], 1000), { cpuPercentOfCore: 100, cpuSec: 1, rssMb: 30 });
  // pid 2 exits, pid 3 started since the last sample (a restarted forwarder): all its ticks count.
  table.delete(2);
  table.set(3, { cpuTicks: 30, rssKb: 5120 });
  table.set(1, { cpuTicks: 330, rssKb: 10240 }); // +1.5 s
  assert.deepEqual(meter.sample([1, 2, 3], 2000), { cpuPercentOfCore: 180, cpuSec: 1.8, rssMb: 15 });
  assert.equal(meter.sample([2], 3000), null, 'nothing readable: no numbers rather than zeros');
});

test('on this machine: our own process reads, and its tree includes itself', { skip: process.platform !== 'linux' }, () => {
  const me = readProcUsage(process.pid);
  assert.ok(me && me.cpuTicks > 0 && me.rssKb > 1000, JSON.stringify(me));
  assert.ok(processTree([process.pid]).includes(process.pid));
  assert.equal(readProcUsage(2 ** 22 + 12345), null, 'a pid that does not exist');
});

test('status bar CPU colours: amber above 80 %, red above 95 %', () => {
  assert.equal(cpuHealth(79.9), 'ok');
  assert.equal(cpuHealth(85), 'warn');
  assert.equal(cpuHealth(96), 'bad');
});
