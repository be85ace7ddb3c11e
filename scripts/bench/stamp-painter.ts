/**
 * `node --import tsx scripts/bench/stamp-painter.ts :N`: paints the millisecond clock stamp on display
 * :N (test/helpers/x11-stamp.ts) until it is told to stop. Its own process, so the bench's busy event
 * loop (Chromium driving, the studio's services) never makes a stamp late.
 */
import { STAMP } from '../../test/e2e/viewer-fixtures';
import { paintStamp } from '../../test/helpers/x11-stamp';

const display = process.argv[2];
if (!display) {
  console.error('usage: stamp-painter.ts :N');
  process.exit(2);
}
paintStamp(display, STAMP).then((p) => {
  const end = () => { p.stop(); process.exit(0); };
  process.on('SIGTERM', end);
  process.on('SIGINT', end);
  process.stdout.write('painting\n');
}, (err: Error) => {
  console.error(`cannot paint on ${display}: ${err.message}`);
  process.exit(1);
});
