/**
 * A stand-in parent for the orphan tests: builds a ProcessRegistry (parent-death mode and pid folder
 * from argv), starts two real ffmpeg encoders through it, prints one JSON line with its own pid and
 * the children's, then idles until it is killed.
 *   node --import tsx test/helpers/registry-child.ts <pdeathsig|watchdog|none> <pidDir|->
 */
import { locateFfmpeg } from '../../media/ffmpeg/locate';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import type { ParentDeathMode } from '../../media/ffmpeg/parent-death';

const [mode, pidDir] = process.argv.slice(2) as [ParentDeathMode, string];
const processes = new ProcessRegistry({ parentDeath: mode, pidDir: pidDir === '-' ? undefined : pidDir });
const ffmpeg = locateFfmpeg().path;
const children = [1, 2].map((n) =>
  processes.spawn(`encoder-${n}`, ffmpeg, ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=5', '-f', 'null', '-'], { quitWith: 'q' }),
);
console.log(JSON.stringify({ pid: process.pid, children: children.map((c) => c.child.pid) }));
setInterval(() => {}, 60_000);
